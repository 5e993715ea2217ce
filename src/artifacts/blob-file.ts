/** Content files on this machine's disk, each named by its digest and written whole or not at all. */
import { randomUUID } from "node:crypto";
import { chmod, copyFile, link, mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConveyorError } from "../errors.ts";
import { sha256File } from "./digest.ts";

/** `<folder>/<2 hex>/<62 hex>`: the path of content `hex` in a folder of blobs. */
export function blobPath(folder: string, hex: string): string {
  return join(folder, hex.slice(0, 2), hex.slice(2));
}

/** A temporary name beside `blob`, a dot-file so listings of whole blobs skip it. */
export function temporaryPath(blob: string): string {
  return join(dirname(blob), `.${basename(blob)}.${randomUUID()}.tmp`);
}

/** Whether `blob` exists and holds content `hex` (hashed, so a damaged file is not mistaken for it). */
export async function holds(blob: string, hex: string): Promise<boolean> {
  try {
    return (await sha256File(blob)).hex === hex;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** The staged file's digest and size, or a clear error when the task did not write it. */
export async function hashStaged(path: string): Promise<{ hex: string; size: number }> {
  try {
    return await sha256File(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new ConveyorError(
      `output file ${path} does not exist`,
      "a task must write each output file inside its staging folder before it returns",
      "not_found",
    );
  }
}

/**
 * Puts the staged file's content at `blob` whole or not at all: a hard link (or, from another
 * filesystem, a copy) under a temporary name beside it, renamed into place. The staged file
 * stays, so the content can be put back until its record is committed (see `settle`).
 */
export async function placeCopy(staged: string, blob: string): Promise<void> {
  await mkdir(dirname(blob), { recursive: true });
  const temp = temporaryPath(blob);
  try {
    try {
      await link(staged, temp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      await copyFile(staged, temp);
    }
    await settleTemporary(temp, blob);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Makes the finished temporary file `temp` the blob. Tasks get blob paths as inputs; read-only
 * keeps one from editing a file other runs share.
 */
export async function settleTemporary(temp: string, blob: string): Promise<void> {
  await chmod(temp, 0o444);
  await rename(temp, blob);
}
