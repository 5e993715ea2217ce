/**
 * The columns of a predictions segment, one row per scored row: the record's own fields
 * under fixed names, then `probability.<i>` per class (in the signature's class order) and
 * `feature.<name>` per input column. The prefixes keep a feature called "time" or "model"
 * apart from the log's own columns, and tell a monitor which columns are the model's inputs.
 */
import type { Json } from "../../json.ts";
import type { AnsweredRows } from "../prediction-record.ts";
import { jsonColumn } from "./json-column.ts";
import type { PendingRows } from "./segment-buffer.ts";
import type { SegmentColumn } from "./segment-file.ts";

export const FEATURE_PREFIX = "feature.";
export const PROBABILITY_PREFIX = "probability.";

/** The columns every predictions segment has, with the type a reader sees them as. */
export const PREDICTION_COLUMNS = {
  request_id: "VARCHAR",
  row: "INTEGER",
  time: "TIMESTAMP",
  deployment: "VARCHAR",
  model: "VARCHAR",
  version: "INTEGER",
  role: "VARCHAR",
  prediction: "VARCHAR",
  latency_ms: "DOUBLE",
} as const;

/**
 * Answered rows copied into columns as they arrive, one set of columns per deployment, model and
 * version (each is written as its own segment): no object is kept per row or per request, only
 * the values, in arrays that grow by doubling. Numbers stay in Float64Arrays (NaN: missing, and
 * where a row lacks the column), so a request's numbers are copied as they are and the segment
 * is handed to DuckDB column by column.
 */
export class PredictionColumns implements PendingRows<AnsweredRows> {
  rows = 0;
  readonly #groups = new Map<string, GroupColumns>();
  /** The group of the last request: most requests share their predecessor's. */
  #last: GroupColumns | undefined;

  add(answered: AnsweredRows): void {
    let group = this.#last;
    if (group === undefined || !group.holds(answered)) {
      const key = JSON.stringify([answered.deployment, answered.model, answered.version]);
      group = this.#groups.get(key);
      if (group === undefined) {
        group = new GroupColumns(answered.deployment, answered.model, answered.version);
        this.#groups.set(key, group);
      }
      this.#last = group;
    }
    group.add(answered);
    this.rows += answered.count;
  }

  get groups(): readonly GroupColumns[] {
    return [...this.#groups.values()];
  }
}

/** A growing column of numbers, or, once it is given anything else, of JSON values. */
class GrowingColumn {
  values: Float64Array | (Json | undefined)[];

  constructor(capacity: number) {
    this.values = new Float64Array(capacity).fill(Number.NaN);
  }

  grow(capacity: number): void {
    if (!(this.values instanceof Float64Array)) return;
    const grown = new Float64Array(capacity).fill(Number.NaN);
    grown.set(this.values);
    this.values = grown;
  }

  write(at: number, given: Float64Array | readonly Json[], count: number): void {
    let column = this.values;
    let i = 0;
    if (column instanceof Float64Array) {
      if (given instanceof Float64Array) {
        // A one-row request's value, the common case, without a subarray to copy it through.
        if (count === 1) column[at] = given[0]!;
        else column.set(given.subarray(0, count), at);
        return;
      }
      for (; i < count; i++) {
        const value = given[i]!;
        if (typeof value === "number") column[at + i] = value;
        else if (value === null) column[at + i] = Number.NaN;
        else break;
      }
      if (i === count) return;
      column = Array.from(column, (v): Json | undefined => (Number.isNaN(v) ? undefined : v));
      this.values = column;
    }
    for (; i < count; i++) {
      const value = given[i]!;
      column[at + i] = typeof value === "number" && Number.isNaN(value) ? null : value;
    }
  }

  /** Its first `rows` values as a segment column. */
  segmentColumn(name: string, rows: number): SegmentColumn {
    const { values } = this;
    if (values instanceof Float64Array) return { name, stored: "DOUBLE", values: values.subarray(0, rows) };
    return jsonColumn(name, Array.from({ length: rows }, (_, i) => values[i]));
  }
}

/** The rows of one deployment, model and version. */
export class GroupColumns {
  rows = 0;
  /** Whether no row came before an earlier one: a server's rows, timed as it logs them, always do. */
  inTimeOrder = true;
  #capacity = 256;
  readonly #requestIds: string[] = [];
  readonly #roles: string[] = [];
  readonly #predictions: Json[] = [];
  #row = new Float64Array(this.#capacity);
  #time = new Float64Array(this.#capacity);
  #latency = new Float64Array(this.#capacity);
  readonly #probabilities: GrowingColumn[] = [];
  readonly #features = new Map<string, GrowingColumn>();
  /** The names array of the last request and its columns: a version's requests share one array. */
  #names: readonly string[] | undefined;
  #slots: GrowingColumn[] = [];

