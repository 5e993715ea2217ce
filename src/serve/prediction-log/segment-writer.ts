/**
 * Segment files written on a thread of their own: building a Parquet file through DuckDB's
 * appender is synchronous work, tens of milliseconds for a segment of 100,000 rows, which on the
 * server's event loop would hold every request meanwhile. One writer thread per process, started
 * at the first segment; it never keeps the process alive, and one that dies is started again for
 * the next segment (the segments it was writing fail, and their rows are counted as lost).
 */
import type { Worker } from "node:worker_threads";
import { spawnWorker } from "../../ml/spawn-worker.ts";
import { siblingModule } from "../../sibling-module.ts";
import type { SegmentColumn, WrittenFile } from "./segment-file.ts";
import { packColumns } from "./segment-message.ts";
import type { WriteReply, WriteRequest } from "./segment-writer-entry.ts";

const ENTRY = siblingModule(import.meta.url, "./segment-writer-entry");

interface Waiting {
  resolve(file: WrittenFile): void;
  reject(error: Error): void;
}

let worker: Worker | undefined;
const waiting = new Map<number, Waiting>();
let nextId = 0;

function writer(): Worker {
  if (worker) return worker;
  const started = spawnWorker(ENTRY);
  started.unref();
  started.on("message", (reply: WriteReply) => {
    const call = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ("error" in reply) call?.reject(new Error(reply.error));
    else call?.resolve({ size: reply.size, digest: reply.digest });
  });
  const stopped = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
  };
  started.on("error", stopped);
  started.on("exit", (code) => stopped(new Error(`the prediction log's writer thread stopped (exit code ${code})`)));
  worker = started;
  return started;
}

/** writeSegmentFile, on the writer thread. */
export function writeSegmentFileOffThread(folder: string, path: string, columns: readonly SegmentColumn[], sortBy: string | undefined): Promise<WrittenFile> {
  const { packed, transfer } = packColumns(columns);
  const thread = writer();
  const id = nextId++;
  return new Promise<WrittenFile>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    // While a segment is being written, the thread keeps the process alive, as the write on the main thread did.
    thread.ref();
    thread.postMessage({ id, folder, path, columns: packed, sortBy } satisfies WriteRequest, transfer);
  }).finally(() => {
    if (waiting.size === 0) worker?.unref();
  });
}
