/**
 * A check run every `ms` milliseconds, never two at once (a slow check skips the ticks that
 * fall while it runs), that does not keep the process alive: how an endpoint follows the store.
 */
export class Poll {
  readonly #timer: NodeJS.Timeout;
  #running: Promise<void> | undefined;

  constructor(check: () => Promise<void>, ms: number) {
    this.#timer = setInterval(() => {
      this.#running ??= check().finally(() => {
        this.#running = undefined;
      });
    }, ms);
    this.#timer.unref();
  }

  /** Stops polling; resolves once a check under way has ended. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
