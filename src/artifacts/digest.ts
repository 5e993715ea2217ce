import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { ConveyorError } from "../errors.ts";

const DIGEST = /^sha256:([0-9a-f]{64})$/;

/** Streams the file, so artifacts of any size hash in constant memory. */
export async function sha256File(path: string): Promise<{ hex: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hex: hash.digest("hex"), size };
}

/** The hex part of a "sha256:<hex>" digest. */
export function digestHex(digest: string): string {
  const hex = DIGEST.exec(digest)?.[1];
  if (hex === undefined) {
    throw new ConveyorError(
      `"${digest}" is not an artifact digest`,
      'artifact digests look like "sha256:" followed by 64 lowercase hex characters',
      "invalid_digest",
    );
  }
  return hex;
}

/** Content that is missing or no longer matches its recorded digest, in a file or an object store's object. */
export function corruptArtifact(kind: "file" | "object", message: string): ConveyorError {
  return new ConveyorError(
    message,
    `the ${kind} was changed or deleted after Conveyor recorded it: delete it and run the pipeline again with --no-cache, so the task that made it writes it again`,
    "corrupt_artifact",
  );
}
