/** Monitors over the API: their state, their windows, a window's report, their figures and alerts. */
import { z } from "zod";
import { JsonObject, JsonValue, Limit, Time } from "./common.ts";

export const MonitorParams = z.object({ monitor: z.string().min(1).meta({ description: "the monitor's name" }) });
export const WindowParams = MonitorParams.extend({ seq: z.coerce.number().int().min(1).meta({ description: "the window's number: 1 for the monitor's first" }) });
export const FigureParams = MonitorParams.extend({ name: z.string().min(1).meta({ description: "a figure: driftShare, drift.<column>, performance.<metric>, rows, ..." }) });

export const Monitor = z
  .object({
    name: z.string(),
    target: z.union([z.object({ deployment: z.string() }), z.object({ model: z.string() })]),
    definition: JsonValue,
    lastSeq: z.number().int().nullable().meta({ description: "the last window judged" }),
    cursor: JsonValue.nullable(),
    streak: JsonValue.nullable(),
    createdAt: Time,
    updatedAt: Time,
  })
  .meta({ id: "Monitor" });

export const MonitorWindow = z
  .object({
    id: z.string(),
    monitor: z.string(),
    seq: z.number().int(),
    status: z.enum(["judged", "notJudged"]),
    reason: z.string().nullable().meta({ description: "why it was not judged" }),
    from: Time,
    to: Time,
    rows: z.number().int(),
    deployment: z.string().nullable(),
    model: z.string(),
    version: z.number().int().nullable(),
    drifted: z.boolean(),
    driftShare: z.number(),
    driftDetected: z.boolean().meta({ description: "drift in the monitor's K consecutive windows: the alert" }),
    streak: z.number().int(),
    qualityPassed: z.boolean().nullable(),
    performanceDropped: z.boolean().nullable(),
    reportArtifactId: z.string().nullable(),
    htmlArtifactId: z.string().nullable(),
    createdAt: Time,
  })
  .meta({ id: "MonitorWindow" });

export const MonitorDetail = Monitor.extend({ windows: MonitorWindow.array(), figures: z.string().array() }).meta({ id: "MonitorDetail" });

export const MonitorFigure = z.object({ monitor: z.string(), seq: z.number().int(), name: z.string(), value: z.number(), time: Time }).meta({ id: "MonitorFigure" });

export const MonitorAlert = z
  .object({
    id: z.number().int().meta({ description: "increasing: ask for the alerts after the last one handled" }),
    monitor: z.string(),
    windowId: z.string(),
    seq: z.number().int(),
    driftDetected: z.boolean(),
    performanceDropped: z.boolean(),
    createdAt: Time,
  })
  .meta({ id: "MonitorAlert" });

export const WindowQuery = z.object({ limit: Limit });
export const AlertQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).meta({ description: "only alerts with a larger id" }),
  monitor: z.string().min(1).optional(),
  limit: Limit,
});

export const Report = JsonObject.meta({ id: "MonitoringReport", description: "the window's report: context, drift per column, streak, data quality, performance, histograms" });
