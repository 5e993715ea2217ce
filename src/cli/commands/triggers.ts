/** `conveyor scheduler` and `conveyor triggers list|show|history|fire`. */
import type { Command } from "commander";
import { ConveyorError } from "../../errors.ts";
import type { TriggerEventRecord } from "../../store/trigger-types.ts";
import type { MetadataStore } from "../../store/types.ts";
import type { Trigger } from "../../triggers/definition.ts";
import { openContext, projectRoot, refuseRemote, withLocalStore } from "../context.ts";
import { table, timeText } from "../format.ts";
import { collect, keyValues } from "../key-values.ts";
import { positiveInt } from "./runs.ts";
import { stopSignal } from "../stop-signal.ts";

/** Loaded when a command runs, not when the CLI starts: most commands never need them. */
async function loadTriggers(file: string | undefined) {
  const { loadTriggers } = await import("../../triggers/load.ts");
  return loadTriggers(projectRoot(), file);
}

const TRIGGERS_OPTION = ["--triggers <file>", "the trigger definitions (.ts, .js or .json; default: triggers.ts, triggers.js or triggers.json in the project)"] as const;

function findTrigger(triggers: Trigger[], name: string, file: string): Trigger {
  const found = triggers.find((t) => t.name === name);
  if (!found) {
    throw new ConveyorError(`${file} defines no trigger "${name}"`, `its triggers: ${triggers.map((t) => t.name).join(", ") || "none"}`, "not_found");
  }
  return found;
}

/** What `list` and `show` say of a trigger beside its definition. */
async function triggerStatus(store: MetadataStore, trigger: Trigger) {
  const state = await store.getTriggerState(trigger.name);
  return {
    name: trigger.name,
    kind: trigger.kind,
    pipeline: trigger.pipeline,
    lastTick: state?.lastTick?.toISOString() ?? null,
    watermark: state?.watermark ?? null,
    lastFired: (await store.lastTriggerFire(trigger.name))?.toISOString() ?? null,
    activeRuns: (await store.listActiveTriggerRuns(trigger.name)).length,
  };
}

function eventJson(event: TriggerEventRecord) {
  return { ...event, claimExpiresAt: event.claimExpiresAt?.toISOString() ?? null, createdAt: event.createdAt.toISOString(), endedAt: event.endedAt?.toISOString() ?? null };
}

function eventRows(events: TriggerEventRecord[]): string {
  return table([
    ["EVENT", "SOURCE", "STATUS", "RUN", "RECORDED", "REASON"],
    ...events.map((e) => [e.id, e.source, e.status, e.runId ?? "", timeText(e.createdAt), e.reason ?? ""]),
  ]);
}

function print(json: boolean | undefined, value: unknown, text: () => string): void {
  const shown = json ? JSON.stringify(value, null, 2) : text();
  process.stdout.write(shown.endsWith("\n") ? shown : `${shown}\n`);
}

