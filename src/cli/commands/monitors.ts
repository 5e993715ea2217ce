/** `conveyor monitors run|list|show|report`. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import type { MonitorRecord, MonitorWindowRecord } from "../../store/monitor-types.ts";
import type { MetadataStore } from "../../store/types.ts";
import { openContext, projectRoot, refuseRemote, withLocalStore } from "../context.ts";
import { table, timeText } from "../format.ts";
import { stopSignal } from "../stop-signal.ts";
import { writeFileAtomic } from "../write-atomic.ts";
import { positiveInt } from "./runs.ts";

function print(json: boolean | undefined, value: unknown, text: () => string): void {
  const shown = json ? JSON.stringify(value, null, 2) : text();
  process.stdout.write(shown.endsWith("\n") ? shown : `${shown}\n`);
}

const targetText = (m: MonitorRecord) => ("deployment" in m.target ? `deployment ${m.target.deployment}` : `model ${m.target.model}`);

function windowLine(w: MonitorWindowRecord): string[] {
  const verdicts =
    w.status === "notJudged"
      ? [`not judged: ${w.reason ?? ""}`]
      : [
          `drift share ${Number(w.driftShare.toFixed(3))}${w.drifted ? " (drifted)" : ""}`,
          w.driftDetected ? `DRIFT DETECTED (${w.streak} windows in a row)` : `streak ${w.streak}`,
          w.qualityPassed === false ? "quality failed" : "quality ok",
          w.performanceDropped === null ? "no performance" : w.performanceDropped ? "PERFORMANCE DROPPED" : "performance holds",
        ];
  return [`${w.monitor}@${w.seq}`, String(w.rows), timeText(w.from), verdicts.join(", ")];
}

const windowRows = (windows: MonitorWindowRecord[]) => table([["WINDOW", "ROWS", "FROM", "VERDICT"], ...windows.map(windowLine)]);

/** The monitors of a file, or the stored definition of the monitor of that name. */
async function monitorsOf(store: MetadataStore, target: string) {
  const root = projectRoot();
  if (existsSync(resolve(root, target))) return (await (await import("../../monitor/load.ts")).loadMonitors(root, target)).monitors;
  const stored = await store.getMonitor(target);
  if (!stored) {
    throw new ConveyorError(`"${target}" is neither a monitors file nor a monitor of ${store.location}`, "give a .ts, .js or .json file defining monitors (see docs/monitoring.md), or the name of a monitor run before", "not_found");
  }
  return [(await import("../../monitor/definition.ts")).parseMonitor(stored.definition, `monitor "${target}" as stored`)];
}

/** Parsed in the action, not by commander: the duration parser is the compiler's, which `--help` does not load. */
async function intervalMs(option: string, value: string): Promise<number> {
  const { durationMs } = await import("../../compiler/duration.ts");
  const ms = durationMs(value, option);
  if (ms > 0) return ms;
  throw new ConveyorError(`${value} is no interval`, 'give one such as "30s", "1m" or "1h"', "invalid_param");
}

