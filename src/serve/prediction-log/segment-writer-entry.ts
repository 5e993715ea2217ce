/** The writer thread's entry: writes each segment file it is sent (see segment-writer.ts). */
import { parentPort } from "node:worker_threads";
import { type PackedColumn, unpackColumns } from "./segment-message.ts";
import { writeSegmentFile } from "./segment-file.ts";

export interface WriteRequest {
  readonly id: number;
  readonly folder: string;
  readonly path: string;
  readonly columns: readonly PackedColumn[];
  readonly sortBy: string | undefined;
}

export type WriteReply = { readonly id: number; readonly size: number; readonly digest: string } | { readonly id: number; readonly error: string };

parentPort?.on("message", (request: WriteRequest) => {
  writeSegmentFile(request.folder, request.path, unpackColumns(request.columns), request.sortBy).then(
    (file): void => parentPort?.postMessage({ id: request.id, ...file } satisfies WriteReply),
    (error: unknown): void => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies WriteReply),
  );
});
