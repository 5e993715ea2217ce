import type { Component, Task } from "../sdk/component.ts";
import type { TaskOptions } from "../sdk/options.ts";
import type { ParamRef } from "../sdk/refs.ts";
import type { Args, Bindable, InputSpecs, OutputRefs, OutputSpecs } from "../sdk/types.ts";
import type { ModelFamily } from "./models/model-families.ts";
import type { FamilyParams } from "./models/model-param-defs.ts";
import type { ParamValue } from "./models/model-params.ts";
import type { Distribution } from "./tuning/parameter-sampler.ts";

/**
 * What `params` takes for a model family: its own parameters, typed (a misspelt name or a
 * wrong type is a compile error), or a reference to parameters chosen at run time, such as a
 * tuning task's `bestParams`, which the task checks when it starts.
 */
export type ModelParamsArg<F extends ModelFamily> = Bindable<FamilyParams<F>> | ParamRef<Record<string, ParamValue>>;

/**
 * What a tuning `space` takes for a model family: for each of its parameters, the values to
 * try (a list of the parameter's type) or a range to draw from; or a reference to a space
 * given at run time (a pipeline parameter), checked when the task starts.
 */
export type ModelSpaceArg<F extends ModelFamily> =
  | Bindable<{ [K in keyof FamilyParams<F>]?: readonly Exclude<FamilyParams<F>[K], undefined>[] | Range }>
  | ParamRef<Readonly<Record<string, Distribution>>>;

type Range = { readonly uniform: readonly [number, number] } | { readonly logUniform: readonly [number, number] } | { readonly integers: readonly [number, number] };

type ModelArgs<I, F extends ModelFamily> = Omit<Args<I>, "kind" | "params" | "space"> & { kind: F | ParamRef<F> } & ("params" extends keyof I
    ? { params?: ModelParamsArg<F> }
    : unknown) &
  ("space" extends keyof I ? { space: ModelSpaceArg<F> } : unknown);

/** A component whose call types `params` (or a tuning `space`) by the model family `kind` names. */
export type ModelComponent<I extends InputSpecs, O extends OutputSpecs> = Omit<Component<I, O>, never> &
  (<F extends ModelFamily>(args: ModelArgs<I, F>, options?: TaskOptions) => Task<OutputRefs<O>>);

/** The same component, with its call signature typed by model family (nothing changes at run time). */
export function typedModelParams<I extends InputSpecs, O extends OutputSpecs>(
  component: Component<I, O>,
): ModelComponent<I, O> {
  return component as unknown as ModelComponent<I, O>;
}
