/** Control flow inside a pipeline: conditions, fan-out/fan-in, and exit handlers. */
import { ConveyorError } from "../errors.ts";
import { activeBuilder, type LoopNode } from "./builder.ts";
import { ArtifactListRef, ArtifactRef, type Condition, conditionExpr, ParamRef } from "./refs.ts";
import type { PipelineOutputs } from "./types.ts";
import { valueSource } from "./value-source.ts";

/** Runs the tasks built in `body` only when `condition` holds at run time; otherwise they are skipped. */
export function when(condition: Condition | ParamRef<boolean>, body: () => void): void {
  const builder = activeBuilder("when()");
  builder.within({ conditions: [...builder.conditions, conditionExpr(condition)] }, body);
}

/** The outputs a forEach body returned, each collected into a list over the iterations. */
export type Collected<R> = R extends PipelineOutputs
  ? {
      readonly [K in keyof R]: R[K] extends ArtifactRef<infer A>
        ? ArtifactListRef<A>
        : R[K] extends ParamRef<infer V>
          ? ParamRef<V[]>
          : never;
    }
  : undefined;

export interface ForEachOptions {
  /** At most this many iterations run at once. Default: no limit beyond the engine's. */
  parallelism?: number;
  /** The loop's name in the run (its iterations are "<task>[i]"). Default "for-<n>". */
  name?: string;
}

/**
 * Builds the body's tasks once per item of `items`: a list known now, or a list that a task
 * outputs at run time. Outputs the body returns are collected, in item order, for a fan-in task.
 */
export function forEach<T, R extends PipelineOutputs | void>(
  items: readonly (T | ParamRef<T>)[] | ParamRef<T[]>,
  body: (item: ParamRef<T>) => R,
  options: ForEachOptions = {},
): Collected<R> {
  const builder = activeBuilder("forEach()");
  if (builder.loop) {
    throw new ConveyorError(
      `forEach inside forEach "${builder.loop.name}" is not supported`,
      "flatten the items into one list of pairs, or fan out in a separate pipeline run",
      "nested_loop",
    );
  }
  if (builder.exitHandler) {
    throw new ConveyorError("forEach inside onExit is not supported", "run the loop in the pipeline body", "invalid_pipeline");
  }
  if (options.parallelism !== undefined && !(Number.isInteger(options.parallelism) && options.parallelism >= 1)) {
    throw new ConveyorError(
      `forEach parallelism must be a whole number of at least 1, got ${options.parallelism}`,
      undefined,
      "invalid_pipeline",
    );
  }
  const name = builder.claimName(options.name ?? builder.nextLoopName(), options.name !== undefined);
  const loop: LoopNode = {
    nodeKind: "loop",
    name,
    items: valueSource(items, (path) => `the items of forEach "${name}"${path}`),
    parallelism: options.parallelism,
    conditions: builder.conditions,
  };
  builder.loops.push(loop);
  const returned = builder.within({ loop }, () => body(new ParamRef<T>({ kind: "loopItem", loop, path: [] })));
  if (!returned) return undefined as Collected<R>;
  const collected: Record<string, unknown> = {};
  for (const [key, ref] of Object.entries(returned as PipelineOutputs)) {
    if (ref instanceof ArtifactRef) {
      collected[key] = new ArtifactListRef(ref.artifactType, { kind: "collect", loop, source: ref.source });
    } else if (ref instanceof ParamRef) {
      collected[key] = new ParamRef({ kind: "collect", loop, source: ref.source });
    } else {
      throw new ConveyorError(
        `forEach "${loop.name}" returned "${key}", which is not a task output`,
        "return outputs of tasks built inside the loop body",
        "invalid_pipeline",
      );
    }
  }
  return collected as Collected<R>;
}

export type RunOutcome = "succeeded" | "failed" | "cancelled";

/**
 * Tasks built in `body` run after every other task has finished, whatever the outcome; the
 * `status` reference holds how the rest of the run ended.
 */
export function onExit(body: (run: { status: ParamRef<RunOutcome> }) => void): void {
  const builder = activeBuilder("onExit()");
  if (builder.loop || builder.conditions.length > 0 || builder.exitHandler) {
    throw new ConveyorError(
      "onExit must be called at the top level of a pipeline, not inside when, forEach or onExit",
      undefined,
      "invalid_pipeline",
    );
  }
  builder.within({ exitHandler: true }, () => body({ status: new ParamRef<RunOutcome>({ kind: "runStatus" }) }));
}
