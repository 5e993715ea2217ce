import { randomUUID } from "node:crypto";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConveyorError } from "../errors.ts";
import { conveyorDir } from "../store/workspace.ts";
import { blobPath, exists, hashStaged, holds, placeCopy } from "./blob-file.ts";
import { corruptArtifact, digestHex, sha256File } from "./digest.ts";
import { StagingArea } from "./staging.ts";
import type { CollectableArtifactStore, StoredContent } from "./types.ts";
import { writing } from "./write-errors.ts";

/**
 * Content-addressed files under `<folder>/sha256/<2 hex>/<62 hex>`, the folder by default
 * `<root>/.conveyor/artifacts`, with per-attempt staging folders under `<root>/.conveyor/staging/`.
 * Staging sits inside the same `.conveyor` folder so moving a staged file into place is a rename
 * on one filesystem: atomic, so a blob path never holds a partly written file. (Another folder,
 * on another disk, gets a copy under a temporary name, renamed into place.)
 */
export class LocalArtifactStore implements CollectableArtifactStore {
  readonly #blobs: string;
  readonly #staging: StagingArea;

  constructor(root: string, folder = join(conveyorDir(root), "artifacts")) {
    this.#blobs = join(resolve(folder), "sha256");
    this.#staging = new StagingArea(root);
  }

  stagingDir(runId: string, taskName: string, attempt: number): Promise<string> {
    return this.#staging.dir(runId, taskName, attempt);
  }

  stagingPath(runId: string, taskName: string, attempt: number): string {
    return this.#staging.path(runId, taskName, attempt);
  }

  discardStaging(runId: string, attempt?: { taskName: string; number: number }): Promise<void> {
    return this.#staging.discard(runId, attempt);
  }

