import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join, sep } from "node:path";
import { ConveyorError } from "../errors.ts";
import { conveyorDir } from "../store/workspace.ts";
import { writing } from "./write-errors.ts";

/**
 * Per-attempt folders under `<root>/.conveyor/staging/` where tasks write their outputs before
 * they are ingested. Every artifact store stages on this machine's disk: a task writes files,
 * whichever store keeps them afterwards.
 */
export class StagingArea {
  readonly folder: string;

  constructor(root: string) {
    this.folder = join(conveyorDir(root), "staging");
  }

  async dir(runId: string, taskName: string, attempt: number): Promise<string> {
    const dir = this.path(runId, taskName, attempt);
    await writing(this.folder, () => mkdir(dir, { recursive: true }));
    return dir;
  }

  path(runId: string, taskName: string, attempt: number): string {
    // Each segment is one path component (pathSegment encodes separators and refuses dot
    // names), so there is nothing for join to normalise: every task's start asks for this.
    return `${this.folder}${sep}${pathSegment(runId)}${sep}${pathSegment(taskName)}${sep}${attempt}`;
  }

  async discard(runId: string, attempt?: { taskName: string; number: number }): Promise<void> {
    const dir = attempt ? this.path(runId, attempt.taskName, attempt.number) : join(this.folder, pathSegment(runId));
    // Most attempts never have a staging folder: a stat costs them far less than a removal,
    // which goes through the thread pool even for nothing.
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
  }
}

/** Run ids and task names become folder names; encoding keeps `/` and `..` from escaping staging. */
function pathSegment(name: string): string {
  const segment = encodeURIComponent(name);
  if (segment === "" || segment === "." || segment === "..") {
    throw new ConveyorError(
      `"${name}" cannot name a staging folder`,
      "give tasks names made of letters, digits, '-' and '_'",
      "invalid_name",
    );
  }
  return segment;
}
