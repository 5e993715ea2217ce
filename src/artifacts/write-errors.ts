/**
 * Failures of writing artifact files that the machine causes, not Conveyor or the task: a folder
 * this user may not write, and a full disk. Each becomes a ConveyorError naming the folder and
 * the fix, instead of a bare `EACCES: permission denied, mkdir` or `ENOSPC: no space left on
 * device, write`. The `(CODE at path)` part is what `conveyor run`'s resume hint looks for.
 */
import { ConveyorError } from "../errors.ts";

/** `error` explained when it is one of those failures while writing under `folder`; otherwise `error` itself. */
export function explainWriteError(error: unknown, folder: string): unknown {
  const { code, path } = error as NodeJS.ErrnoException;
  const at = `(${code} at ${path ?? folder})`;
  if (code === "ENOSPC" || code === "EDQUOT") {
    const what = code === "ENOSPC" ? "the disk holding it is full" : "this user's disk quota on it is used up";
    return new ConveyorError(
      `cannot write to the artifact folder ${folder}: ${what} ${at}`,
      "free space on that disk; nothing half-written was kept, and `conveyor resume <run>` runs the task again",
      "disk_full",
    );
  }
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    const what = code === "EROFS" ? "is on a read-only filesystem" : "is not writable by this user";
    return new ConveyorError(
      `the artifact folder ${folder} ${what} ${at}`,
      code === "EROFS"
        ? "remount it read-write, or run in a project folder on a writable disk (set CONVEYOR_ROOT)"
        : `give this user write access (e.g. \`chmod -R u+w ${folder}\` as its owner), or run as the user who owns it`,
      "not_writable",
    );
  }
  return error;
}

/** Runs `write`, which writes under `folder`, explaining a full disk or a folder it may not write. */
export async function writing<T>(folder: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw explainWriteError(error, folder);
  }
}
