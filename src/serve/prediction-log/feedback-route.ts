/**
 * `POST /v2/feedback`, for the model server to mount: ground truth for answered requests,
 * `{ "id": "<request id>", "row": 0, "label": <true value> }` or a list of them. Answers
 * 202 `{ "accepted": n }` once the labels are buffered (they are written within the log's
 * flush interval), 400 `{ "error": ... }` naming the bad field as the Open Inference Protocol
 * answers errors, and 503 when the log's buffer is full (posting the same labels again is
 * harmless: the latest label of a row counts).
 */
import type { FastifyError, FastifyPluginAsync } from "fastify";
import { isConveyorError } from "../../errors.ts";
import type { FeedbackLog } from "./feedback-log.ts";
import { parseFeedback } from "./label-record.ts";

export function feedbackRoutes(log: FeedbackLog): FastifyPluginAsync {
  return async (app) => {
    // Within this plugin only: the server's other routes keep their own error shapes.
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (isConveyorError(error)) return reply.code(400).send({ error: error.hint ? `${error.message}; ${error.hint}` : error.message });
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return reply.code(error.statusCode).send({ error: error.message });
      }
      request.log.error({ err: error }, "feedback: internal error (a bug in Conveyor)");
      return reply.code(500).send({ error: "internal error (a bug in Conveyor); the server log has the details" });
    });

    app.post("/v2/feedback", async (request, reply) => {
      const labels = parseFeedback(request.body, new Date());
      const droppedBefore = log.counts.dropped;
      for (const label of labels) log.append(label);
      if (log.counts.dropped > droppedBefore) {
        return reply
          .code(503)
          .header("retry-after", "1")
          .send({ error: "the feedback log is full and did not take every label of this request; post them again shortly" });
      }
      return reply.code(202).send({ accepted: labels.length });
    });
  };
}
