import { EXIT } from "./report.ts";

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once, as `conveyor run` does. */
export function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    let signals = 0;
    const onSignal = () => {
      signals += 1;
      if (signals === 1) resolve();
      else process.exit(EXIT.interrupted);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
