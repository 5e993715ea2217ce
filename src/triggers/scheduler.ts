/**
 * The scheduler: each pass notices the events of its triggers (due cron times, changed data,
 * a grown watermark) and records them, then starts the runs of pending events. Recording is
 * idempotent (an event's key is unique in the store) and starting is claimed (one conditional
 * update), so any number of schedulers on one store, restarted or killed at any point, start
 * each event's run once: a run carries its event's id as a tag, written with the run, so an
 * event claimed by a process that died after creating its run is ended with that run.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadPipelineFile } from "../compiler/pipeline-file.ts";
import type { Engine } from "../engine/engine.ts";
import { isDeadLocalOwner, isDriven, newOwnerId } from "../engine/lease.ts";
import { ConveyorError } from "../errors.ts";
import type { PipelineIR } from "../ir/schema.ts";
import type { Json } from "../json.ts";
import { TRIGGER_EVENT_TAG, TRIGGER_TAG, type TriggerEventRecord } from "../store/trigger-types.ts";
import type { MetadataStore, RunRecord } from "../store/types.ts";
import type { CheckFunction, CheckResult, Trigger } from "./definition.ts";
import { filesDigest } from "./files-digest.ts";
import { alertEvents, checkAlertTrigger, latestAlert } from "./monitor-alerts.ts";
import type { TriggerLog } from "./log.ts";
import { dueTicks } from "./ticks.ts";
import { readWatermark } from "./watermark.ts";
import { postWebhook } from "./webhook.ts";

export interface SchedulerConfig {
  store: MetadataStore;
  engine: Engine;
  /** Project root: pipeline files, data paths and check modules are relative to it. */
  root: string;
  triggers: Trigger[];
  log: TriggerLog;
  /** The time a pass takes as now; tests move it to replay a gap. */
  clock?: () => Date;
  /** How often the loop makes a pass (default 250 ms): the most an event waits to be noticed. */
  passMs?: number;
  /** How long a claim on an event lasts (default 60 s): another scheduler may take it after. */
  claimMs?: number;
  /** The first wait between a webhook's tries (default 500 ms). */
  webhookBackoffMs?: number;
}

interface Loaded {
  trigger: Trigger;
  ir: PipelineIR;
  check?: CheckFunction;
}

export class Scheduler {
  readonly owner = newOwnerId();
  readonly #config: SchedulerConfig;
  readonly #loaded = new Map<string, Loaded>();
  /** When a polled trigger (files, watermark) last looked. */
  readonly #polledAt = new Map<string, number>();
  readonly #runs = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly #alerts = new Set<Promise<unknown>>();
  #wake?: () => void;

  constructor(config: SchedulerConfig) {
    this.#config = config;
  }

