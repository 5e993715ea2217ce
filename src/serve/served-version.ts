/**
 * One registered model version, loaded and ready to answer: what an endpoint hands the server
 * for each request. Everything the request path needs is decided once here, when the version is
 * loaded (the signature's column order, the class labels, the row scorer), never per request.
 */
import { createRowScorer, type RowScorer } from "../ml/row-scorer.ts";
import type { TrainedModel } from "../ml/trained-model.ts";
import type { ClassLabel } from "../ml/transforms/class-labels.ts";
import type { ColumnType } from "../ml/table.ts";

/** A column the model reads, in the order requests are decoded to. */
export interface SignatureColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface ServedVersion {
  /** The registered model's name. */
  readonly model: string;
  readonly version: number;
  /** The version number as text, as metric labels and answers name it. */
  readonly versionLabel: string;
  /** The model file's digest, as the registry recorded it. */
  readonly digest: string;
  readonly trained: TrainedModel;
  /** The model's rows scorer, built once here: requests are scored through it, never through a Table. */
  readonly scorer: RowScorer;
  /** The columns the model reads, in the model's own input order. */
  readonly columns: readonly SignatureColumn[];
  /** Their names, in the same order. */
  readonly columnNames: readonly string[];
  /** Classification: the labels, in probability order; null for a regressor. */
  readonly classes: readonly ClassLabel[] | null;
}

/** The version's columns and classes, from the model itself (the registry's signature is a copy of them). */
export function servedVersion(model: string, version: number, digest: string, trained: TrainedModel): ServedVersion {
  return {
    model,
    version,
    versionLabel: String(version),
    digest,
    trained,
    scorer: createRowScorer(trained),
    columns: trained.inputSchema.columns.map((c) => ({ name: c.name, type: c.type })),
    columnNames: trained.inputSchema.columns.map((c) => c.name),
    classes: trained.task === "classification" ? [...trained.classes] : null,
  };
}
