/** Following a run as it goes: what the streaming endpoints read, poll after poll, until it ends. */
import { setTimeout as sleep } from "node:timers/promises";
import { isDeadLocalOwner } from "../engine/lease.ts";
import { type MetadataStore, type RunRecord, type RunStatus, TERMINAL_RUN_STATUSES } from "../store/types.ts";

/** Polling the store, not the engine's events, follows runs that other processes drive too. */
const POLL_MS = 200;
/** How long a run may go without a live process driving it before a follower stops waiting. */
const UNDRIVEN_MS = 5000;

export interface Ending {
  status: RunStatus;
  /** "undriven": the run has not ended, but no process has driven it for UNDRIVEN_MS. */
  reason: "ended" | "undriven";
}

export type Followed<T> = { items: T[] } | { ending: Ending };

/** True when a live process holds the run's lease (the engine's own test before cancelling). */
function driven(run: RunRecord): boolean {
  return run.leaseOwner !== null && run.leaseExpiresAt !== null && run.leaseExpiresAt > new Date() && !isDeadLocalOwner(run.leaseOwner);
}

/**
 * Yields what `read` finds new on each poll (possibly nothing, so a writer can keep the
 * connection alive), then how the run ended. Stops early, without an ending, when `signal`
 * aborts: the client went away or the server is closing.
 */
export async function* followRun<T>(
  store: MetadataStore,
  runId: string,
  signal: AbortSignal,
  read: (run: RunRecord) => Promise<T[]>,
): AsyncGenerator<Followed<T>> {
  let undrivenSince: number | undefined;
  while (!signal.aborted) {
    const run = await store.getRun(runId);
    // Deleted while followed: there is nothing left to tell.
    if (!run) return;
    // Read after the status: what a run recorded before it ended is read before its end is told.
    yield { items: await read(run) };
    if (TERMINAL_RUN_STATUSES.includes(run.status)) {
      yield { ending: { status: run.status, reason: "ended" } };
      return;
    }
    undrivenSince = driven(run) ? undefined : (undrivenSince ?? Date.now());
    if (Date.now() - (undrivenSince ?? Date.now()) > UNDRIVEN_MS) {
      yield { ending: { status: run.status, reason: "undriven" } };
      return;
    }
    // Aborting ends the wait early; the loop's test then stops.
    await sleep(POLL_MS, undefined, { signal }).catch(() => {});
  }
}
