/** `pipeline()`: a graph of tasks with parameters, usable as a component inside another. */
import { ConveyorError } from "../errors.ts";
import { activeBuilder, type TaskNode } from "./builder.ts";
import { bindInputs, makeTask, type Task } from "./component.ts";
import { ArtifactListRef, ArtifactRef, ParamRef, type RefSource } from "./refs.ts";
import type { Args, InputSpecs, ParamRefs, PipelineOutputs } from "./types.ts";

export interface PipelineConfig<P extends InputSpecs> {
  name: string;
  description?: string;
  params?: P;
}

export interface Pipeline<P extends InputSpecs = InputSpecs, O extends PipelineOutputs | void = PipelineOutputs | void> {
  /** Inlines the pipeline's tasks into the calling pipeline, named "<call name>.<task>". */
  (args: Args<P>, options?: { name?: string }): Task<O extends PipelineOutputs ? O : Record<string, never>>;
  readonly kind: "pipeline";
  readonly config: PipelineConfig<P> & { params: P };
  readonly build: (p: ParamRefs<P>) => O;
}

export function pipeline<P extends InputSpecs = {}, O extends PipelineOutputs | void = void>(
  config: PipelineConfig<P>,
  build: (p: ParamRefs<P>) => O,
): Pipeline<P, O> {
  const params = config.params ?? ({} as P);
  if (!/^[A-Za-z][\w-]*$/.test(config.name)) {
    throw new ConveyorError(
      `pipeline name "${config.name}" is not valid`,
      "use letters, digits, '-' and '_', starting with a letter",
      "invalid_pipeline",
    );
  }
  const call = (args: Args<P>, options: { name?: string } = {}) => {
    const builder = activeBuilder(`pipeline "${config.name}"`);
    const name = builder.claimName(options.name ?? config.name, options.name !== undefined);
    const bound = bindInputs(name, params, (args ?? {}) as Record<string, unknown>);
    const refs: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(params)) {
      const source: RefSource = bound[key] ?? { kind: "constant", value: (spec as { default?: never }).default ?? null };
      refs[key] =
        spec.kind === "artifact"
          ? new ArtifactRef(spec.type, source)
          : spec.kind === "artifactList"
            ? new ArtifactListRef(spec.item.type, source)
            : new ParamRef(source);
    }
    const first = builder.tasks.length;
    const outputs = builder.within({ prefix: `${name}.` }, () => build(refs as ParamRefs<P>));
    const nodes: TaskNode[] = builder.tasks.slice(first);
    return makeTask(name, (outputs ?? {}) as never, nodes);
  };
  return Object.assign(call, {
    kind: "pipeline" as const,
    config: { ...config, params },
    build,
  });
}

/** A pipeline of any parameters and outputs, as compile() and the CLI take it. */
export type AnyPipeline = Pipeline<any, any>;

export function isPipeline(value: unknown): value is AnyPipeline {
  return typeof value === "function" && (value as { kind?: unknown }).kind === "pipeline";
}
