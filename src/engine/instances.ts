/**
 * The run's task instances (store rows) seen through the IR: which rows a row waits for.
 * A loop is one row named after it; each body task has one row per item, "<task>[i]".
 */
import type { PipelineIR } from "../ir/schema.ts";
import type { TaskRecord } from "../store/types.ts";

export const OK_STATUSES = new Set(["succeeded", "cached"]);
const TERMINAL = new Set(["succeeded", "cached", "failed", "skipped", "cancelled"]);

export const isTerminal = (t: TaskRecord) => TERMINAL.has(t.status);
export const isOk = (t: TaskRecord) => OK_STATUSES.has(t.status);

export function iterationName(node: string, i: number): string {
  return `${node}[${i}]`;
}

/** Task and loop names in dependency order (upstream first), so runs list them as they flow. */
export function topologicalOrder(ir: PipelineIR): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of ir.loops[name]?.dependsOn ?? ir.tasks[name]?.dependsOn ?? []) visit(dep);
    order.push(name);
  };
  for (const name of [...Object.keys(ir.loops), ...Object.keys(ir.tasks)]) visit(name);
  return order;
}

/** The rows a run starts with: every task outside loops, and one row per loop. */
export function initialInstances(ir: PipelineIR): { name: string; node: string; iteration: null }[] {
  return topologicalOrder(ir)
    .filter((name) => name in ir.loops || ir.tasks[name]?.loop === undefined)
    .map((name) => ({ name, node: name, iteration: null }));
}

export type Readiness =
  | { state: "waiting" }
  | { state: "blocked"; reason: string }
  | { state: "ready" };

const WAITING: Readiness = { state: "waiting" };
const READY: Readiness = { state: "ready" };

/** The iteration rows of one loop body task, with running counts so readiness checks are O(1). */
interface IterationIndex {
  rows: TaskRecord[];
  unfinished: Set<string>;
  /** Iterations that failed or were cancelled, which block a fan-in. */
  bad: Map<string, TaskRecord>;
}

export class RunInstances {
  readonly byName = new Map<string, TaskRecord>();
  readonly byId = new Map<string, TaskRecord>();
  /** Pending rows in creation order: what each scheduling pass looks at. */
  private readonly pending = new Map<string, TaskRecord>();
  private readonly unfinishedNonExit = new Set<string>();
  private readonly iterationIndex = new Map<string, IterationIndex>();
  /**
   * Rows known to wait for an unfinished row, left out of the passes until that row ends; and
   * the rows that wait for each row. A pass looks at the rows that may be ready: without this
   * a chain of n tasks costs n² dependency checks, every pass looking at every waiting row.
   */
  private readonly parked = new Set<string>();
  private readonly waiters = new Map<string, string[]>();

  constructor(
    readonly ir: PipelineIR,
    rows: TaskRecord[],
  ) {
    for (const row of rows) this.set(row);
  }

  set(row: TaskRecord): void {
    this.byName.set(row.name, row);
    this.byId.set(row.id, row);
    if (row.status === "pending") this.pending.set(row.id, row);
    else this.pending.delete(row.id);
    if (isTerminal(row)) {
      for (const id of this.waiters.get(row.id) ?? []) this.parked.delete(id);
      this.waiters.delete(row.id);
    }
    if (!this.isExitHandler(row)) {
      if (isTerminal(row)) this.unfinishedNonExit.delete(row.id);
      else this.unfinishedNonExit.add(row.id);
    }
    if (row.iteration !== null) {
      let index = this.iterationIndex.get(row.node);
      if (!index) {
        index = { rows: [], unfinished: new Set(), bad: new Map() };
        this.iterationIndex.set(row.node, index);
      }
      index.rows[row.iteration] = row;
      if (isTerminal(row)) index.unfinished.delete(row.id);
      else index.unfinished.add(row.id);
      if (row.status === "failed" || row.status === "cancelled") index.bad.set(row.id, row);
      else index.bad.delete(row.id);
    }
  }

  all(): TaskRecord[] {
    return [...this.byName.values()];
  }

  /** Pending rows in creation order, but for those waiting for a row that has not ended. */
  pendingRows(): TaskRecord[] {
    const rows: TaskRecord[] = [];
    for (const row of this.pending.values()) if (!this.parked.has(row.id)) rows.push(row);
    return rows;
  }

  isLoop(row: TaskRecord): boolean {
    return row.node in this.ir.loops;
  }

  isExitHandler(row: TaskRecord): boolean {
    return this.ir.tasks[row.node]?.exitHandler === true;
  }

  /** The rows of body task `node` of a loop, in item order (empty until the loop expands). */
  iterations(node: string): TaskRecord[] {
    return this.iterationIndex.get(node)?.rows.filter((r) => r !== undefined) ?? [];
  }

  /** The row of task `node` that `row` reads from (same iteration inside a shared loop). */
  rowFor(node: string, row: TaskRecord): TaskRecord | undefined {
    const loop = this.ir.tasks[node]?.loop;
    const rowLoop = this.ir.tasks[row.node]?.loop;
    if (loop !== undefined && loop === rowLoop && row.iteration !== null) {
      return this.byName.get(iterationName(node, row.iteration));
    }
    return this.byName.get(node);
  }

  /** Whether `row` can start, must wait, or can never run (an upstream row did not succeed). */
  readiness(row: TaskRecord): Readiness {
    const ir = this.ir;
    const deps = ir.loops[row.node]?.dependsOn ?? ir.tasks[row.node]?.dependsOn ?? [];
    const rowLoop = ir.tasks[row.node]?.loop;
    for (const dep of deps) {
      const depLoop = ir.tasks[dep]?.loop;
      if (depLoop !== undefined && depLoop !== rowLoop) {
        // A body task read from outside its loop: wait for every iteration; skipped ones drop out.
        const loopRow = this.byName.get(depLoop);
        if (!loopRow) return WAITING;
        if (!isTerminal(loopRow)) return this.waitFor(row, loopRow);
        if (!isOk(loopRow)) return { state: "blocked", reason: `forEach "${depLoop}" was ${loopRow.status}` };
        const index = this.iterationIndex.get(dep);
        if (index && index.unfinished.size > 0) return WAITING;
        const bad = index?.bad.values().next().value;
        if (bad) return { state: "blocked", reason: `upstream task "${bad.name}" ${bad.status}` };
        continue;
      }
      const up = row.node in ir.loops ? this.byName.get(dep) : this.rowFor(dep, row);
      if (!up) return WAITING;
      if (!isTerminal(up)) return this.waitFor(row, up);
      if (!isOk(up)) return { state: "blocked", reason: `upstream task "${up.name}" ${up.status}` };
    }
    if (this.isExitHandler(row) && this.unfinishedNonExit.size > 0) return WAITING;
    return READY;
  }

  private waitFor(row: TaskRecord, up: TaskRecord): Readiness {
    this.parked.add(row.id);
    const waiting = this.waiters.get(up.id);
    if (waiting) waiting.push(row.id);
    else this.waiters.set(up.id, [row.id]);
    return WAITING;
  }
}
