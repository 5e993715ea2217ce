/** A run's or a task's status, coloured the same everywhere (the DAG's nodes too). */
export function Status({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
