/**
 * How an attempt is stopped early: its timeout, a cancel, or failFast. Between two tasks of a
 * chain the engine's every step counts, so this costs a task that never looks at it next to
 * nothing: the task's AbortSignal is made only when something reads it, and waiting for the
 * attempt ends at the abort through a plain callback, not an event listener on the signal.
 */
export class AttemptAbort {
  private controller: AbortController | undefined;
  private stopWaiting: ((reason: unknown) => void) | undefined;
  aborted = false;
  reason: unknown;

  /** The task's `ctx.signal`, and what an executor listens to in order to stop the work. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    this.stopWaiting?.(reason);
  }

  /**
   * Settles as `work` does, or rejects with the abort's reason as soon as it aborts: a task
   * that ignores its signal still ends on time (its work goes on unobserved).
   */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.stopWaiting = reject;
      if (this.aborted) reject(this.reason);
      work.then(resolve, reject);
    });
  }
}
