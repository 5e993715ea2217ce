/**
 * Runs monitors from code or the CLI: once (every complete window not judged yet, then return),
 * or every `everyMs` until the signal aborts. Run repeatedly, one monitor's failure (its
 * deployment deleted, its reference gone) is reported and the others go on; run once, it is thrown.
 * The definitions and the drift code load on the first call, not with the package.
 */
import type { MonitorWindowRecord } from "../store/monitor-types.ts";
import type { MonitorInput } from "./definition.ts";
import type { MonitorRunContext } from "./run-monitor.ts";

export interface RunMonitorsOptions {
  /** Run again this often until `signal` aborts; once when left out. */
  everyMs?: number;
  signal?: AbortSignal;
  /** Each window recorded. */
  onWindow?: (window: MonitorWindowRecord) => void;
  /** A monitor's failure when running repeatedly. */
  onError?: (monitor: string, error: unknown) => void;
}

export async function runMonitors(context: MonitorRunContext, inputs: readonly MonitorInput[], options: RunMonitorsOptions = {}): Promise<MonitorWindowRecord[]> {
  const [{ parseMonitors }, { runMonitor }] = await Promise.all([import("./definition.ts"), import("./run-monitor.ts")]);
  const monitors = parseMonitors([...inputs], "runMonitors");
  const recorded: MonitorWindowRecord[] = [];
  for (;;) {
    for (const monitor of monitors) {
      try {
        for (const window of await runMonitor(context, monitor)) {
          recorded.push(window);
          options.onWindow?.(window);
        }
      } catch (error) {
        if (options.everyMs === undefined || !options.onError) throw error;
        options.onError(monitor.name, error);
      }
    }
    if (options.everyMs === undefined || options.signal?.aborted) return recorded;
    await pause(options.everyMs, options.signal);
    if (options.signal?.aborted) return recorded;
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
