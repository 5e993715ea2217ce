/**
 * The lease of the run a driver drives: taken before anything else, renewed while the run
 * goes on, released at the end if the run's last transition did not release it. Every write
 * of the drive names the lease taken here, and the store applies it only while the run's lease
 * is still that one; a renewal that fails means another process may drive the run now.
 */
import { ConveyorError } from "../errors.ts";
import type { Lease, MetadataStore, RunRecord } from "../store/types.ts";
import { takeLease } from "./lease.ts";

export class LeaseKeeper {
  private heartbeat: NodeJS.Timeout | undefined;
  /** The renewal under way, if any. */
  private beating: Promise<void> | undefined;
  private taken: Lease | undefined;
  /** Until when the lease surely holds, by this process's clock: the last renewal asked from before it was sent. */
  private heldUntil = 0;

  constructor(
    private readonly store: MetadataStore,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /** The lease taken by `take`. */
  get lease(): Lease {
    if (!this.taken) throw new Error("the run's lease was not taken yet");
    return this.taken;
  }

  /** Takes the run's lease, also from a dead process of this machine; returns the run. */
  async take(runId: string): Promise<RunRecord> {
    const asked = Date.now();
    const run = await takeLease(this.store, runId, this.owner, new Date(asked + this.leaseMs));
    if (!run) {
      const holder = (await this.store.getRun(runId))?.leaseOwner;
      throw new ConveyorError(
        `run ${runId} is being executed by another process${holder ? ` (${holder})` : ""}`,
        "wait for it to finish, or stop it with `conveyor cancel`",
        "run_busy",
      );
    }
    this.taken = { owner: this.owner, epoch: run.leaseEpoch };
    this.heldUntil = asked + this.leaseMs;
    return run;
  }

  /**
   * Renews the lease until `stop`. `onRenewed` sees the run as each renewal finds it (to
   * notice a cancellation another process asked for); `onFailed` gets the first renewal that
   * failed (the lease was lost, or the store did not answer), after which none is tried.
   */
  keep(runId: string, onRenewed: (run: RunRecord) => void, onFailed: (error: unknown) => void): void {
    this.heartbeat = setInterval(() => {
      this.beating = this.renew(runId).then(onRenewed, (error: unknown) => {
        clearInterval(this.heartbeat);
        onFailed(error);
      });
    }, Math.min(1000, this.leaseMs / 3));
  }

  /**
   * Resolves at once while the lease surely holds; after a stall longer than that (the event
   * loop held, the process stopped), only once a renewal confirms it. Throws what `renewLease`
   * throws when it was lost. For writes the store cannot fence.
   */
  async confirm(runId: string): Promise<void> {
    if (Date.now() < this.heldUntil) return;
    await this.renew(runId);
  }

  /** Stops renewing; resolves once no renewal is under way. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.beating?.catch(() => {});
  }

  async release(runId: string): Promise<void> {
    if (this.taken) await this.store.releaseLease(runId, this.taken);
  }

  private async renew(runId: string): Promise<RunRecord> {
    const asked = Date.now();
    const run = await this.store.renewLease(runId, this.lease, new Date(asked + this.leaseMs));
    this.heldUntil = Math.max(this.heldUntil, asked + this.leaseMs);
    return run;
  }
}
