/** Writes a file all at once or not at all: a reader never sees half of it, a failure leaves no trace. */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConveyorError } from "../errors.ts";

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  // The temporary file sits beside the target: rename is atomic only within one file system.
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR") {
      throw new ConveyorError(`cannot write ${file} (${code})`, "check that its folder exists and is writable", "write_failed");
    }
    throw error;
  }
}
