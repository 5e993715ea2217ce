/** Metric points: every value logged, with its step and time, not only the last. */
import { z } from "zod";
import { Cursor, Limit, Time } from "./common.ts";

export const MetricPoint = z
  .object({
    name: z.string(),
    value: z.number(),
    step: z.number().nullable(),
    time: Time,
    task: z.string().nullable().meta({ description: "the task's name; null for a metric of the whole run" }),
    taskId: z.string().nullable(),
  })
  .meta({ id: "MetricPoint" });

export const MetricQuery = z.object({
  name: z.string().min(1).optional().meta({ description: "only this metric" }),
  task: z.string().min(1).optional().meta({ description: "only this task's metrics (name or id)" }),
  limit: Limit,
  cursor: Cursor,
});