  /** The media type is not kept: the metadata store records it, and a file has no Content-Type. */
  async ingest(stagedFilePath: string, _options: { mediaType: string }): Promise<StoredContent> {
    const { hex, size } = await hashStaged(stagedFilePath);
    const blob = blobPath(this.#blobs, hex);
    // Missing, or present but damaged: the staged file is known-good content for this digest.
    if (!(await holds(blob, hex))) await writing(this.#blobs, () => placeCopy(stagedFilePath, blob));
    return { digest: `sha256:${hex}`, uri: pathToFileURL(blob).href, size };
  }

  async settle(stagedFilePath: string, uri: string): Promise<void> {
    const blob = this.localPath(uri);
    // Gone only if `conveyor gc` took it between ingest and the record: the staged copy restores it.
    if (!(await exists(blob))) await writing(this.#blobs, () => placeCopy(stagedFilePath, blob));
    await rm(stagedFilePath, { force: true });
  }

  async has(uri: string, size: number): Promise<boolean> {
    if (!uri.startsWith("file:")) return false;
    const found = await stat(fileURLToPath(uri)).catch(() => undefined);
    return found?.isFile() === true && found.size === size;
  }

  async open(uri: string, expectedDigest: string): Promise<string> {
    await this.verify(uri, expectedDigest);
    return this.localPath(uri);
  }

  async verify(uri: string, digest: string): Promise<void> {
    const expected = digestHex(digest);
    const path = this.localPath(uri);
    let actual: string;
    try {
      actual = (await sha256File(path)).hex;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw corruptArtifact("file", `artifact ${path} is missing (expected ${digest})`);
      throw error;
    }
    if (actual !== expected) {
      throw corruptArtifact("file", `artifact ${path} is corrupt: expected ${digest}, found sha256:${actual}`);
    }
  }

  /**
   * Deletes the content file at `uri` when it is one of this store's blobs and, once it is out
   * of the way, `referenced()` says no record needs it; false for anything else (a file
   * elsewhere was the user's before it was recorded), a file already gone, or content that a
   * run recorded again meanwhile, which is put back. With `settle`, which restores a blob
   * taken before its record, this keeps every recorded artifact's file whichever runs first.
   */
  async remove(uri: string, referenced: () => Promise<boolean>): Promise<boolean> {
    if (!uri.startsWith("file:")) return false;
    const path = fileURLToPath(uri);
    if (relative(this.#blobs, path).startsWith("..") || isAbsolute(relative(this.#blobs, path))) return false;
    const trash = join(dirname(path), `.${basename(path)}.${randomUUID()}.gc`);
    try {
      await rename(path, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
    // A `gc` running beside this one may have put the file back meanwhile (restoreSetAside):
    // then it stays, which is always safe, and a later gc removes it if nothing needs it.
    if (await referenced()) {
      await rename(trash, path).catch(ignoreMissing);
      return false;
    }
    return rm(trash).then(
      () => true,
      (error) => ignoreMissing(error) ?? false,
    );
  }

  /**
   * Puts back the files `remove` set aside and a `gc` stopped half-way left behind: dot-files
   * that `contents` skips, so nothing else would ever find them. Each becomes its blob again,
   * or is dropped when the blob exists; the gc that follows decides afresh whether the content
   * is needed. Returns how many it found.
   */
  async restoreSetAside(): Promise<number> {
    let found = 0;
    for (const prefix of await entries(this.#blobs)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await entries(join(this.#blobs, prefix))) {
        const setAside = /^\.([0-9a-f]{62})\.[0-9a-f-]{36}\.gc$/.exec(name);
        if (!setAside) continue;
        found += 1;
        const trash = join(this.#blobs, prefix, name);
        const blob = join(this.#blobs, prefix, setAside[1] as string);
        if (await exists(blob)) await rm(trash, { force: true });
        else await rename(trash, blob).catch(ignoreMissing);
      }
    }
    return found;
  }

  /**
   * Removes the temporary files (`.<hex>.<uuid>.tmp`) a writer stopped half-way (a killed run
   * or gc, a crash) left beside the blobs, which nothing else would ever find. Only those whose
   * inode last changed before `changedBefore` (ms since the epoch): a writer's own file is
   * linked or copied, made read-only and renamed within moments, each of which changes its
   * ctime (its mtime may be the staged file's, hours old), so given a cutoff well in the past
   * it is never taken from under it. Returns how many files and bytes went.
   */
  async removeStaleTemporaries(changedBefore: number): Promise<{ files: number; bytes: number }> {
    const removed = { files: 0, bytes: 0 };
    for (const prefix of await entries(this.#blobs)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of await entries(join(this.#blobs, prefix))) {
        if (!/^\.[0-9a-f]{62}\.[0-9a-f-]{36}\.tmp$/.test(name)) continue;
        const temp = join(this.#blobs, prefix, name);
        const found = await stat(temp).catch(ignoreMissing);
        if (!found || found.ctimeMs >= changedBefore) continue;
        await rm(temp, { force: true });
        removed.files += 1;
        removed.bytes += found.size;
      }
    }
    return removed;
  }

  async *contents(): AsyncIterable<StoredContent> {
    for (const prefix of await entries(this.#blobs)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      // Temporary (.tmp) and set-aside (.gc) files start with a dot: only whole blobs match.
      for (const rest of await entries(join(this.#blobs, prefix))) {
        if (!/^[0-9a-f]{62}$/.test(rest)) continue;
        const blob = join(this.#blobs, prefix, rest);
        const found = await stat(blob).catch(() => undefined);
        if (found?.isFile()) yield { digest: `sha256:${prefix}${rest}`, uri: pathToFileURL(blob).href, size: found.size };
      }
    }
  }

  localPath(uri: string): string {
    if (!uri.startsWith("file:")) {
      throw new ConveyorError(
        `artifact URI ${uri} does not name a local file`,
        "this artifact lives in another artifact store; run with the configuration that recorded it",
        "unsupported_uri",
      );
    }
    return fileURLToPath(uri);
  }
}

/** Swallows "no such file" (another process moved it first), rethrows anything else. */
function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  return undefined;
}

/** A folder's entry names, sorted; none when it does not exist. */
async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
