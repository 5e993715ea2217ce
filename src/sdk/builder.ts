/**
 * The graph a pipeline's builder function records while it runs. Pipeline builders are
 * synchronous, so one active builder at a time is enough; it lives on globalThis so that two
 * copies of this module (say, one via a symlink) still share it.
 */
import { ConveyorError } from "../errors.ts";
import type { ExecutionOptions } from "./options.ts";
import type { ConditionExpr, LoopNodeId, RefSource, TaskNodeId } from "./refs.ts";
import type { AnyComponent } from "./component.ts";

export interface TaskNode extends TaskNodeId {
  readonly nodeKind: "task";
  readonly name: string;
  /** Named by the user: a clash with another task is an error rather than a suffix. */
  readonly explicitName: boolean;
  readonly component: AnyComponent;
  readonly inputs: Record<string, RefSource>;
  readonly options: ExecutionOptions;
  /** Every enclosing `when`, outermost first. */
  readonly conditions: ConditionExpr[];
  readonly loop: LoopNode | undefined;
  readonly exitHandler: boolean;
  /** Explicit ordering dependencies added with `.after()`. */
  readonly after: Set<TaskNode>;
}

export interface LoopNode extends LoopNodeId {
  readonly nodeKind: "loop";
  readonly name: string;
  readonly items: RefSource;
  readonly parallelism: number | undefined;
  readonly conditions: ConditionExpr[];
}

export class GraphBuilder {
  readonly tasks: TaskNode[] = [];
  readonly loops: LoopNode[] = [];
  /** Name prefix of the sub-pipeline being inlined ("" at the top level). */
  prefix = "";
  conditions: ConditionExpr[] = [];
  loop: LoopNode | undefined;
  exitHandler = false;
  private readonly names = new Set<string>();
  private loopCount = 0;

  /** A task or loop name unique in this graph; explicit names must not clash. */
  claimName(base: string, explicit: boolean): string {
    const wanted = this.prefix + base;
    if (!this.names.has(wanted)) {
      this.names.add(wanted);
      return wanted;
    }
    if (explicit) {
      throw new ConveyorError(
        `two tasks are named "${wanted}"`,
        "give each task a unique name (the `name` option at the call site)",
        "duplicate_task",
      );
    }
    for (let i = 2; ; i++) {
      const candidate = `${wanted}-${i}`;
      if (!this.names.has(candidate)) {
        this.names.add(candidate);
        return candidate;
      }
    }
  }

  nextLoopName(): string {
    this.loopCount += 1;
    return `for-${this.loopCount}`;
  }

  /** Runs `body` with some builder state changed, restoring it afterwards. */
  within<T>(state: Partial<Pick<GraphBuilder, "prefix" | "conditions" | "loop" | "exitHandler">>, body: () => T): T {
    const saved = { prefix: this.prefix, conditions: this.conditions, loop: this.loop, exitHandler: this.exitHandler };
    Object.assign(this, state);
    try {
      return body();
    } finally {
      Object.assign(this, saved);
    }
  }
}

const ACTIVE = Symbol.for("conveyor.activeBuilder");
type Holder = { [ACTIVE]?: GraphBuilder };

export function activeBuilder(what: string): GraphBuilder {
  const builder = (globalThis as Holder)[ACTIVE];
  if (!builder) {
    throw new ConveyorError(
      `${what} was called outside a pipeline`,
      "call it inside the builder function: pipeline({ name }, (p) => { ... })",
      "outside_pipeline",
    );
  }
  return builder;
}

/** Runs a pipeline builder function against a fresh graph. */
export function recordGraph<T>(body: (builder: GraphBuilder) => T): { graph: GraphBuilder; result: T } {
  const holder = globalThis as Holder;
  const previous = holder[ACTIVE];
  const graph = new GraphBuilder();
  holder[ACTIVE] = graph;
  try {
    return { graph, result: body(graph) };
  } finally {
    holder[ACTIVE] = previous;
  }
}
