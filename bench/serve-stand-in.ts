/**
 * STAND-IN, to be replaced by the real server (src/serve, `conveyor serve`) once it is on
 * main: a minimal Fastify app with the two routes the serving bench loads, `GET
 * /v2/health/live` and `POST /v2/models/{m}/infer`, the latter decoding an Open Inference
 * (V2) body of number tensors into per-column values and scoring them with the model's
 * RowScorer. It measures the fast scoring path behind HTTP until the real server can.
 */
import Fastify from "fastify";
import type { SyncRowScorer } from "../src/ml/row-scorer.ts";

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startStandIn(modelName: string, scorer: SyncRowScorer): Promise<RunningServer> {
  const app = Fastify({ logger: false });
  const width = scorer.columns.length;
  const classes = scorer.classes;
  app.get("/v2/health/live", async () => ({ live: true }));
  app.post<{ Params: { model: string }; Body: unknown }>("/v2/models/:model/infer", async (request, reply) => {
    if (request.params.model !== modelName) return reply.code(404).send({ error: `no model "${request.params.model}"` });
    const data = tensorData(request.body);
    if (typeof data === "string") return reply.code(400).send({ error: data });
    if (data.length % width !== 0) {
      return reply.code(400).send({ error: `${data.length} values do not make rows of ${width} features` });
    }
    const rows = data.length / width;
    try {
      const scores =
        rows === 1
          ? scorer.scoreRow(data)
          : scorer.scoreRows(
              Array.from({ length: width }, (_, c) => Float64Array.from({ length: rows }, (_, r) => data[r * width + c]!)),
              rows,
            );
      return {
        model_name: modelName,
        outputs: [
          { name: "predict", datatype: "INT64", shape: [rows], data: Array.from(scores.predictions, (i) => classes[i]!) },
          { name: "predict_proba", datatype: "FP64", shape: [rows, classes.length], data: Array.from(scores.probabilities) },
        ],
      };
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: address, close: () => app.close() };
}

/** The numbers of a V2 body's one input tensor, flat, or what is wrong with the body. */
function tensorData(body: unknown): number[] | string {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length !== 1) return `"inputs" must hold one tensor`;
  const data = (inputs[0] as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return `the tensor's "data" must be a list`;
  const flat = data.flat(Number.POSITIVE_INFINITY) as unknown[];
  if (!flat.every((v) => typeof v === "number")) return "the tensor's data must be numbers";
  return flat as number[];
}