export function registerMonitors(program: Command): void {
  const command = program.command("monitors").description("watch deployed models for drift, data quality and performance, and read the reports");

  command
    .command("run")
    .description("judge the windows of the prediction log not judged yet, once or every interval")
    .argument("<file|name>", "a monitors file (.ts, .js or .json), or the name of a monitor run before")
    .option("--once", "judge the complete windows there are, then exit (the default)")
    .option("--every <duration>", "run again every interval (30s, 1m, 1h) until Ctrl-C")
    .option("--settle <duration>", "how long after a window's last row to wait for rows still in servers' buffers", "15s")
    .option("--json", "print the windows judged as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor monitors run monitors.ts
  conveyor monitors run churn-watch --once --json
  conveyor monitors run monitors.json --every 1m

Each window is judged once, whoever runs it: running again judges only new windows. A window
with too few rows is reported "not judged". See docs/monitoring.md.`,
    )
    .action(async (target: string, opts: { once?: boolean; every?: string; settle: string; json?: boolean }) => {
      refuseRemote("monitors run", "run monitors on this machine's store and prediction log");
      if (opts.once && opts.every !== undefined) throw new ConveyorError("--once and --every both given", "give one: --once judges what there is and exits, --every repeats", "invalid_param");
      const everyMs = opts.every === undefined ? undefined : await intervalMs("--every", opts.every);
      const settleMs = await intervalMs("--settle", opts.settle);
      const ctx = await openContext();
      try {
        const monitors = await monitorsOf(ctx.store, target);
        const { runMonitors } = await import("../../monitor/run-monitors.ts");
        const controller = new AbortController();
        if (everyMs !== undefined) void stopSignal().then(() => controller.abort());
        const windows = await runMonitors({ store: ctx.store, artifacts: ctx.artifacts, root: ctx.root, settleMs }, monitors, {
          ...(everyMs !== undefined && { everyMs, signal: controller.signal }),
          onWindow: (w) => {
            if (!opts.json) process.stdout.write(`${windowLine(w).join("  ")}\n`);
          },
          onError: (name, error) => process.stderr.write(`monitor ${name}: ${(error as Error).message}\n`),
        });
        if (opts.json) print(true, windows, () => "");
        else if (windows.length === 0) process.stdout.write(`no new complete window for ${monitors.map((m) => m.name).join(", ")}\n`);
      } finally {
        await ctx.close();
      }
    });

  command
    .command("list")
    .description("each monitor with its target, last window and drift streak")
    .option("--json", "print a JSON array")
    .addHelpText("after", "\nExamples:\n  conveyor monitors list\n  conveyor monitors list --json")
    .action(async (opts: { json?: boolean }) => {
      refuseRemote("monitors list", "read this machine's monitors");
      await withLocalStore(async ({ store }) => {
        const monitors = await store.listMonitors();
        print(opts.json, monitors, () =>
          monitors.length === 0
            ? "no monitors yet: `conveyor monitors run <file>` records them\n"
            : table([["MONITOR", "TARGET", "LAST WINDOW", "UPDATED"], ...monitors.map((m) => [m.name, targetText(m), m.lastSeq === null ? "none" : `${m.name}@${m.lastSeq}`, timeText(m.updatedAt)])]),
        );
      });
    });

  command
    .command("show")
    .description("a monitor's definition, its latest windows and the figures it records")
    .argument("<name>", "the monitor's name")
    .option("--limit <n>", "how many windows", positiveInt, 10)
    .option("--figure <name>", "instead, one figure's value in each window (driftShare, drift.<column>, performance.<metric>, ...)")
    .option("--json", "print a JSON object")
    .addHelpText("after", "\nExamples:\n  conveyor monitors show churn-watch\n  conveyor monitors show churn-watch --limit 50 --json\n  conveyor monitors show churn-watch --figure driftShare")
    .action(async (name: string, opts: { limit: number; figure?: string; json?: boolean }) => {
      refuseRemote("monitors show", "read this machine's monitors (or GET /api/v1/monitors/<name> from the server)");
      await withLocalStore(async ({ store }) => {
        const monitor = await store.getMonitor(name);
        if (!monitor) throw new ConveyorError(`no monitor "${name}" in ${store.location}`, "`conveyor monitors list` lists them", "not_found");
        if (opts.figure !== undefined) {
          const history = await store.monitorMetricHistory(name, opts.figure);
          if (history.length === 0) {
            const names = await store.monitorMetricNames(name);
            throw new ConveyorError(`monitor "${name}" recorded no figure "${opts.figure}"`, `its figures: ${names.join(", ") || "none yet"}`, "not_found");
          }
          print(opts.json, history, () => table([["WINDOW", opts.figure!.toUpperCase(), "RECORDED"], ...history.map((p) => [`${name}@${p.seq}`, String(Number(p.value.toPrecision(6))), timeText(p.time)])]));
          return;
        }
        const windows = await store.listMonitorWindows(name, { limit: opts.limit });
        const figures = await store.monitorMetricNames(name);
        print(opts.json, { ...monitor, windows, figures }, () =>
          [`monitor ${name}: ${targetText(monitor)}, ${monitor.lastSeq ?? 0} windows judged`, "", windows.length > 0 ? windowRows(windows) : "no windows yet\n", `figures: ${figures.join(", ")}`].join("\n"),
        );
      });
    });

  command
    .command("report")
    .description("a window's report: JSON, or the self-contained HTML page")
    .argument("<window>", "<monitor>@<number>, or the window's id")
    .option("--html", "the HTML page instead of JSON")
    .option("-o, --output <file>", "write it to a file instead of stdout")
    .addHelpText("after", "\nExamples:\n  conveyor monitors report churn-watch@3\n  conveyor monitors report churn-watch@3 --html -o report.html")
    .action(async (reference: string, opts: { html?: boolean; output?: string }) => {
      refuseRemote("monitors report", "read this machine's reports (or GET /api/v1/monitors/<name>/windows/<n>/report from the server)");
      await withLocalStore(async ({ store, artifacts }) => {
        const { findWindow, readReport } = await import("../../monitor/read-windows.ts");
        const text = await readReport(store, artifacts, await findWindow(store, reference), opts.html ? "html" : "json");
        if (opts.output) {
          await writeFileAtomic(resolve(opts.output), text);
          process.stdout.write(`wrote ${opts.output}\n`);
        } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
      });
    });
}