export function registerTriggers(program: Command): void {
  program
    .command("scheduler")
    .description("fire this project's triggers (schedules, new data, manual events) until Ctrl-C, starting their runs here")
    .option(...TRIGGERS_OPTION)
    .addHelpText(
      "after",
      `
Examples:
  conveyor scheduler
  conveyor scheduler --triggers triggers.json

Any number of schedulers may run on one store: each event starts its run once. Ctrl-C or
SIGTERM stops cleanly: the runs it drives are cancelled (\`conveyor resume <run>\` continues one).
See docs/triggers.md.`,
    )
    .action(async (opts: { triggers?: string }) => {
      refuseRemote("scheduler", "run the scheduler on this machine's store");
      const { file, triggers } = await loadTriggers(opts.triggers);
      const ctx = await openContext();
      try {
        const [{ default: pino }, { Scheduler }] = await Promise.all([import("pino"), import("../../triggers/scheduler.ts")]);
        const log = pino({ base: undefined }, pino.destination(2));
        const scheduler = new Scheduler({ store: ctx.store, engine: await ctx.engine(), root: ctx.root, triggers, log });
        await scheduler.load();
        log.info({ file, triggers: triggers.map((t) => t.name) }, `scheduler started with ${triggers.length} triggers from ${file}`);
        const controller = new AbortController();
        void stopSignal().then(() => controller.abort());
        await scheduler.run(controller.signal);
        log.info({}, "scheduler stopped");
      } finally {
        await ctx.close();
      }
    });

  const command = program.command("triggers").description("list a project's triggers and what they fired, and fire one by hand");

  command
    .command("list")
    .description("each trigger with its kind, pipeline, last time and watermark, last fire and active runs")
    .option(...TRIGGERS_OPTION)
    .option("--json", "print a JSON array")
    .addHelpText("after", "\nExamples:\n  conveyor triggers list\n  conveyor triggers list --triggers triggers.json --json")
    .action(async (opts: { triggers?: string; json?: boolean }) => {
      const { triggers } = await loadTriggers(opts.triggers);
      await withLocalStore(async ({ store }) => {
        const rows = await Promise.all(triggers.map((t) => triggerStatus(store, t)));
        print(opts.json, rows, () =>
          table([
            ["TRIGGER", "KIND", "PIPELINE", "LAST FIRED", "ACTIVE RUNS"],
            ...rows.map((r) => [r.name, r.kind, typeof r.pipeline === "string" ? r.pipeline : r.pipeline.digest, r.lastFired ?? "never", String(r.activeRuns)]),
          ]),
        );
      });
    });

  command
    .command("show")
    .description("a trigger's definition, state and latest events")
    .argument("<name>", "the trigger's name")
    .option(...TRIGGERS_OPTION)
    .option("--json", "print a JSON object")
    .addHelpText("after", "\nExamples:\n  conveyor triggers show nightly\n  conveyor triggers show new-files --json")
    .action(async (name: string, opts: { triggers?: string; json?: boolean }) => {
      const { file, triggers } = await loadTriggers(opts.triggers);
      const trigger = findTrigger(triggers, name, file);
      await withLocalStore(async ({ store }) => {
        const status = await triggerStatus(store, trigger);
        const events = await store.listTriggerEvents({ trigger: name, limit: 10 });
        const definition = { ...trigger, check: "check" in trigger && typeof trigger.check === "function" ? "(a function)" : (trigger as { check?: unknown }).check };
        print(opts.json, { ...status, definition, events: events.map(eventJson) }, () =>
          [
            `trigger ${name} (${trigger.kind}) from ${file}`,
            ...Object.entries(status).slice(2).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
            "",
            events.length > 0 ? eventRows(events) : "no events yet\n",
          ].join("\n"),
        );
      });
    });

  command
    .command("history")
    .description("the events a trigger saw, newest first: what fired, the run it started, what was skipped and why")
    .argument("<name>", "the trigger's name")
    .option("--limit <n>", "how many events", positiveInt, 50)
    .option("--json", "print a JSON array")
    .addHelpText("after", "\nExamples:\n  conveyor triggers history nightly\n  conveyor triggers history new-files --limit 10 --json")
    .action(async (name: string, opts: { limit: number; json?: boolean }) => {
      await withLocalStore(async ({ store }) => {
        const events = await store.listTriggerEvents({ trigger: name, limit: opts.limit });
        print(opts.json, events.map(eventJson), () => (events.length > 0 ? eventRows(events) : `no events of trigger "${name}"\n`));
      });
    });

  command
    .command("fire")
    .description("record a manual event for a trigger; a running `conveyor scheduler` starts its run")
    .argument("<name>", "the trigger's name")
    .option(...TRIGGERS_OPTION)
    .option("--field <name=value>", "a field of the event, for the trigger's eventParams (repeatable)", collect, [])
    .option("--json", "print the event as JSON")
    .addHelpText(
      "after",
      `
Examples:
  conveyor triggers fire retrain
  conveyor triggers fire retrain --field reason=hotfix`,
    )
    .action(async (name: string, opts: { triggers?: string; field: string[]; json?: boolean }) => {
      const { file, triggers } = await loadTriggers(opts.triggers);
      findTrigger(triggers, name, file);
      await withLocalStore(async ({ store }) => {
        const { fireTrigger } = await import("../../triggers/fire.ts");
        const event = await fireTrigger(store, name, { payload: keyValues("--field", opts.field) });
        print(opts.json, event && eventJson(event), () => `recorded event ${event?.id} of trigger ${name}: a running \`conveyor scheduler\` starts its run\n`);
      });
    });
}
