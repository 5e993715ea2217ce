import type { Component, Task } from "../sdk/component.ts";
import type { TaskOptions } from "../sdk/options.ts";
import type { ParamRef } from "../sdk/refs.ts";
import type { Args, Bindable, InputSpecs, OutputRefs, OutputSpecs } from "../sdk/types.ts";
import type { ModelFamily } from "./models/model-families.ts";
import type { FamilyParams } from "./models/model-param-defs.ts";
import type { ParamValue } from "./models/model-params.ts";

/**
 * What `params` takes for a model family: its own parameters, typed (a misspelt name or a
 * wrong type is a compile error), or a reference to parameters chosen at run time, such as a
 * tuning task's `bestParams`, which the task checks when it starts.
 */
export type ModelParamsArg<F extends ModelFamily> = Bindable<FamilyParams<F>> | ParamRef<Record<string, ParamValue>>;

type ModelArgs<I, F extends ModelFamily> = Omit<Args<I>, "kind" | "params"> & {
  kind: F | ParamRef<F>;
  params?: ModelParamsArg<F>;
};

/** A component whose call types `params` by the model family `kind` names. */
export type ModelComponent<I extends InputSpecs, O extends OutputSpecs> = Omit<Component<I, O>, never> &
  (<F extends ModelFamily>(args: ModelArgs<I, F>, options?: TaskOptions) => Task<OutputRefs<O>>);

/** The same component, with its call signature typed by model family (nothing changes at run time). */
export function typedModelParams<I extends InputSpecs, O extends OutputSpecs>(
  component: Component<I, O>,
): ModelComponent<I, O> {
  return component as unknown as ModelComponent<I, O>;
}
