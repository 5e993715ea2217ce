/** Run ownership: one process drives a run; a dead owner's run can be taken over at once. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { MetadataStore, RunRecord } from "../store/types.ts";

export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** True when `owner` names a process on this host that no longer exists. */
export function isDeadLocalOwner(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Takes the run's lease for `owner` when no live process holds it: free, expired, or held by a
 * process of this machine that is dead. Returns the run, or undefined when a live one drives it.
 */
export async function takeLease(store: MetadataStore, runId: string, owner: string, expiresAt: Date): Promise<RunRecord | undefined> {
  const taken = await store.acquireLease(runId, owner, expiresAt);
  if (taken) return taken;
  const holder = (await store.getRun(runId))?.leaseOwner;
  return holder && isDeadLocalOwner(holder) ? store.acquireLease(runId, owner, expiresAt, [holder]) : undefined;
}

/**
 * True when a live process drives the run: it holds the run's lease, not expired, and is not
 * a process of this machine known to be dead. Otherwise `conveyor resume` may take the run
 * over, and `conveyor cancel` ends it itself.
 */
export function isDriven(run: Pick<RunRecord, "leaseOwner" | "leaseExpiresAt">): boolean {
  return run.leaseOwner !== null && run.leaseExpiresAt !== null && run.leaseExpiresAt > new Date() && !isDeadLocalOwner(run.leaseOwner);
}