  /** Loads every trigger's pipeline and check; a bad one is an error naming the trigger. */
  async load(): Promise<void> {
    for (const trigger of this.#config.triggers) {
      const ir = await this.#pipeline(trigger);
      const check = trigger.kind === "hybrid" ? await this.#check(trigger) : undefined;
      if (trigger.kind === "drift" || trigger.kind === "performance") await checkAlertTrigger(this.#config.store, trigger);
      this.#loaded.set(trigger.name, { trigger, ir, check });
    }
  }

  /** One pass: notice events, then start the runs of pending ones. Errors of one trigger are logged, never thrown. */
  async pass(): Promise<void> {
    const now = this.#now();
    for (const { trigger } of this.#loaded.values()) {
      try {
        await this.#notice(trigger, now);
      } catch (error) {
        this.#report(trigger, error);
      }
    }
    await this.#startPending();
  }

  /** Makes passes until `signal` aborts, then stops the runs it drives (they stay resumable) and waits for alerts. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#loaded.size === 0) await this.load();
    const passMs = this.#config.passMs ?? 250;
    while (!signal.aborted) {
      await this.pass();
      await new Promise<void>((done) => {
        const stop = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", stop);
          this.#wake = undefined;
          done();
        };
        const timer = setTimeout(stop, passMs);
        this.#wake = stop;
        signal.addEventListener("abort", stop, { once: true });
      });
    }
    await this.close();
  }

  /** Makes the running loop's next pass now (an event was just recorded in this process). */
  wake(): void {
    this.#wake?.();
  }

  /** Stops the runs this scheduler drives and waits for them and for alerts being sent. */
  async close(): Promise<void> {
    const runs = [...this.#runs.values()];
    for (const { controller } of runs) controller.abort();
    await Promise.all([...runs.map((r) => r.done), ...this.#alerts]);
  }

  /** Resolves when every run this scheduler started has ended (tests and the bench). */
  async settled(): Promise<void> {
    await Promise.all([...this.#runs.values()].map((r) => r.done));
  }

  #now(): Date {
    return this.#config.clock?.() ?? new Date();
  }

  async #pipeline(trigger: Trigger): Promise<PipelineIR> {
    const { pipeline } = trigger;
    if (typeof pipeline === "string") {
      try {
        return await loadPipelineFile(resolve(this.#config.root, pipeline), this.#config.root);
      } catch (error) {
        throw new ConveyorError(
          `trigger "${trigger.name}": its pipeline ${pipeline} failed to load: ${(error as Error).message}`,
          "give a pipeline module or compiled .json relative to the project root",
          "invalid_trigger",
        );
      }
    }
    const stored = await this.#config.store.getPipeline(pipeline.digest);
    if (!stored) {
      throw new ConveyorError(
        `trigger "${trigger.name}": no stored pipeline has digest ${pipeline.digest}`,
        "give the digest of a pipeline that has run on this store (`conveyor runs show <run>`), or a pipeline file",
        "invalid_trigger",
      );
    }
    return stored.ir as unknown as PipelineIR;
  }

  async #check(trigger: Extract<Trigger, { kind: "hybrid" }>): Promise<CheckFunction> {
    const { check } = trigger;
    if (typeof check === "function") return check;
    const module = (await import(pathToFileURL(resolve(this.#config.root, check.module)).href)) as Record<string, unknown>;
    const found = module[check.export];
    if (typeof found !== "function") {
      throw new ConveyorError(
        `trigger "${trigger.name}": ${check.module} exports no function "${check.export}"`,
        "export the check function, or name it with check.export",
        "invalid_trigger",
      );
    }
    return found as CheckFunction;
  }

  /** Records the trigger's new events, then advances its state; a lost race on the state is someone else's pass. */
  async #notice(trigger: Trigger, now: Date): Promise<void> {
    const { store } = this.#config;
    if (trigger.kind === "manual") return;
    if (trigger.kind === "files" || trigger.kind === "watermark") {
      const last = this.#polledAt.get(trigger.name);
      if (last !== undefined && now.getTime() - last < trigger.pollSeconds * 1000) return;
      this.#polledAt.set(trigger.name, now.getTime());
    }
    const state = await store.getTriggerState(trigger.name);
    const expected = state && { lastTick: state.lastTick, watermark: state.watermark };
    if (trigger.kind === "schedule" || trigger.kind === "hybrid") {
      // A new trigger starts from now: it has missed nothing.
      if (!state?.lastTick) return void (await store.compareAndSetTriggerState(trigger.name, expected, { lastTick: now, watermark: null }));
      const due = dueTicks(trigger.cron, trigger.timezone, trigger.catchUp, state.lastTick, now);
      for (const at of due.fire) {
        await store.recordTriggerEvent({
          trigger: trigger.name,
          key: `tick@${at.toISOString()}`,
          source: `schedule:${trigger.name}`,
          payload: { scheduledAt: at.toISOString() },
        });
      }
      if (due.dropped > 0) {
        this.#config.log.info({ trigger: trigger.name, dropped: due.dropped }, `trigger "${trigger.name}": ${due.dropped} missed times not fired (catch-up ${trigger.catchUp})`);
      }
      if (due.latest) await store.compareAndSetTriggerState(trigger.name, expected, { lastTick: due.latest, watermark: null });
      return;
    }
    if (trigger.kind === "files") {
      const { digest, files } = await filesDigest(this.#config.root, trigger.path);
      if (state && state.watermark !== digest) {
        await store.recordTriggerEvent({
          trigger: trigger.name,
          key: `data@${digest}`,
          source: `data:${trigger.name}@${digest}`,
          payload: { path: trigger.path, digest, files },
        });
      }
      if (state?.watermark !== digest) await store.compareAndSetTriggerState(trigger.name, expected, { lastTick: null, watermark: digest });
      return;
    }
    if (trigger.kind === "drift" || trigger.kind === "performance") {
      // A new trigger starts after the monitor's latest alert: it has missed nothing.
      const after = typeof state?.watermark === "number" ? state.watermark : undefined;
      if (after === undefined) return void (await store.compareAndSetTriggerState(trigger.name, expected, { lastTick: null, watermark: await latestAlert(store, trigger.monitor) }));
      const { events, last } = await alertEvents(store, trigger, after);
      for (const event of events) await store.recordTriggerEvent(event);
      if (last !== after) await store.compareAndSetTriggerState(trigger.name, expected, { lastTick: null, watermark: last });
      return;
    }
    const value = await readWatermark(trigger.name, this.#config.root, trigger.database, trigger.query);
    if (value === null) return;
    const previous = state?.watermark ?? null;
    const grown =
      trigger.growBy === undefined
        ? previous !== value
        : typeof value === "number" && (typeof previous !== "number" || value >= previous + trigger.growBy);
    // Without a previous value the first one is the baseline; with `growBy`, the watermark moves only when it fires.
    if (state && previous !== null && grown) {
      await store.recordTriggerEvent({
        trigger: trigger.name,
        key: `watermark@${value}`,
        source: `data:${trigger.name}@${value}`,
        payload: { watermark: value, previous },
      });
    }
    if (!state || previous === null || grown) await store.compareAndSetTriggerState(trigger.name, expected, { lastTick: null, watermark: value });
  }

  async #startPending(): Promise<void> {
    const { store } = this.#config;
    const events = [...(await store.listTriggerEvents({ status: "pending" })), ...(await store.listTriggerEvents({ status: "claimed" }))];
    for (const event of events) {
      const loaded = this.#loaded.get(event.trigger);
      // Another scheduler may hold the trigger's definition: the event waits for it.
      if (!loaded) continue;
      const stale = event.claimedBy && event.claimedBy !== this.owner && isDeadLocalOwner(event.claimedBy) ? [event.claimedBy] : [];
      const claimed = await store.claimTriggerEvent(event.id, this.owner, new Date(Date.now() + (this.#config.claimMs ?? 60_000)), stale);
      if (!claimed) continue;
      try {
        await this.#start(loaded, claimed);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await store.endTriggerEvent(claimed.id, this.owner, { status: "failed", reason });
        this.#report(loaded.trigger, error);
        this.#alert(loaded.trigger, { event: "failed", eventId: claimed.id, source: claimed.source, reason });
      }
    }
  }

  async #start({ trigger, ir, check }: Loaded, event: TriggerEventRecord): Promise<void> {
    const { store, engine } = this.#config;
    const end = (status: "fired" | "skipped" | "pending", extra: { runId?: string; reason?: string } = {}) =>
      store.endTriggerEvent(event.id, this.owner, { status, ...extra });

    // A process that died after creating the run left it tagged with this event.
    const existing = await store.findTriggeredRun(event.id);
    if (existing) return void (await end("fired", { runId: existing }));

    const last = trigger.cooldownSeconds > 0 ? await store.lastTriggerFire(trigger.name) : undefined;
    if (last && Date.now() - last.getTime() < trigger.cooldownSeconds * 1000) {
      const until = new Date(last.getTime() + trigger.cooldownSeconds * 1000).toISOString();
      return void (await end("skipped", { reason: `cooldown: the trigger fired at ${last.toISOString()}, its cooldown lasts until ${until}` }));
    }
    const active = await store.listActiveTriggerRuns(trigger.name);
    for (const run of active) if (this.#orphaned(run)) this.#resume(trigger, run);
    if (active.length >= trigger.maxActiveRuns) {
      return void (await end("pending"));
    }
    let params = this.#params(trigger, event);
    if (check) {
      const scheduledAt = new Date(typeof event.payload.scheduledAt === "string" ? event.payload.scheduledAt : event.createdAt);
      const answer: CheckResult = await check({ trigger: trigger.name, scheduledAt });
      const go = typeof answer === "boolean" ? answer : answer.run;
      if (!go) return void (await end("skipped", { reason: "its check answered not to run" }));
      if (typeof answer === "object") params = { ...params, ...answer.params };
    }
    const run = await engine.createRun(ir, params, {}, event.source, { tags: { [TRIGGER_TAG]: trigger.name, [TRIGGER_EVENT_TAG]: event.id } });
    await end("fired", { runId: run.id });
    this.#config.log.info({ trigger: trigger.name, run: run.id, source: event.source }, `trigger "${trigger.name}" started run ${run.id}`);
    this.#drive(trigger, run);
    this.#alert(trigger, { event: "fired", eventId: event.id, source: event.source, run: run.id });
  }

  /**
   * A run of a trigger that no live process drives: its scheduler stopped (kill -9) after
   * creating it. Left alone it would hold a place under maxActiveRuns for ever.
   */
  #orphaned(run: RunRecord): boolean {
    if (this.#runs.has(run.id) || isDriven(run)) return false;
    // A pending run without a lease may be one another scheduler has just created and is about to drive.
    return run.status === "running" || Date.now() - run.createdAt.getTime() > (this.#config.claimMs ?? 60_000);
  }

  #resume(trigger: Trigger, run: RunRecord): void {
    this.#config.log.info({ trigger: trigger.name, run: run.id }, `trigger "${trigger.name}": resuming run ${run.id}, which no process drives`);
    this.#drive(trigger, run);
  }

  #params(trigger: Trigger, event: TriggerEventRecord): Record<string, Json> {
    const params: Record<string, Json> = { ...trigger.params };
    for (const [param, field] of Object.entries(trigger.eventParams)) {
      const value = event.payload[field];
      if (value === undefined) {
        throw new ConveyorError(
          `trigger "${trigger.name}": its event (${event.source}) has no field "${field}" for parameter ${param}; it has ${Object.keys(event.payload).join(", ") || "no fields"}`,
          "map the parameter to a field the event carries (see docs/triggers.md)",
          "invalid_trigger",
        );
      }
      params[param] = value;
    }
    return params;
  }

  #drive(trigger: Trigger, run: RunRecord): void {
    const controller = new AbortController();
    const done = this.#config.engine
      .execute(run.id, controller.signal)
      .then(
        (ended) => {
          this.#config.log.info({ trigger: trigger.name, run: ended.id, status: ended.status }, `run ${ended.id} of trigger "${trigger.name}" ${ended.status}`);
          this.#alert(trigger, { event: "run-ended", run: ended.id, status: ended.status });
        },
        (error: unknown) => this.#report(trigger, error),
      )
      .finally(() => {
        this.#runs.delete(run.id);
        // A run ending frees a place under maxActiveRuns.
        this.wake();
      });
    this.#runs.set(run.id, { controller, done });
  }

  #alert(trigger: Trigger, body: Record<string, Json>): void {
    for (const target of trigger.webhooks) {
      const sending = postWebhook(target, { trigger: trigger.name, at: new Date().toISOString(), ...body }, this.#config.log, trigger.name, this.#config.webhookBackoffMs);
      this.#alerts.add(sending);
      void sending.finally(() => this.#alerts.delete(sending));
    }
  }

  #report(trigger: Trigger, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#config.log.error({ trigger: trigger.name, err: error }, message.includes(`"${trigger.name}"`) ? message : `trigger "${trigger.name}": ${message}`);
  }
}
