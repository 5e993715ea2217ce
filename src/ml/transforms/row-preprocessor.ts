import { nonFiniteFeature } from "../feature-matrix.ts";
import type { InputColumn } from "./preprocessor.ts";
import { RowLayout, type RowTransform, type RowValues } from "./row-layout.ts";
import type { FittedStep } from "./table-step.ts";

/**
 * A Preprocessor's steps compiled for one row at a time (see Preprocessor.forRows): set the
 * input columns' values in `values`, call transformRow, read the features. Built once per
 * model; a row then builds no Table and allocates nothing (an error aside), and its features
 * are exactly those transformRows gives that row, because each step's row transform applies
 * the values that step fitted with the same arithmetic.
 */
export class RowPreprocessor {
  /** The row being transformed: the caller writes input column i at inputSlots[i]. */
  readonly values: RowValues;
  /** Each input column's slot, in `values.numbers` or `values.strings` by the column's type. */
  readonly inputSlots: Int32Array;
  private readonly transforms: readonly RowTransform[];
  private readonly featureSlots: Int32Array;

  constructor(
    readonly input: readonly InputColumn[],
    steps: readonly FittedStep[],
    private readonly featureNames: readonly string[],
  ) {
    const layout = new RowLayout(input);
    this.inputSlots = Int32Array.from(input, ({ name }) => layout.slot(name).slot);
    this.transforms = steps.map((step) => step.rowTransform(layout));
    this.featureSlots = Int32Array.from(featureNames, (name) => layout.numberSlot(name));
    this.values = layout.createRow();
  }

  get featureCount(): number {
    return this.featureSlots.length;
  }

  /**
   * Runs the steps on the input in `values` and writes the features to out[at ..]; refuses, as
   * transformRows does, a missing or infinite feature, an unseen category, a missing one to
   * encode. `row` is the row's number in the request, for those errors.
   */
  transformRow(row: number, out: Float64Array, at = 0): void {
    const { values, transforms, featureSlots } = this;
    for (let s = 0; s < transforms.length; s++) transforms[s]!(values, row);
    for (let j = 0; j < featureSlots.length; j++) {
      const value = values.numbers[featureSlots[j]!]!;
      if (!Number.isFinite(value)) throw nonFiniteFeature(this.featureNames[j]!, value, row);
      out[at + j] = value;
    }
  }
}
