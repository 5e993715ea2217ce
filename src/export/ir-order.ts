/** The IR's tasks and loops in a stable order (by name), so an export of the same IR is the same text. */
import type { PipelineIR, TaskIR } from "../ir/schema.ts";

export const sortedNames = (record: Record<string, unknown>): string[] => Object.keys(record).sort();

/** Tasks of the top level (no loop, not an exit handler), of loop `loop`, or of the exit handler. */
export function tasksIn(ir: PipelineIR, where: { loop: string } | "top" | "exit"): [string, TaskIR][] {
  return sortedNames(ir.tasks)
    .map((name) => [name, ir.tasks[name] as TaskIR] as [string, TaskIR])
    .filter(([, t]) =>
      where === "exit" ? t.exitHandler === true : where === "top" ? t.loop === undefined && t.exitHandler !== true : t.loop === where.loop,
    );
}
