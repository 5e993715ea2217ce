/** Following a run as it goes: what `conveyor logs -f` and the streaming endpoints read, poll after poll, until it ends. */
import type { Engine } from "../engine/engine.ts";
import type { EngineEvent } from "../engine/events.ts";
import { isDriven } from "../engine/lease.ts";
import { Wakeup } from "../engine/wakeup.ts";
import { type MetadataStore, type RunRecord, type RunStatus, TERMINAL_RUN_STATUSES } from "../store/types.ts";

/**
 * Polling the store follows runs that other processes drive too; a run driven by an engine in
 * this process is read again as soon as the engine reports a change of it.
 */
const POLL_MS = 200;
/** How long a run may go without a live process driving it before a follower stops waiting. */
const UNDRIVEN_MS = 5000;

export interface Ending {
  status: RunStatus;
  /** "undriven": the run has not ended, but no process has driven it for UNDRIVEN_MS. */
  reason: "ended" | "undriven";
}

export type Followed<T> = { items: T[] } | { ending: Ending };

/** Where a followed run is read: the store (local or a server's), and the engine of this process, if it has one. */
export interface FollowSource {
  store: Pick<MetadataStore, "getRun">;
  engine?: Pick<Engine, "subscribe">;
}

/**
 * Yields what `read` finds new on each poll (possibly nothing, so a writer can keep the
 * connection alive), then how the run ended. Stops without an ending when the run is deleted,
 * or early when `signal` aborts: the client went away or the server is closing.
 */
export async function* followRun<T>(
  { store, engine }: FollowSource,
  runId: string,
  read: (run: RunRecord) => Promise<T[]>,
  signal?: AbortSignal,
): AsyncGenerator<Followed<T>> {
  const wake = new Wakeup();
  // Log lines reach the store in batches a little later than their events: those are polled for.
  const unsubscribe = engine?.subscribe((event) => {
    if (event.type !== "log" && runOf(event) === runId) wake.notify();
  });
  const onAbort = () => wake.notify();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    yield* poll(store, runId, read, wake, signal);
  } finally {
    unsubscribe?.();
    signal?.removeEventListener("abort", onAbort);
  }
}

function runOf(event: EngineEvent): string {
  return event.type === "run" ? event.run.id : event.task.runId;
}

async function* poll<T>(
  store: FollowSource["store"],
  runId: string,
  read: (run: RunRecord) => Promise<T[]>,
  wake: Wakeup,
  signal: AbortSignal | undefined,
): AsyncGenerator<Followed<T>> {
  let undrivenSince: number | undefined;
  while (!signal?.aborted) {
    const run = await store.getRun(runId);
    // Deleted while followed: there is nothing left to tell.
    if (!run) return;
    // Read after the status: what a run recorded before it ended is read before its end is told.
    yield { items: await read(run) };
    if (TERMINAL_RUN_STATUSES.includes(run.status)) {
      yield { ending: { status: run.status, reason: "ended" } };
      return;
    }
    undrivenSince = isDriven(run) ? undefined : (undrivenSince ?? Date.now());
    if (Date.now() - (undrivenSince ?? Date.now()) > UNDRIVEN_MS) {
      yield { ending: { status: run.status, reason: "undriven" } };
      return;
    }
    // Aborting ends the wait early; the loop's test then stops.
    await wake.wait(POLL_MS);
  }
}
