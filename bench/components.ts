/** Components for the engine benchmarks: fixed work, so the rest is overhead. */
import { setTimeout as sleep } from "node:timers/promises";
import { component, param } from "../src/index.ts";

export const pause = component({
  name: "pause",
  inputs: { ms: param.int(), step: param.int({ default: 0 }) },
  outputs: { step: param.int() },
  run: async ({ ms, step }) => {
    await sleep(ms);
    return { step };
  },
});

export const noop = component({
  name: "noop",
  inputs: { item: param.int() },
  outputs: { value: param.int() },
  run: ({ item }) => ({ value: item }),
});

export const total = component({
  name: "total",
  inputs: { values: param.list(param.int()) },
  outputs: { sum: param.int() },
  run: ({ values }) => ({ sum: values.reduce((a, b) => a + b, 0) }),
});

/** Keeps its core busy for `ms`: CPU-bound work of a known length. */
export const spin = component({
  name: "spin",
  inputs: { ms: param.int(), seed: param.int() },
  outputs: { spins: param.int() },
  run: ({ ms }) => {
    const until = Date.now() + ms;
    let spins = 0;
    while (Date.now() < until) spins += 1;
    return { spins };
  },
});
