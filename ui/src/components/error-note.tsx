/** What went wrong, as the API said it: its message and what to do. */
import { ApiError } from "../api/client.ts";

export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="error-note" role="alert">
      {title && <strong>{title}: </strong>}
      {message}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}
