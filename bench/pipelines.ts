/** The benchmark shapes: a sequential chain and a wide fan-out with a fan-in. */
import { forEach, param, pipeline } from "../src/index.ts";
import { noop, pause, spin, total } from "./components.ts";

export const CHAIN_TASKS = 40;
export const CHAIN_WORK_MS = 10;
export const FAN_OUT_TASKS = 1000;

export const chain = pipeline({ name: "bench-chain", params: { ms: param.int({ default: CHAIN_WORK_MS }) } }, (p) => {
  let previous = pause({ ms: p.ms, step: 0 }, { name: "step-0" });
  for (let i = 1; i < CHAIN_TASKS; i++) {
    previous = pause({ ms: p.ms, step: previous.outputs.step }, { name: `step-${i}` });
  }
});

export const fanOut = pipeline({ name: "bench-fan-out" }, () => {
  const items = Array.from({ length: FAN_OUT_TASKS }, (_, i) => i);
  const each = forEach(items, (item) => ({ value: noop({ item }).outputs.value }));
  total({ values: each.value });
});

export const CPU_TASKS = 8;
export const CPU_TASK_MS = 1000;

/** CPU_TASKS independent tasks, each keeping a core busy for CPU_TASK_MS. */
export const cpuTasks = pipeline({ name: "bench-cpu-tasks" }, () => {
  for (let seed = 0; seed < CPU_TASKS; seed++) spin({ ms: CPU_TASK_MS, seed }, { name: `spin-${seed}`, cache: false });
});
