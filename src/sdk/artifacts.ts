/** Artifact types: what flows between tasks as files, checked by type at compile time. */

export interface ArtifactSpec<T extends string = string> {
  readonly kind: "artifact";
  /** The artifact type: an input of type "Artifact" accepts any artifact. */
  readonly type: T;
  /** Default media type of the content; a task may set another when it writes. */
  readonly mediaType: string;
  readonly description?: string;
  /** An input that may be left out: `run` then receives undefined (see `optional`). */
  readonly optional?: boolean;
}

/** A list of artifacts of one type: the fan-in input that collects a forEach's outputs. */
export interface ArtifactListSpec<T extends string = string> {
  readonly kind: "artifactList";
  readonly item: ArtifactSpec<T>;
  readonly description?: string;
}

function artifactType<T extends string>(type: T, mediaType: string) {
  const spec: ArtifactSpec<T> = { kind: "artifact", type, mediaType };
  return spec;
}

/** Tabular data. */
export const Dataset = artifactType("Dataset", "text/csv");
/** A trained model. */
export const Model = artifactType("Model", "application/json");
/** Evaluation results: a JSON object of named numbers. */
export const Metrics = artifactType("Metrics", "application/json");

/** Any file, with the media type you give; an `Artifact` input accepts every artifact type. */
export function Artifact(mediaType = "application/octet-stream"): ArtifactSpec<"Artifact"> {
  return artifactType("Artifact", mediaType);
}

/** The input of a fan-in task that receives one artifact per forEach iteration. */
export function listOf<T extends string>(item: ArtifactSpec<T>, description?: string): ArtifactListSpec<T> {
  return description === undefined
    ? { kind: "artifactList", item }
    : { kind: "artifactList", item, description };
}

/** Adds a description to an artifact spec, for docs and the IR. */
export function describe<T extends string>(spec: ArtifactSpec<T>, description: string): ArtifactSpec<T> {
  return { ...spec, description };
}

/**
 * An artifact input that a call may leave out, e.g. a champion model to compare with when
 * there is one; `run` receives undefined for it then. Inputs only: outputs are always written.
 */
export function optional<T extends string>(spec: ArtifactSpec<T>): ArtifactSpec<T> & { readonly optional: true } {
  return { ...spec, optional: true };
}
