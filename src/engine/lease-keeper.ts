/**
 * The lease of the run a driver drives: taken before anything else, renewed while the run
 * goes on, released at the end if the run's last transition did not release it.
 */
import { ConveyorError } from "../errors.ts";
import type { MetadataStore, RunRecord } from "../store/types.ts";
import { isDeadLocalOwner } from "./lease.ts";

export class LeaseKeeper {
  private heartbeat: NodeJS.Timeout | undefined;
  /** The renewal under way, if any. */
  private beating: Promise<void> | undefined;

  constructor(
    private readonly store: MetadataStore,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /** Takes the run's lease, also from a dead process of this machine; returns the run. */
  async take(runId: string): Promise<RunRecord> {
    const { store, owner } = this;
    const taken = await store.acquireLease(runId, owner, this.leaseUntil());
    if (taken) return taken;
    const held = await store.getRun(runId);
    const holder = held?.leaseOwner;
    const retaken = holder && isDeadLocalOwner(holder) ? await store.acquireLease(runId, owner, this.leaseUntil(), [holder]) : undefined;
    if (retaken) return retaken;
    throw new ConveyorError(
      `run ${runId} is being executed by another process${holder ? ` (${holder})` : ""}`,
      "wait for it to finish, or stop it with `conveyor cancel`",
      "run_busy",
    );
  }

  /**
   * Renews the lease until `stop`. `onRenewed` sees the run as each renewal finds it (to
   * notice a cancellation another process asked for); `onError` gets a renewal that threw.
   */
  keep(runId: string, onRenewed: (run: RunRecord | undefined) => void, onError: (error: unknown) => void): void {
    this.heartbeat = setInterval(() => {
      this.beating = this.beat(runId, onRenewed, onError);
    }, Math.min(1000, this.leaseMs / 3));
  }

  /** Stops renewing; resolves once no renewal is under way. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.beating;
  }

  release(runId: string): Promise<void> {
    return this.store.releaseLease(runId, this.owner);
  }

  private leaseUntil(): Date {
    return new Date(Date.now() + this.leaseMs);
  }

  private async beat(runId: string, onRenewed: (run: RunRecord | undefined) => void, onError: (error: unknown) => void): Promise<void> {
    try {
      const { store, owner } = this;
      onRenewed((await store.acquireLease(runId, owner, this.leaseUntil())) ?? (await store.getRun(runId)));
    } catch (error) {
      onError(error);
    }
  }
}