  constructor(
    readonly deployment: string | null,
    readonly model: string,
    readonly version: number,
  ) {}

  holds(answered: AnsweredRows): boolean {
    return answered.model === this.model && answered.version === this.version && answered.deployment === this.deployment;
  }

  add(answered: AnsweredRows): void {
    const at = this.rows;
    const count = answered.count;
    if (at + count > this.#capacity) this.#grow(at + count);
    const ms = answered.time.getTime();
    if (at > 0 && ms < this.#time[at - 1]!) this.inTimeOrder = false;
    const proba = answered.probabilities;
    const classes = proba ? proba.length / count : 0;
    while (this.#probabilities.length < classes) this.#probabilities.push(new GrowingColumn(this.#capacity));
    for (let i = 0; i < count; i++) {
      this.#requestIds.push(answered.requestId);
      this.#roles.push(answered.role);
      this.#predictions.push(answered.predictions[i]!);
      this.#row[at + i] = answered.firstRow + i;
      this.#time[at + i] = ms;
      this.#latency[at + i] = answered.latencyMs;
      for (let c = 0; c < classes; c++) (this.#probabilities[c]!.values as Float64Array)[at + i] = proba![i * classes + c]!;
    }
    const slots = this.#slotsFor(answered.names);
    for (let c = 0; c < slots.length; c++) slots[c]!.write(at, answered.columns[c]!, count);
    this.rows += count;
  }

  #slotsFor(names: readonly string[]): GrowingColumn[] {
    if (names !== this.#names) {
      this.#names = names;
      this.#slots = names.map((name) => {
        let column = this.#features.get(name);
        if (column === undefined) {
          column = new GrowingColumn(this.#capacity);
          this.#features.set(name, column);
        }
        return column;
      });
    }
    return this.#slots;
  }

  #grow(rows: number): void {
    let capacity = this.#capacity;
    while (capacity < rows) capacity *= 2;
    const grown = (values: Float64Array) => {
      const copy = new Float64Array(capacity);
      copy.set(values);
      return copy;
    };
    this.#row = grown(this.#row);
    this.#time = grown(this.#time);
    this.#latency = grown(this.#latency);
    for (const column of this.#probabilities) column.grow(capacity);
    for (const column of this.#features.values()) column.grow(capacity);
    this.#capacity = capacity;
  }

  /** The earliest and latest row times. */
  get span(): { minTime: Date; maxTime: Date; rowCount: number } {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.rows; i++) {
      const time = this.#time[i]!;
      if (time < min) min = time;
      if (time > max) max = time;
    }
    return { minTime: new Date(min), maxTime: new Date(max), rowCount: this.rows };
  }

  /** The segment's columns, in order. */
  segmentColumns(): SegmentColumn[] {
    const rows = this.rows;
    return [
      { name: "request_id", stored: "VARCHAR", values: this.#requestIds },
      { name: "row", stored: "INTEGER", values: this.#row.subarray(0, rows) },
      { name: "time", stored: "TIMESTAMP", values: this.#time.subarray(0, rows) },
      { name: "deployment", stored: "VARCHAR", values: new Array<string | null>(rows).fill(this.deployment) },
      { name: "model", stored: "VARCHAR", values: new Array<string>(rows).fill(this.model) },
      { name: "version", stored: "INTEGER", values: new Array<number>(rows).fill(this.version) },
      { name: "role", stored: "VARCHAR", values: this.#roles },
      jsonColumn("prediction", this.#predictions),
      ...this.#probabilities.map((column, i) => column.segmentColumn(`${PROBABILITY_PREFIX}${i}`, rows)),
      { name: "latency_ms", stored: "DOUBLE", values: this.#latency.subarray(0, rows) },
      ...Array.from(this.#features, ([name, column]) => column.segmentColumn(`${FEATURE_PREFIX}${name}`, rows)),
    ];
  }
}
