/** Pipelines for the API tests: one a test can hold open, and one that writes a Parquet Dataset. */
import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { component, param, pipeline } from "../../src/index.ts";
import { ingestCsv } from "../../src/ml/components/ingest-csv.ts";

/** Logs `ticks` lines, then waits until the file `gate` exists (or the task is cancelled). */
export const gated = component({
  name: "gated",
  inputs: { ticks: param.int(), gate: param.string() },
  outputs: { ticked: param.int() },
  run: async ({ ticks, gate }, ctx) => {
    for (let i = 0; i < ticks; i++) ctx.log.info(`tick ${i}`);
    while (!existsSync(gate)) await sleep(20, undefined, { signal: ctx.signal });
    return { ticked: ticks };
  },
});

export const held = pipeline({ name: "held", params: { ticks: param.int({ default: 3 }), gate: param.string() } }, (p) => {
  const first = gated({ ticks: p.ticks, gate: p.gate }, { name: "first" });
  gated({ ticks: 1, gate: p.gate }, { name: "second" }).after(first);
});

export const ingest = pipeline({ name: "ingest", params: { path: param.file() } }, (p) => {
  ingestCsv({ path: p.path });
});
