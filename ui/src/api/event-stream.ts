/**
 * Server-sent events read with fetch rather than EventSource, which cannot send the bearer
 * token. Like EventSource it reconnects when the connection drops, sending the last event's id
 * (Last-Event-ID) so the server sends only what changed since; unlike it, it stops at the
 * stream's `end` event.
 */
import { authHeaders, request } from "./client.ts";

export interface StreamEvent {
  event: string;
  id?: string;
  data: unknown;
}

export interface StreamHandlers {
  onEvent(event: StreamEvent): void;
  /** Connected (true) or lost and retrying (false). */
  onConnection?(connected: boolean): void;
  /** A refusal (404, 401...) that retrying cannot mend. */
  onError?(error: unknown): void;
}

const RETRY_MS = 1000;

function parseFrame(frame: string): StreamEvent | undefined {
  let event = "message";
  let id: string | undefined;
  const data: string[] = [];
  for (const line of frame.split("\n")) {
    if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("id: ")) id = line.slice(4);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  if (data.length === 0) return undefined;
  return { event, ...(id === undefined ? {} : { id }), data: JSON.parse(data.join("\n")) };
}

/** Follows `path` until its `end` event or until `signal` aborts. */
export async function follow(path: string, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  let lastId: string | undefined;
  while (!signal.aborted) {
    let res: Response;
    try {
      const headers: Record<string, string> = { ...authHeaders(), accept: "text/event-stream" };
      if (lastId !== undefined) headers["last-event-id"] = lastId;
      res = await request(path, { headers, signal });
    } catch (error) {
      if (signal.aborted) return;
      if ((error as { status?: number }).status !== 0) return handlers.onError?.(error);
      handlers.onConnection?.(false);
      await wait(RETRY_MS, signal);
      continue;
    }
    handlers.onConnection?.(true);
    try {
      const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>).getReader();
      let buffered = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end = buffered.indexOf("\n\n");
        while (end >= 0) {
          const event = parseFrame(buffered.slice(0, end));
          buffered = buffered.slice(end + 2);
          end = buffered.indexOf("\n\n");
          if (!event) continue;
          if (event.id !== undefined) lastId = event.id;
          handlers.onEvent(event);
          if (event.event === "end") return;
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    // The connection closed before `end`: the server went away, or restarted.
    handlers.onConnection?.(false);
    await wait(RETRY_MS, signal);
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
