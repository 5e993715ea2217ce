/**
 * Live progress of a run. In a terminal: a block of task lines and a bar, redrawn in place
 * (a few lines of ANSI, rather than log-update, which needs Node 22). Elsewhere: one plain
 * line per change, for logs and CI.
 */
import pc from "picocolors";
import type { EngineEvent } from "../engine/events.ts";
import type { TaskRecord } from "../store/types.ts";
import { firstLine, statusText, taskDuration } from "./format.ts";

export interface Progress {
  /** The task names the run will show, to align columns (loop iterations add "[i]"). */
  expect(names: string[]): void;
  onEvent(event: EngineEvent): void;
  stop(): void;
}

const DONE = new Set(["succeeded", "cached", "failed", "skipped", "cancelled"]);

function taskLine(task: TaskRecord, width: number): string {
  const extra =
    task.status === "cached"
      ? pc.dim(" (outputs reused)")
      : task.status === "failed" || task.status === "skipped"
        ? pc.dim(` ${firstLine(task.error)}`)
        : task.status === "pending" && task.attempts > 0
          ? pc.yellow(` retry ${task.attempts + 1} after: ${firstLine(task.error)}`)
          : "";
  return `  ${task.name.padEnd(width)}  ${statusText(task.status).padEnd(22)} ${taskDuration(task).padStart(6)}${extra}`;
}

export class TerminalProgress implements Progress {
  private readonly tasks = new Map<string, TaskRecord>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream) {
    this.timer = setInterval(() => this.draw(), 100);
  }

  expect(): void {}

  onEvent(event: EngineEvent): void {
    if (event.type === "task") this.tasks.set(event.task.id, event.task);
  }

  private draw(): void {
    const rows = [...this.tasks.values()];
    const width = Math.min(40, Math.max(4, ...rows.map((t) => t.name.length)));
    const maxRows = Math.max(5, (this.out.rows ?? 30) - 4);
    const shown = rows.length > maxRows ? rows.filter((t) => !DONE.has(t.status) || t.status === "failed").slice(0, maxRows) : rows;
    const done = rows.filter((t) => DONE.has(t.status)).length;
    const barWidth = 30;
    const filled = rows.length ? Math.round((done / rows.length) * barWidth) : 0;
    const lines = shown.map((t) => taskLine(t, width));
    if (shown.length < rows.length) lines.push(pc.dim(`  … ${rows.length - shown.length} more tasks`));
    lines.push(`  ${pc.green("█".repeat(filled))}${pc.dim("░".repeat(barWidth - filled))} ${done}/${rows.length} tasks`);
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : "";
    this.out.write(`${up}\x1b[0J${lines.join("\n")}\n`);
    this.drawn = lines.length;
  }

  /** Draws the final state once; later calls do nothing, as output may follow the block by then. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.draw();
  }
}

export class PlainProgress implements Progress {
  private readonly last = new Map<string, string>();
  private width = 24;

  constructor(private readonly out: NodeJS.WritableStream) {}

  expect(names: string[]): void {
    this.width = Math.min(48, Math.max(this.width, ...names.map((n) => n.length + 4)));
  }

  onEvent(event: EngineEvent): void {
    if (event.type !== "task") return;
    const t = event.task;
    if (this.last.get(t.id) === t.status) return;
    this.last.set(t.id, t.status);
    const time = new Date().toISOString().slice(11, 19);
    this.out.write(`${time} ${taskLine(t, this.width).trimStart()}\n`);
  }

  stop(): void {}
}

export function createProgress(json: boolean): Progress | undefined {
  if (json) return undefined;
  return process.stdout.isTTY ? new TerminalProgress(process.stdout) : new PlainProgress(process.stdout);
}
