/** Semantic checks of an IR beyond its JSON shape: references resolve, scopes hold, no cycles. */
import { ConveyorError } from "../errors.ts";
import { checkParamValue } from "./params.ts";
import type { Binding, ConditionIR, IoSpecIR, PipelineIR } from "./schema.ts";

function invalid(message: string, hint?: string): never {
  throw new ConveyorError(message, hint, "invalid_pipeline");
}

/** Every binding inside a condition, in order. */
export function conditionBindings(condition: ConditionIR): Binding[] {
  switch (condition.op) {
    case "truthy":
      return [condition.value];
    case "and":
    case "or":
      return condition.args.flatMap(conditionBindings);
    case "not":
      return conditionBindings(condition.arg);
    default:
      return [condition.left, condition.right];
  }
}

interface Scope {
  where: string;
  loop: string | undefined;
  exitHandler: boolean;
}

function checkBinding(ir: PipelineIR, b: Binding, scope: Scope): void {
  if ("param" in b) {
    if (!(b.param in ir.params)) invalid(`${scope.where} refers to unknown pipeline parameter "${b.param}"`);
  } else if ("task" in b) {
    const upstream = ir.tasks[b.task];
    if (!upstream) invalid(`${scope.where} refers to unknown task "${b.task}"`);
    const outputs = ir.components[upstream.component]?.outputs ?? {};
    if (!(b.output in outputs)) invalid(`${scope.where} refers to unknown output "${b.output}" of task "${b.task}"`);
    if (upstream.loop !== undefined && upstream.loop !== scope.loop) {
      invalid(
        `${scope.where} uses output "${b.output}" of task "${b.task}", which runs once per item of forEach "${upstream.loop}"`,
        "return that output from the forEach body and use the collected list",
      );
    }
  } else if ("loopItem" in b) {
    if (!(b.loopItem in ir.loops)) invalid(`${scope.where} refers to unknown forEach "${b.loopItem}"`);
    if (scope.loop !== b.loopItem) invalid(`${scope.where} uses the item of forEach "${b.loopItem}" outside its body`);
  } else if ("collect" in b) {
    const { loop, task, output } = b.collect;
    if (!(loop in ir.loops)) invalid(`${scope.where} collects from unknown forEach "${loop}"`);
    if (ir.tasks[task]?.loop !== loop) invalid(`${scope.where} collects "${task}", which is not in forEach "${loop}"`);
    if (scope.loop === loop) invalid(`${scope.where} uses a collected list of forEach "${loop}" inside that same loop`);
    const outputs = ir.components[ir.tasks[task]?.component ?? ""]?.outputs ?? {};
    if (!(output in outputs)) invalid(`${scope.where} collects unknown output "${output}" of task "${task}"`);
  } else if ("runStatus" in b) {
    if (!scope.exitHandler) invalid(`${scope.where} uses the run status outside onExit`);
  } else if ("array" in b) {
    for (const [i, item] of b.array.entries()) checkBinding(ir, item, { ...scope, where: `${scope.where}[${i}]` });
  } else if ("object" in b) {
    for (const [key, field] of Object.entries(b.object)) checkBinding(ir, field, { ...scope, where: `${scope.where}.${key}` });
  }
}

/** The tasks whose outputs a binding reads: the edges a data input adds to the graph. */
function boundTasks(b: Binding): string[] {
  if ("task" in b) return [b.task];
  if ("collect" in b) return [b.collect.task];
  if ("array" in b) return b.array.flatMap(boundTasks);
  if ("object" in b) return Object.values(b.object).flatMap(boundTasks);
  return [];
}

function describeKind(spec: IoSpecIR): string {
  return spec.kind === "param" ? "a parameter" : `an artifact (${spec.type}${spec.kind === "artifactList" ? " list" : ""})`;
}

