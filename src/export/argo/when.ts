/**
 * IR conditions as Argo `when` expressions (govaluate, after Argo substitutes `{{...}}`). Strings
 * are quoted, numbers and booleans are not; what Argo cannot reference from where the task is
 * (a loop item, an output of a task in another DAG, a collected list) is refused by name.
 */
import type { Binding, ConditionIR, PipelineIR } from "../../ir/schema.ts";
import { boundSpec, type ScalarType, scalarType } from "../binding-type.ts";
import type { NameMap } from "../names.ts";
import { unsupported } from "../unsupported.ts";

/** Where the condition is evaluated: which tasks' outputs Argo can reference from there. */
export interface WhenScope {
  ir: PipelineIR;
  names: NameMap;
  /** The IR node whose condition this is, for errors. */
  node: string;
  /** Tasks of the same DAG, whose outputs `{{tasks.<name>...}}` reaches. */
  sameDag: (task: string) => boolean;
  /** In the exit handler, `{{workflow.status}}` is how the rest of the run ended. */
  exitHandler: boolean;
}

const OPS = { eq: "==", ne: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

interface Operand {
  text: string;
  type: ScalarType | "status";
}

function fail(scope: WhenScope, feature: string, hint: string): never {
  throw unsupported("argo", feature, `the condition of "${scope.node}"`, hint);
}

function quoted(scope: WhenScope, value: string): string {
  if (value.includes("'") || value.includes("{{")) {
    fail(scope, `a condition compared with ${JSON.stringify(value)}`, "compare with a string without quotes or '{{'");
  }
  return `'${value}'`;
}

function operand(scope: WhenScope, b: Binding): Operand {
  if ("constant" in b) {
    const c = b.constant;
    if (typeof c === "number" || typeof c === "boolean") return { text: String(c), type: typeof c === "number" ? "number" : "boolean" };
    if (typeof c === "string") return { text: quoted(scope, c), type: "string" };
    return fail(scope, "a condition on a JSON value", "compare numbers, strings or booleans");
  }
  if ("runStatus" in b) {
    if (!scope.exitHandler) return fail(scope, "the run's status outside onExit", "read the run's status in onExit");
    return { text: "'{{workflow.status}}'", type: "status" };
  }
  if ("loopItem" in b) return fail(scope, "a condition on a forEach item", "compute the decision in a task inside the loop and compare its output");
  if ("collect" in b) return fail(scope, "a condition on a list collected from a forEach", "reduce the list in a task and compare its output");
  if ("array" in b || "object" in b) return fail(scope, "a condition on a list or object", "compare numbers, strings or booleans");
  const type = scalarType(boundSpec(scope.ir, b));
  if (!type) return fail(scope, "a condition on a list or JSON value", "compare a number, string or boolean output");
  let ref: string;
  if ("param" in b) ref = `{{workflow.parameters.${b.param}}}`;
  else {
    if (!scope.sameDag(b.task)) {
      return fail(
        scope,
        `a condition on task "${b.task}"'s output from ${scope.exitHandler ? "onExit" : "inside a forEach"}`,
        "Argo reaches only the outputs of tasks in the same DAG: compute the decision in a task there",
      );
    }
    ref = `{{tasks.${scope.names.get(b.task)}.outputs.parameters.${b.output}}}`;
  }
  return { text: type === "string" ? `'${ref}'` : ref, type };
}

/** Argo's `workflow.status` for a run that succeeded; it does not tell a failed run from a cancelled one. */
function statusComparison(scope: WhenScope, op: "eq" | "ne" | string, status: Operand, other: Binding): string {
  const value = "constant" in other ? other.constant : undefined;
  if ((op !== "eq" && op !== "ne") || value !== "succeeded") {
    return fail(
      scope,
      `the run status compared with ${JSON.stringify(value ?? "a value")}`,
      "Argo's workflow.status does not tell a failed run from a cancelled one: compare the status with \"succeeded\" (eq or ne)",
    );
  }
  return `${status.text} ${OPS[op]} 'Succeeded'`;
}

function truthy(o: Operand): string {
  if (o.type === "boolean") return `${o.text} == true`;
  if (o.type === "number") return `${o.text} != 0`;
  return `${o.text} != ''`;
}

function expression(scope: WhenScope, c: ConditionIR): string {
  switch (c.op) {
    case "and":
    case "or":
      return c.args.length === 0 ? (c.op === "and" ? "true" : "false") : c.args.map((a) => `(${expression(scope, a)})`).join(c.op === "and" ? " && " : " || ");
    case "not":
      return `!(${expression(scope, c.arg)})`;
    case "truthy": {
      const o = operand(scope, c.value);
      if (o.type === "status") return fail(scope, "the run status as a truth value", 'compare it with "succeeded"');
      return truthy(o);
    }
    default: {
      const left = operand(scope, c.left);
      const right = operand(scope, c.right);
      if (left.type === "status") return statusComparison(scope, c.op, left, c.right);
      if (right.type === "status") return statusComparison(scope, c.op, right, c.left);
      if (left.type !== right.type) {
        return fail(scope, `a comparison of a ${left.type} with a ${right.type}`, "compare values of one type");
      }
      if (left.type !== "number" && c.op !== "eq" && c.op !== "ne") {
        return fail(scope, `"${c.op}" on ${left.type}s`, "order only numbers");
      }
      return `${left.text} ${OPS[c.op]} ${right.text}`;
    }
  }
}

/** The `when` of every condition holding, or undefined without conditions. */
export function whenExpression(scope: WhenScope, conditions: ConditionIR[] | undefined): string | undefined {
  if (!conditions || conditions.length === 0) return undefined;
  if (conditions.length === 1) return expression(scope, conditions[0] as ConditionIR);
  return conditions.map((c) => `(${expression(scope, c)})`).join(" && ");
}
