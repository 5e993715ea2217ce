/** Source text of small pipeline files the CLI tests write into their project folder. */
import { SDK } from "./harness.ts";

const IMPORT = `import { component, Dataset, forEach, Model, param, pipeline } from ${JSON.stringify(SDK)};`;

/** make → forEach item: fit, with logs at two levels, artifacts and bounded parameters. */
export const STEPS = `${IMPORT}
export const make = component({
  name: "make",
  inputs: { n: param.int({ default: 2 }) },
  outputs: { data: Dataset, items: param.list(param.int()) },
  async run({ n, data }, ctx) {
    ctx.log.info(\`making \${n} rows\`);
    await data.writeText("x\\n" + "1\\n".repeat(n));
    return { items: Array.from({ length: n }, (_, i) => i + 1) };
  },
});
export const fit = component({
  name: "fit",
  inputs: { data: Dataset, k: param.int() },
  outputs: { model: Model },
  async run({ k, model }, ctx) {
    ctx.log.warn(\`fitting k=\${k}\`);
    await model.writeJson({ k });
  },
});
export default pipeline({ name: "steps", params: { n: param.int({ default: 2, min: 1, max: 5 }) } }, (p) => {
  const m = make({ n: p.n });
  forEach(m.outputs.items, (k) => {
    fit({ data: m.outputs.data, k });
  });
});
`;

/** Two tasks that log a line every 100 ms until they have logged \`ticks\` lines or are cancelled. */
/** Each task logs `ticks` lines, then, when `gate` names a file, waits until that file exists. */
export const SLOW = `${IMPORT}
import { existsSync } from "node:fs";
export const tick = component({
  name: "tick",
  inputs: { ticks: param.int(), gate: param.string({ default: "" }) },
  async run({ ticks, gate }, ctx) {
    for (let i = 0; i < ticks && !ctx.signal.aborted; i++) {
      ctx.log.info(\`tick \${i}\`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    while (gate && !existsSync(gate) && !ctx.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 50));
    if (ctx.signal.aborted) throw new Error("stopped");
  },
});
export default pipeline({ name: "slow", params: { ticks: param.int({ default: 20 }), gate: param.string({ default: "" }) } }, (p) => {
  tick({ ticks: p.ticks, gate: p.gate }, { name: "a" });
  tick({ ticks: p.ticks, gate: p.gate }, { name: "b" });
});
`;

/** The error is on line 3, column 13 (the ";"). */
export const SYNTAX_ERROR = `${IMPORT}
export default pipeline({ name: "broken" }, () => {
  const x = ;
});
`;

export const NO_PIPELINE = `${IMPORT}
export const answer = 42;
`;

export const CYCLE = `${IMPORT}
export const step = component({ name: "step", run: () => {} });
export default pipeline({ name: "loop" }, () => {
  const first = step({}, { name: "first" });
  const second = step({}, { name: "second" });
  first.after(second);
  second.after(first);
});
`;

/** Fails its first attempt, then succeeds on the retry. */
export const FLAKY = `${IMPORT}
export const flaky = component({
  name: "flaky",
  retry: { attempts: 2, backoff: "10ms" },
  async run(_args, ctx) {
    ctx.log.info(\`attempt \${ctx.attempt}\`);
    if (ctx.attempt === 1) throw new Error("the first attempt fails");
  },
});
export default pipeline({ name: "flaky" }, () => {
  flaky({});
});
`;
