/**
 * IR conditions as KFP trigger conditions: CEL over `inputs.parameter_values[...]`, the task's
 * own input parameters, which the task is given for the purpose (KFP's "pipeline channels").
 * KFP holds every number as a double, and CEL compares a double only with a double: constants
 * are written so.
 */
import type { Binding, ConditionIR, PipelineIR } from "../../ir/schema.ts";
import { boundSpec, type ScalarType, scalarType } from "../binding-type.ts";
import { unsupported } from "../unsupported.ts";

/** A task input a condition reads: a pipeline parameter, or an output of a task in the same DAG. */
export type ChannelSource = { param: string } | { task: string; output: string };

export interface ConditionScope {
  ir: PipelineIR;
  node: string;
  /** Tasks of the same DAG, whose outputs the task can be given. */
  sameDag: (task: string) => boolean;
  /** Each input the condition reads, by its name, collected for the task's inputs. */
  channels: Map<string, ChannelSource>;
}

const OPS = { eq: "==", ne: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function fail(scope: ConditionScope, feature: string, hint: string): never {
  throw unsupported("kfp", feature, `the condition of "${scope.node}"`, hint);
}

function double(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

export function channelName(source: ChannelSource): string {
  return "param" in source ? `pipelinechannel--${source.param}` : `pipelinechannel--${source.task}-${source.output}`;
}

function operand(scope: ConditionScope, b: Binding): { text: string; type: ScalarType } {
  if ("constant" in b) {
    const c = b.constant;
    if (typeof c === "number") return { text: double(c), type: "number" };
    if (typeof c === "boolean") return { text: String(c), type: "boolean" };
    if (typeof c === "string") return { text: JSON.stringify(c), type: "string" };
    return fail(scope, "a condition on a JSON value", "compare numbers, strings or booleans");
  }
  if ("runStatus" in b) return fail(scope, "a condition on the run's status", "pass the status to the task as an input and decide inside it");
  if ("loopItem" in b) return fail(scope, "a condition on a forEach item", "compute the decision in a task inside the loop and compare its output");
  if ("collect" in b) return fail(scope, "a condition on a list collected from a forEach", "reduce the list in a task and compare its output");
  if ("array" in b || "object" in b) return fail(scope, "a condition on a list or object", "compare numbers, strings or booleans");
  const type = scalarType(boundSpec(scope.ir, b));
  if (!type) return fail(scope, "a condition on a list or JSON value", "compare a number, string or boolean output");
  if ("task" in b && !scope.sameDag(b.task)) {
    return fail(scope, `a condition on task "${b.task}"'s output from another DAG`, "compute the decision in a task of the same DAG");
  }
  const source: ChannelSource = "param" in b ? { param: b.param } : { task: b.task, output: b.output };
  const name = channelName(source);
  scope.channels.set(name, source);
  return { text: `inputs.parameter_values['${name}']`, type };
}

function expression(scope: ConditionScope, c: ConditionIR): string {
  switch (c.op) {
    case "and":
    case "or":
      return c.args.length === 0 ? String(c.op === "and") : c.args.map((a) => `(${expression(scope, a)})`).join(c.op === "and" ? " && " : " || ");
    case "not":
      return `!(${expression(scope, c.arg)})`;
    case "truthy": {
      const o = operand(scope, c.value);
      return o.type === "boolean" ? `${o.text} == true` : o.type === "number" ? `${o.text} != 0.0` : `${o.text} != ""`;
    }
    default: {
      const left = operand(scope, c.left);
      const right = operand(scope, c.right);
      if (left.type !== right.type) return fail(scope, `a comparison of a ${left.type} with a ${right.type}`, "compare values of one type");
      if (left.type !== "number" && c.op !== "eq" && c.op !== "ne") return fail(scope, `"${c.op}" on ${left.type}s`, "order only numbers");
      return `${left.text} ${OPS[c.op]} ${right.text}`;
    }
  }
}

/** The trigger condition of every condition holding, or undefined without conditions. */
export function triggerCondition(scope: ConditionScope, conditions: ConditionIR[] | undefined): string | undefined {
  if (!conditions || conditions.length === 0) return undefined;
  if (conditions.length === 1) return expression(scope, conditions[0] as ConditionIR);
  return conditions.map((c) => `(${expression(scope, c)})`).join(" && ");
}
