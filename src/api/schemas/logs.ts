/** Log lines of task attempts, and the query that selects and pages them. */
import { z } from "zod";
import { Follow, Limit, Time } from "./common.ts";

export const LogLine = z
  .object({
    id: z.number().int().meta({ description: "increasing in the order lines were stored; the cursor of the next page" }),
    task: z.string(),
    attempt: z.number().int(),
    time: Time,
    level: z.enum(["debug", "info", "warn", "error"]),
    stream: z.enum(["log", "stdout", "stderr"]),
    message: z.string(),
  })
  .meta({ id: "LogLine" });

export const LogQuery = z.object({
  limit: Limit,
  after: z.coerce.number().int().min(0).optional().meta({ description: "only lines with a greater id" }),
  follow: Follow,
});
