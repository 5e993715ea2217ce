/** Run ownership: one process drives a run; a dead owner's run can be taken over at once. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

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
