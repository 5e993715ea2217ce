/**
 * Streaming responses: server-sent events for browsers (EventSource), NDJSON for everything
 * else (curl, scripts). Each item is checked against its zod schema before it is written.
 */
import { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Ending, Followed } from "../inspect/follow-run.ts";

/** Proxies close connections that stay silent for a minute or so; a comment line every so often keeps them. */
const HEARTBEAT_MS = 15_000;

export type StreamFormat = "sse" | "ndjson";

export function streamFormat(request: FastifyRequest): StreamFormat {
  return (request.headers.accept ?? "").includes("text/event-stream") ? "sse" : "ndjson";
}

export interface StreamItem {
  /** The SSE event name (NDJSON lines carry their kind in the data). */
  event: string;
  /** The SSE event id, which EventSource sends back as Last-Event-ID when it reconnects. */
  id?: number;
  data: unknown;
}

function sseFrame(item: StreamItem): string {
  const id = item.id === undefined ? "" : `id: ${item.id}\n`;
  return `${id}event: ${item.event}\ndata: ${JSON.stringify(item.data)}\n\n`;
}

async function* frames<T>(
  format: StreamFormat,
  source: AsyncIterable<Followed<T>>,
  toItem: (value: T) => StreamItem,
  ending: (end: Ending) => StreamItem,
): AsyncGenerator<string> {
  // Sends the headers at once, and tells EventSource to reconnect after a second.
  if (format === "sse") yield "retry: 1000\n\n";
  let lastWrite = Date.now();
  for await (const step of source) {
    const items = "ending" in step ? [ending(step.ending)] : step.items.map(toItem);
    if (items.length > 0) {
      yield items.map((item) => (format === "sse" ? sseFrame(item) : `${JSON.stringify(item.data)}\n`)).join("");
      lastWrite = Date.now();
    } else if (format === "sse" && Date.now() - lastWrite > HEARTBEAT_MS) {
      yield ": keep-alive\n\n";
      lastWrite = Date.now();
    }
  }
}

/** Aborts when the client goes away or the server begins to close, whichever comes first. */
export function untilGone(reply: FastifyReply, closing: AbortSignal): AbortSignal {
  const gone = new AbortController();
  reply.raw.on("close", () => gone.abort());
  return AbortSignal.any([closing, gone.signal]);
}

export function sendStream<T>(
  reply: FastifyReply,
  format: StreamFormat,
  source: AsyncIterable<Followed<T>>,
  toItem: (value: T) => StreamItem,
  ending: (end: Ending) => StreamItem,
): FastifyReply {
  return reply
    .header("content-type", format === "sse" ? "text/event-stream; charset=utf-8" : "application/x-ndjson; charset=utf-8")
    .header("cache-control", "no-cache")
    .header("x-accel-buffering", "no")
    .send(Readable.from(frames(format, source, toItem, ending)));
}
