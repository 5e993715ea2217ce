/**
 * Trigger definitions, the same in TypeScript (`defineTriggers`) and in JSON: one zod schema
 * checks both, so a bad field is reported the same way, naming the trigger and the field.
 */
import { Cron } from "croner";
import { z } from "zod";
import { ConveyorError } from "../errors.ts";
import type { Json } from "../json.ts";

/** What a hybrid trigger's check answers: run or not, and parameters to add to the run's. */
export type CheckResult = boolean | { run: boolean; params?: Record<string, Json> };
export type CheckFunction = (context: { trigger: string; scheduledAt: Date }) => CheckResult | Promise<CheckResult>;

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-', starting with a letter or digit");

const webhook = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** How long one POST may take before it counts as failed (default 5000 ms). */
  timeoutMs: z.number().int().positive().default(5000),
  /** Tries in all, the first included (default 4); waits 0.5 s, 1 s, 2 s... between them. */
  attempts: z.number().int().min(1).max(10).default(4),
});

const common = {
  name,
  /** A pipeline file (.ts, .js or compiled .json) relative to the project root, or a stored pipeline's digest. */
  pipeline: z.union([z.string().min(1), z.object({ digest: z.string().min(1) })]),
  /** Parameters every run of the trigger gets. */
  params: z.record(z.string(), z.custom<Json>((v) => v !== undefined)).default({}),
  /** Run parameters taken from the event: parameter name → event field (`path`, `digest`, `scheduledAt`...). */
  eventParams: z.record(z.string(), z.string()).default({}),
  /** At most this many runs of the trigger at once; an event beyond it waits (default 1). */
  maxActiveRuns: z.number().int().min(1).default(1),
  /** Seconds after a fire during which the trigger's events are skipped (default 0). */
  cooldownSeconds: z.number().min(0).default(0),
  webhooks: z.array(webhook).default([]),
};

const cron = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    try {
      new Cron(pattern, { paused: true });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `invalid cron expression "${pattern}": ${(error as Error).message}` });
    }
  });

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as Europe/Paris or UTC");

const schedule = {
  /** Five or six fields (seconds first when six), as croner reads them. */
  cron,
  timezone: timezone.default("UTC"),
  /** After a stop: fire every missed time (`all`), the latest one (`latest`, the default), or none. */
  catchUp: z.enum(["none", "latest", "all"]).default("latest"),
};

const pollSeconds = z.number().positive().default(5);

export const triggerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("schedule"), ...common, ...schedule }).strict(),
  z
    .object({
      kind: z.literal("hybrid"),
      ...common,
      ...schedule,
      /** In JSON, a module (relative to the project root) and the function it exports; in TypeScript, the function. */
      check: z.union([
        z.object({ module: z.string().min(1), export: z.string().min(1).default("default") }).strict(),
        z.custom<CheckFunction>((v) => typeof v === "function", "a function"),
      ]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("files"),
      ...common,
      /** A file, a folder (every file under it) or a glob (`data/*.csv`, `data/**\/*.parquet`) relative to the project root. */
      path: z.string().min(1),
      pollSeconds,
    })
    .strict(),
  z
    .object({
      kind: z.literal("watermark"),
      ...common,
      /** A SQLite file (relative to the project root) or a postgres:// URL. */
      database: z.string().min(1),
      /** A query returning one value: `select max(updated_at) from events`, `select count(*) from rows`. */
      query: z.string().min(1),
      /** Fire when the value grew by at least this much (numbers); without it, whenever the value changes. */
      growBy: z.number().positive().optional(),
      pollSeconds,
    })
    .strict(),
  z.object({ kind: z.literal("manual"), ...common }).strict(),
  /** Each alert of the monitor: drift in its K consecutive windows (`drift`), or a drop in its live performance (`performance`). */
  z.object({ kind: z.literal("drift"), ...common, monitor: name }).strict(),
  z.object({ kind: z.literal("performance"), ...common, monitor: name }).strict(),
]);

export type TriggerInput = z.input<typeof triggerSchema>;
export type Trigger = z.output<typeof triggerSchema>;
export type TriggerKind = Trigger["kind"];
/** A trigger fired by a monitor's alerts. */
export type AlertTrigger = Extract<Trigger, { kind: "drift" | "performance" }>;

/** Checks trigger definitions: each valid, names unique. Errors name the trigger and the field. */
export function parseTriggers(input: unknown, where: string): Trigger[] {
  if (!Array.isArray(input)) {
    throw new ConveyorError(`${where}: expected a list of triggers, got ${typeof input}`, "export or write an array: [{ name, kind, pipeline, ... }]", "invalid_trigger");
  }
  const seen = new Set<string>();
  return input.map((item, index) => {
    const label = typeof item?.name === "string" ? `trigger "${item.name}"` : `trigger #${index + 1}`;
    const parsed = triggerSchema.safeParse(item);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(trigger)"}: ${i.message}`).join("; ");
      throw new ConveyorError(`${where}: ${label}: ${problems}`, "fix the trigger's definition (see docs/triggers.md)", "invalid_trigger");
    }
    if (seen.has(parsed.data.name)) {
      throw new ConveyorError(`${where}: ${label} is defined twice`, "give each trigger its own name", "invalid_trigger");
    }
    seen.add(parsed.data.name);
    return parsed.data;
  });
}
