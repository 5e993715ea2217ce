/** The type machinery that turns input/output specs into checked call signatures. */
import type { ArtifactListSpec, ArtifactSpec } from "./artifacts.ts";
import type { InputArtifact, OutputArtifact } from "./handles.ts";
import type { ParamSpec } from "./params.ts";
import type { ArtifactListRef, ArtifactRef, ParamRef } from "./refs.ts";

export type InputSpec = ParamSpec<any, boolean> | ArtifactSpec<string> | ArtifactListSpec<string>;
export type OutputSpec = ParamSpec<any, boolean> | ArtifactSpec<string>;
export type InputSpecs = Record<string, InputSpec>;
export type OutputSpecs = Record<string, OutputSpec>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** An input of the generic type "Artifact" accepts an artifact of any type. */
type Accepted<T extends string> = T extends "Artifact" ? string : T;

/**
 * A parameter value as a call gives it: the value, a reference to one, or a list or object
 * whose parts may be references (`{ accuracy: p.minAccuracy }`).
 */
export type Bindable<V> =
  | V
  | ParamRef<V>
  | (V extends readonly (infer E)[] ? Bindable<E>[] : V extends object ? { [K in keyof V]: Bindable<V[K]> } : never);

/** What a caller may pass for an input. */
export type ArgFor<S> =
  S extends ArtifactSpec<infer T>
    ? ArtifactRef<Accepted<T>>
    : S extends ArtifactListSpec<infer T>
      ? ArtifactListRef<Accepted<T>>
      : S extends ParamSpec<infer V, boolean>
        ? Bindable<V>
        : never;

type OptionalKeys<I> = { [K in keyof I]: I[K] extends { hasDefault: true } | { optional: true } ? K : never }[keyof I];

/** The argument object of a component or pipeline call: required inputs are required. */
export type Args<I> = Simplify<
  { [K in Exclude<keyof I, OptionalKeys<I>>]: ArgFor<I[K]> } & { [K in OptionalKeys<I>]?: ArgFor<I[K]> }
>;

/** The typed references a task exposes as `.outputs`. */
export type OutputRefs<O> = {
  readonly [K in keyof O]: O[K] extends ArtifactSpec<infer T>
    ? ArtifactRef<T>
    : O[K] extends ParamSpec<infer V, boolean>
      ? ParamRef<V>
      : never;
};

/** The references a pipeline's builder receives for its parameters. */
export type ParamRefs<P> = {
  readonly [K in keyof P]: P[K] extends ArtifactSpec<infer T>
    ? ArtifactRef<T>
    : P[K] extends ArtifactListSpec<infer T>
      ? ArtifactListRef<T>
      : P[K] extends ParamSpec<infer V, boolean>
        ? ParamRef<V>
        : never;
};

type ValueFor<S> =
  S extends ArtifactSpec<string>
    ? S extends { optional: true }
      ? InputArtifact | undefined
      : InputArtifact
    : S extends ArtifactListSpec<string>
      ? InputArtifact[]
      : S extends ParamSpec<infer V, boolean>
        ? V
        : never;

type ParamOutputKeys<O> = { [K in keyof O]: O[K] extends ParamSpec<any, boolean> ? K : never }[keyof O];
type ArtifactOutputKeys<O> = { [K in keyof O]: O[K] extends ArtifactSpec<string> ? K : never }[keyof O];

/** What `run` receives: input values and artifacts, and a write handle per output artifact. */
export type RunArgs<I, O> = Simplify<
  { readonly [K in keyof I]: ValueFor<I[K]> } & { readonly [K in ArtifactOutputKeys<O>]: OutputArtifact }
>;

/** What `run` returns: the output parameters, or nothing when there are none. */
export type RunResult<O> = [ParamOutputKeys<O>] extends [never]
  ? void
  : Simplify<{ [K in ParamOutputKeys<O>]: ValueFor<O[K]> }>;

/** References a pipeline may return as its outputs (to be used as a component). */
export type PipelineOutputs = Record<string, ParamRef<any> | ArtifactRef<string> | ArtifactListRef<string>>;
