/**
 * Transitions gathered during one scheduling pass and committed in one transaction: the
 * success of a task and the start of the tasks it unblocks, or a hundred completions of a
 * fan-out, cost one commit instead of one each. Nothing staged is acted on before it commits.
 */
import type { RunUpdate, TaskUpdate, TransitionEffects } from "../store/types.ts";

export interface StagedEffects {
  startAttempt?: NonNullable<TransitionEffects["startAttempts"]>[number];
  finishAttempt?: NonNullable<TransitionEffects["finishAttempts"]>[number];
  lineage?: NonNullable<TransitionEffects["lineage"]>;
}

export class TransitionBatch {
  readonly updates = new Map<string, TaskUpdate>();
  /** The run's own change, if any: a run starts running in the transaction that starts its first tasks. */
  run: RunUpdate | undefined;
  private readonly startAttempts: NonNullable<TransitionEffects["startAttempts"]> = [];
  private readonly finishAttempts: NonNullable<TransitionEffects["finishAttempts"]> = [];
  private readonly lineage: NonNullable<TransitionEffects["lineage"]> = [];

  get empty(): boolean {
    return this.updates.size === 0 && this.finishAttempts.length === 0 && this.lineage.length === 0 && this.run === undefined;
  }

  /** Adds an update (merged with an earlier one of the same task); returns the index of a started attempt. */
  add(update: TaskUpdate, effects: StagedEffects = {}): number | undefined {
    this.updates.set(update.taskId, { ...this.updates.get(update.taskId), ...update });
    if (effects.finishAttempt) this.finishAttempts.push(effects.finishAttempt);
    if (effects.lineage) this.lineage.push(...effects.lineage);
    if (!effects.startAttempt) return undefined;
    this.startAttempts.push(effects.startAttempt);
    return this.startAttempts.length - 1;
  }

  effects(): TransitionEffects {
    return { startAttempts: this.startAttempts, finishAttempts: this.finishAttempts, lineage: this.lineage };
  }
}
