/** Small components and pipelines for compiler tests. */
import { component, Dataset, forEach, ingestCsv, Metrics, param, pipeline } from "../../src/index.ts";

export const produce = component({
  name: "produce",
  inputs: { n: param.int({ default: 2, min: 0 }) },
  outputs: { data: Dataset, items: param.list(param.int()) },
  run: async ({ n, data }) => {
    await data.writeText(String(n));
    return { items: [n] };
  },
});

export const consume = component({
  name: "consume",
  inputs: { data: Dataset, k: param.int({ default: 1 }) },
  outputs: { metrics: Metrics, score: param.number() },
  run: async ({ metrics }) => {
    await metrics.writeJson({});
    return { score: 1 };
  },
});

const hidden = component({ name: "hidden", run: () => {} });

export const simple = pipeline({ name: "simple", params: { n: param.int({ default: 3 }) } }, (p) => {
  const a = produce({ n: p.n });
  consume({ data: a.outputs.data, k: 2 }, { retry: { attempts: 3, backoff: "2s" }, timeout: "1m" });
});

export const cyclic = pipeline({ name: "cyclic" }, () => {
  const a = produce({}, { name: "a" });
  const b = produce({}, { name: "b" });
  a.after(b);
  b.after(a);
});

export const duplicate = pipeline({ name: "duplicate" }, () => {
  produce({}, { name: "same" });
  produce({}, { name: "same" });
});

export const badDefault = pipeline({ name: "bad-default", params: { n: param.int({ default: -1, min: 0 }) } }, (p) => {
  produce({ n: p.n });
});

export const badConstant = pipeline({ name: "bad-constant" }, () => {
  produce({ n: 1.5 });
});

export const notExported = pipeline({ name: "not-exported" }, () => {
  hidden({});
});

export const nestedLoops = pipeline({ name: "nested-loops" }, () => {
  forEach([1, 2], () => {
    forEach([3, 4], () => {
      produce({});
    });
  });
});

export const leakyLoop = pipeline({ name: "leaky-loop" }, () => {
  let inner: ReturnType<typeof produce> | undefined;
  forEach([1, 2], (n) => {
    inner = produce({ n });
  });
  if (inner) consume({ data: inner.outputs.data });
});

export const artifactParam = pipeline({ name: "artifact-param", params: { data: Dataset } }, (p) => {
  consume({ data: p.data });
});

export const configure = component({
  name: "configure",
  inputs: { limits: param.json<Record<string, number>>({ default: {} }), tags: param.list(param.string(), { default: [] }) },
  run: () => {},
});

/** Parameter values with references among their parts. */
export const structured = pipeline({ name: "structured", params: { n: param.int({ default: 3 }), tag: param.string({ default: "x" }) } }, (p) => {
  const a = produce({ n: p.n });
  const c = consume({ data: a.outputs.data });
  configure({ limits: { n: p.n, score: c.outputs.score, fixed: 1 }, tags: [p.tag, "fixed"] });
  configure({ limits: { fixed: 2 } }, { name: "constant" });
});

/** An artifact inside a parameter value (only JavaScript callers or casts get here). */
export const artifactInValue = pipeline({ name: "artifact-in-value" }, () => {
  const a = produce({});
  configure({ limits: { data: a.outputs.data } as never });
});

/** Conveyor's own components beside a project's. */
export const withBuiltIn = pipeline({ name: "with-built-in" }, () => {
  const raw = ingestCsv({ path: "data.csv" });
  consume({ data: raw.outputs.data });
});
