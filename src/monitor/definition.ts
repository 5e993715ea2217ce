/**
 * Monitor definitions, the same in TypeScript (`monitor({...})`) and in JSON: one zod schema
 * checks both, so a bad field is reported the same way, naming the monitor and the field.
 */
import { z } from "zod";
import { durationMs } from "../compiler/duration.ts";
import { ConveyorError } from "../errors.ts";
import { driftMethods, pValueCorrections } from "../ml/drift/index.ts";
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from "../ml/monitoring/live-performance.ts";

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-', starting with a letter or digit");

/** Milliseconds, or "30s", "10m", "1h", "1d"; above 0 unless `zero` is allowed. */
const duration = (zero: boolean) =>
  z.union([z.string(), z.number()]).superRefine((value, ctx) => {
    try {
      if (durationMs(value, "duration") <= 0 && !zero) ctx.addIssue({ code: "custom", message: "a duration above 0" });
    } catch {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a duration: give milliseconds, or "30s", "10m", "1h", "1d"` });
    }
  });

const share = z.number().min(0).max(1);

export const monitorSchema = z
  .object({
    name,
    /** The deployment whose answers are watched (its primary answers, not a shadow's). */
    deployment: z.string().min(1).optional(),
    /** Or a model served by reference: `models:/churn@champion`, `churn/3`. */
    model: z.string().min(1).optional(),
    /**
     * The data the window is compared with: a CSV or Parquet file relative to the project root,
     * or `{ digest }` of a stored Dataset artifact. Default: the dataset the model version was
     * trained on, as its lineage names it.
     */
    reference: z.union([z.string().min(1), z.object({ digest: z.string().min(1) }).strict()]).optional(),
    /** Consecutive windows of `rows` predictions, or of `every` span of time (`"1h"`). */
    window: z.union([z.object({ rows: z.number().int().min(1) }).strict(), z.object({ every: duration(false) }).strict()]),
    /** The columns checked: by default every input of the model and its prediction (under the target's name). */
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** A column's own method and threshold; by default src/ml/drift's choice for the column. */
    methods: z.record(z.string(), z.object({ method: z.enum(driftMethods as [string, ...string[]]), threshold: z.number().positive().optional() }).strict()).default({}),
    /** How p-values are adjusted for the number of columns tested. */
    correction: z.enum(pValueCorrections as [string, ...string[]]).default("none"),
    /** The window drifts when at least this share of its judged columns does. */
    driftShare: z.number().gt(0).max(1).default(0.5),
    /** A column with fewer values in the window is not judged; a window with no judged column is "not judged". */
    minWindowSize: z.number().int().min(1).default(30),
    /** Drift in this many consecutive judged windows raises the alert. */
    consecutiveWindows: z.number().int().min(1).default(1),
    quality: z
      .object({
        maxNullIncrease: share.default(0.05),
        maxOutOfRange: share.default(0.05),
        maxUnseen: share.default(0.05),
        minRows: z.number().int().min(0).optional(),
        maxRows: z.number().int().min(1).optional(),
      })
      .strict()
      .default({ maxNullIncrease: 0.05, maxOutOfRange: 0.05, maxUnseen: 0.05 }),
    /** Live quality from labels joined by request id, against the model's metrics in the registry. */
    performance: z
      .object({
        metrics: z.array(z.enum([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS])).min(1).optional(),
        /** How much a metric may fall below the registry's (rise, for losses) before the alert. */
        maxDrop: z.number().min(0).default(0.05),
        minLabels: z.number().int().min(1).default(30),
        /** How long after a window ends to wait for its labels before judging it. */
        labelDelay: duration(true).default(0),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if ((m.deployment === undefined) === (m.model === undefined)) {
      ctx.addIssue({ code: "custom", path: ["deployment"], message: "give exactly one of deployment and model" });
    }
    if ("rows" in m.window && m.window.rows < m.minWindowSize) {
      ctx.addIssue({
        code: "custom",
        path: ["window", "rows"],
        message: `${m.window.rows} rows is fewer than minWindowSize (${m.minWindowSize}): no window could be judged; give at least ${m.minWindowSize} rows`,
      });
    }
  });

export type MonitorInput = z.input<typeof monitorSchema>;
export type Monitor = z.output<typeof monitorSchema>;

/** Checks one monitor definition; errors name the monitor and the field. */
export function parseMonitor(input: unknown, where: string): Monitor {
  const label = typeof (input as { name?: unknown })?.name === "string" ? `monitor "${(input as { name: string }).name}"` : "monitor";
  const parsed = monitorSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(monitor)"}: ${i.message}`).join("; ");
    throw new ConveyorError(`${where}: ${label}: ${problems}`, "fix the monitor's definition (see docs/monitoring.md)", "invalid_monitor");
  }
  return parsed.data;
}

/** A file's monitors: one definition or a list; names unique. */
export function parseMonitors(input: unknown, where: string): Monitor[] {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0 || input === undefined || input === null) {
    throw new ConveyorError(`${where}: no monitor defined`, "export default monitor({ name, deployment, window, ... }) or a list of them, or write it as JSON", "invalid_monitor");
  }
  const seen = new Set<string>();
  return list.map((item) => {
    const monitor = parseMonitor(item, where);
    if (seen.has(monitor.name)) throw new ConveyorError(`${where}: monitor "${monitor.name}" is defined twice`, "give each monitor its own name", "invalid_monitor");
    seen.add(monitor.name);
    return monitor;
  });
}

/** The window's length in milliseconds, for a time window. */
export function windowSpanMs(monitor: Monitor): number | undefined {
  return "every" in monitor.window ? durationMs(monitor.window.every, `monitor "${monitor.name}": window.every`) : undefined;
}
