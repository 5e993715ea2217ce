import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { conveyorDir } from "../store/workspace.ts";
import { blobPath, holds, placeCopy, settleTemporary, temporaryPath } from "./blob-file.ts";
import { corruptArtifact } from "./digest.ts";
import { writing } from "./write-errors.ts";

/**
 * This machine's copies of a remote store's content, under `<root>/.conveyor/cache/sha256/`,
 * by digest: tasks read local files, so content is fetched once, checked against its digest
 * as it arrives, and read from here afterwards (checked again, as a local store's files are).
 */
export class ContentCache {
  readonly #folder: string;

  constructor(root: string) {
    this.#folder = join(conveyorDir(root), "cache", "sha256");
  }

  path(hex: string): string {
    return blobPath(this.#folder, hex);
  }

  /**
   * The path of content `hex`, fetched with `download` unless an intact copy is here already.
   * Content that does not hash to `hex` is never kept: a corrupt_artifact error names `source`.
   */
  async fetch(hex: string, source: string, download: () => Promise<AsyncIterable<Uint8Array> | undefined>): Promise<string> {
    const path = this.path(hex);
    if (await holds(path, hex)) return path;
    const body = await download();
    if (body === undefined) throw corruptArtifact("object", `artifact ${source} is missing (expected sha256:${hex})`);
    const temp = temporaryPath(path);
    const hash = createHash("sha256");
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await writing(this.#folder, () => mkdir(dirname(path), { recursive: true }));
    try {
      await writing(this.#folder, () => pipeline(body, hashing, createWriteStream(temp)));
      const actual = hash.digest("hex");
      if (actual !== hex) throw corruptArtifact("object", `artifact ${source} is corrupt: expected sha256:${hex}, found sha256:${actual}`);
      await settleTemporary(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
    return path;
  }

  /** Keeps a copy of content this machine just stored, so its readers here need not fetch it. */
  async keep(staged: string, hex: string): Promise<void> {
    const path = this.path(hex);
    if (!(await holds(path, hex))) await writing(this.#folder, () => placeCopy(staged, path));
  }

  /** Drops the copy of content the store no longer holds. */
  async forget(hex: string): Promise<void> {
    await rm(this.path(hex), { force: true });
  }
}