function checkInput(ir: PipelineIR, spec: IoSpecIR, binding: Binding, where: string): void {
  if (spec.kind === "param" && "constant" in binding) checkParamValue(spec.spec, binding.constant, where);
  const from = "task" in binding ? { task: binding.task, output: binding.output } : "collect" in binding ? binding.collect : undefined;
  if (!from) return;
  const output = ir.components[ir.tasks[from.task]?.component ?? ""]?.outputs[from.output];
  // A parameter holds a JSON value and an artifact a file: one cannot stand for the other.
  if (output && (output.kind === "param") !== (spec.kind === "param")) {
    invalid(
      `${where} is ${describeKind(spec)}, but is bound to output "${from.output}" of task "${from.task}", which is ${describeKind(output)}`,
      "bind it to an output of the same kind, or recompile the pipeline with `conveyor compile`",
    );
  }
}

function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "visiting") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "visiting");
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

export function validateIr(ir: PipelineIR): void {
  for (const [key, spec] of Object.entries(ir.params)) {
    if (spec.default !== undefined) checkParamValue(spec, spec.default, `default of pipeline parameter "${key}"`);
  }
  const nodeNames = new Set([...Object.keys(ir.tasks), ...Object.keys(ir.loops)]);
  for (const name of Object.keys(ir.loops)) {
    if (name in ir.tasks) invalid(`a task and a forEach are both named "${name}"`, "give them different names");
  }
  const edges = new Map<string, string[]>();
  for (const [name, loop] of Object.entries(ir.loops)) {
    const scope = { where: `forEach "${name}"`, loop: undefined, exitHandler: false };
    checkBinding(ir, loop.items, scope);
    const conditions = (loop.when ?? []).flatMap(conditionBindings);
    for (const b of conditions) checkBinding(ir, b, scope);
    edges.set(name, [...loop.dependsOn, ...[loop.items, ...conditions].flatMap(boundTasks)]);
  }
  for (const [name, task] of Object.entries(ir.tasks)) {
    const component = ir.components[task.component];
    if (!component) invalid(`task "${name}" uses unknown component "${task.component}"`);
    if (task.loop !== undefined && !(task.loop in ir.loops)) invalid(`task "${name}" is in unknown forEach "${task.loop}"`);
    const scope = { where: `task "${name}"`, loop: task.loop, exitHandler: task.exitHandler === true };
    for (const [input, binding] of Object.entries(task.inputs)) {
      const spec = component.inputs[input];
      if (!spec) invalid(`task "${name}" has no input "${input}"`);
      checkBinding(ir, binding, { ...scope, where: `input "${input}" of task "${name}"` });
      checkInput(ir, spec, binding, `input "${input}" of task "${name}"`);
    }
    for (const [input, spec] of Object.entries(component.inputs)) {
      const mayBeUnbound = spec.kind === "param" ? spec.spec.default !== undefined : spec.optional === true;
      if (!(input in task.inputs) && !mayBeUnbound) {
        invalid(`input "${input}" of task "${name}" is required but not bound`);
      }
    }
    const conditions = (task.when ?? []).flatMap(conditionBindings);
    for (const b of conditions) checkBinding(ir, b, scope);
    for (const dep of task.dependsOn) {
      if (!nodeNames.has(dep)) invalid(`task "${name}" depends on unknown task "${dep}"`);
    }
    // Data inputs and conditions are dependencies too, whether or not dependsOn repeats them.
    edges.set(name, [...task.dependsOn, ...[...Object.values(task.inputs), ...conditions].flatMap(boundTasks)]);
  }
  for (const [key, binding] of Object.entries(ir.outputs ?? {})) {
    checkBinding(ir, binding, { where: `pipeline output "${key}"`, loop: undefined, exitHandler: false });
  }
  const cycle = findCycle(edges);
  if (cycle) {
    invalid(`the pipeline has a cycle: ${cycle.join(" → ")}`, "remove one of these dependencies (.after() or a data input)");
  }
}
