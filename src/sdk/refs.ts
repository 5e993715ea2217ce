/**
 * References: what a pipeline passes between tasks before anything runs. A reference names
 * where a value will come from (a pipeline parameter, a task output, a loop item, ...);
 * its type parameter carries the value or artifact type so that wiring is checked by tsc.
 */
import { hasBrand, setBrand } from "../brand.ts";
import type { Json } from "../json.ts";

/** Where a referenced value comes from. Task and loop nodes are held by identity. */
export type RefSource =
  | { kind: "constant"; value: Json }
  | { kind: "param"; name: string }
  | { kind: "output"; task: TaskNodeId; output: string }
  | { kind: "loopItem"; loop: LoopNodeId; path: string[] }
  | { kind: "collect"; loop: LoopNodeId; source: RefSource }
  | { kind: "runStatus" }
  /** A list or an object with references among its parts, assembled when the run reaches it. */
  | { kind: "array"; items: RefSource[] }
  | { kind: "object"; fields: Record<string, RefSource> };

/** Opaque handles to graph nodes; the builder owns their contents. */
export interface TaskNodeId {
  readonly nodeKind: "task";
  readonly name: string;
}
export interface LoopNodeId {
  readonly nodeKind: "loop";
  readonly name: string;
}

export type ComparisonOp = "eq" | "ne" | "gt" | "gte" | "lt" | "lte";

export type ConditionExpr =
  | { op: ComparisonOp; left: RefSource; right: RefSource }
  | { op: "truthy"; value: RefSource }
  | { op: "and" | "or"; args: ConditionExpr[] }
  | { op: "not"; arg: ConditionExpr };

/*
 * `instanceof` on these classes tests a brand rather than the prototype chain, so that a pipeline
 * built with one copy of Conveyor compiles with another (see brand.ts).
 */

/** A boolean test evaluated when the tasks it guards become ready. */
export class Condition {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, "Condition");
  }
  constructor(readonly expr: ConditionExpr) {
    setBrand(this, "Condition");
  }
}

type Operand<V> = V | ParamRef<V>;
/** Field names of an object value; any name when the value is untyped JSON. */
type FieldKey<V> = Json extends V ? string : keyof V & string;
type FieldValue<V, K> = Json extends V ? Json : K extends keyof V ? V[K] : never;

function sourceOf(value: unknown): RefSource {
  if (value instanceof ParamRef) return value.source;
  return { kind: "constant", value: value as Json };
}

/** A parameter value that will be known when the run reaches it. */
export class ParamRef<V> {
  /** Carries V for the type checker only; never set. */
  declare readonly _value?: V;
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, "ParamRef");
  }
  constructor(readonly source: RefSource) {
    setBrand(this, "ParamRef");
  }

  eq(other: Operand<V>): Condition {
    return this.compare("eq", other);
  }
  ne(other: Operand<V>): Condition {
    return this.compare("ne", other);
  }
  gt(this: ParamRef<number>, other: Operand<number>): Condition {
    return this.compare("gt", other);
  }
  gte(this: ParamRef<number>, other: Operand<number>): Condition {
    return this.compare("gte", other);
  }
  lt(this: ParamRef<number>, other: Operand<number>): Condition {
    return this.compare("lt", other);
  }
  lte(this: ParamRef<number>, other: Operand<number>): Condition {
    return this.compare("lte", other);
  }

  /** A field of an object value, e.g. the `lr` of a forEach item `{ lr, depth }`. */
  get<K extends FieldKey<V>>(key: K): ParamRef<FieldValue<V, K>> {
    if (this.source.kind !== "loopItem") {
      throw new TypeError(`.get("${key}") works on forEach items only; pass the whole value instead`);
    }
    return new ParamRef({ ...this.source, path: [...this.source.path, key] });
  }

  private compare(op: ComparisonOp, other: unknown): Condition {
    return new Condition({ op, left: this.source, right: sourceOf(other) });
  }
}

/** An artifact of type T that a task will produce. */
export class ArtifactRef<T extends string> {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, "ArtifactRef");
  }
  constructor(
    readonly artifactType: T,
    readonly source: RefSource,
  ) {
    setBrand(this, "ArtifactRef");
  }
}

/** The artifacts of type T collected from every iteration of a forEach. */
export class ArtifactListRef<T extends string> {
  readonly isList = true;
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, "ArtifactListRef");
  }
  constructor(
    readonly artifactType: T,
    readonly source: RefSource,
  ) {
    setBrand(this, "ArtifactListRef");
  }
}

export type AnyRef = ParamRef<unknown> | ArtifactRef<string> | ArtifactListRef<string>;

export function isRef(value: unknown): value is AnyRef {
  return value instanceof ParamRef || value instanceof ArtifactRef || value instanceof ArtifactListRef;
}

function toExpr(c: Condition | ParamRef<boolean>): ConditionExpr {
  return c instanceof Condition ? c.expr : { op: "truthy", value: c.source };
}

/** Conditions combined: `and(a, b)`, `or(a, b)`, `not(a)`. */
export function and(...conditions: (Condition | ParamRef<boolean>)[]): Condition {
  return new Condition({ op: "and", args: conditions.map(toExpr) });
}
export function or(...conditions: (Condition | ParamRef<boolean>)[]): Condition {
  return new Condition({ op: "or", args: conditions.map(toExpr) });
}
export function not(condition: Condition | ParamRef<boolean>): Condition {
  return new Condition({ op: "not", arg: toExpr(condition) });
}
export function conditionExpr(c: Condition | ParamRef<boolean>): ConditionExpr {
  return toExpr(c);
}
