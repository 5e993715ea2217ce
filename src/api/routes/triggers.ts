/**
 * Triggers: what a trigger saw and fired, and recording an event for it (a manual fire, or a
 * monitor's), which a running `conveyor scheduler` on the same store starts. The definitions
 * live in the project's triggers file, which the scheduler reads, not the server.
 */
import { ConveyorError } from "../../errors.ts";
import { fireTrigger } from "../../triggers/fire.ts";
import { nextScheduledFire } from "../../triggers/next-fire.ts";
import { type Api, API, type ApiContext } from "../context.ts";
import { errorResponses } from "../schemas/common.ts";
import { NewTriggerEvent, TriggerEvent, TriggerEventQuery, TriggerParams, TriggerState, TriggerSummary } from "../schemas/triggers.ts";

export function triggerRoutes(app: Api, { store, roots }: ApiContext): void {
  app.get(
    `${API}/triggers`,
    {
      schema: {
        summary: "The project's triggers (its triggers file, read on each request) with their next scheduled fire and what they did",
        description: "404 when the project has no triggers file; 400 when it does not parse.",
        tags: ["triggers"],
        response: { 200: TriggerSummary.array(), ...errorResponses(404) },
      },
    },
    async () => {
      // The scheduler reads the file, not the server: loaded only when asked, like the CLI's `triggers list`.
      const { loadTriggers } = await import("../../triggers/load.ts");
      const { triggers } = await loadTriggers(roots[0] as string);
      const now = new Date();
      return Promise.all(
        triggers.map(async (t) => {
          const [state, lastFired, active] = await Promise.all([store.getTriggerState(t.name), store.lastTriggerFire(t.name), store.listActiveTriggerRuns(t.name)]);
          const scheduled = t.kind === "schedule" || t.kind === "hybrid";
          return {
            name: t.name,
            kind: t.kind,
            pipeline: typeof t.pipeline === "string" ? t.pipeline : t.pipeline.digest,
            schedule: scheduled ? { cron: t.cron, timezone: t.timezone, catchUp: t.catchUp } : null,
            pollSeconds: t.kind === "files" || t.kind === "watermark" ? t.pollSeconds : null,
            nextFire: nextScheduledFire(t, now),
            lastTick: state?.lastTick ?? null,
            watermark: state?.watermark ?? null,
            lastFired: lastFired ?? null,
            activeRuns: active.length,
          };
        }),
      );
    },
  );

  app.get(
    `${API}/triggers/:trigger`,
    {
      schema: {
        summary: "A trigger's state: its latest handled time or watermark, its last fire and its active runs",
        tags: ["triggers"],
        params: TriggerParams,
        response: { 200: TriggerState, ...errorResponses(404) },
      },
    },
    async (request) => {
      const name = request.params.trigger;
      const [state, lastFired, active, [event]] = await Promise.all([
        store.getTriggerState(name),
        store.lastTriggerFire(name),
        store.listActiveTriggerRuns(name),
        store.listTriggerEvents({ trigger: name, limit: 1 }),
      ]);
      if (!state && !event) {
        throw new ConveyorError(`trigger "${name}" has neither state nor events in this store`, "a trigger appears once a scheduler ran it or an event was recorded for it", "not_found");
      }
      return { name, lastTick: state?.lastTick ?? null, watermark: state?.watermark ?? null, lastFired: lastFired ?? null, activeRuns: active.length };
    },
  );

  app.get(
    `${API}/triggers/:trigger/events`,
    {
      schema: {
        summary: "The trigger's events, newest first: what fired and the run it started, what was skipped and why",
        tags: ["triggers"],
        params: TriggerParams,
        querystring: TriggerEventQuery,
        response: { 200: TriggerEvent.array(), ...errorResponses() },
      },
    },
    async (request) => {
      const { limit, status } = request.query;
      return store.listTriggerEvents({ trigger: request.params.trigger, limit, ...(status ? { status } : {}) });
    },
  );

  app.post(
    `${API}/triggers/:trigger/events`,
    {
      schema: {
        summary: "Record an event for the trigger; a running scheduler with its definition starts the run. 409 when an event with the key exists",
        tags: ["triggers"],
        params: TriggerParams,
        body: NewTriggerEvent,
        response: { 201: TriggerEvent, ...errorResponses(409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { trigger } = request.params;
      const event = await fireTrigger(store, trigger, { source: request.body.source ?? "manual:api", ...request.body });
      if (!event) {
        throw new ConveyorError(`trigger "${trigger}" already has an event with key "${request.body.key}"`, "each key is recorded once: give a new key, or none", "exists");
      }
      return reply.code(201).send(event);
    },
  );
}
