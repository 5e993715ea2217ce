/** What the streaming endpoints send: the run and each task as their state changes, and how the stream ended. */
import { z } from "zod";
import { RUN_STATUSES, Run, Task } from "./runs.ts";

export const RunEnd = z
  .object({
    type: z.literal("end"),
    status: z.enum(RUN_STATUSES),
    reason: z.enum(["ended", "undriven"]).meta({
      description: '"ended": the run ended; "undriven": it has not, but no process has driven it for 5 seconds',
    }),
  })
  .meta({ id: "RunEnd" });

export const RunEvent = z
  .discriminatedUnion("type", [z.object({ type: z.literal("run"), run: Run }), z.object({ type: z.literal("task"), task: Task }), RunEnd])
  .meta({ id: "RunEvent" });
