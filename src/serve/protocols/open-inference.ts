/**
 * The Open Inference Protocol (KServe V2) inference request and response, as its REST spec
 * defines them. A request carries either one tensor per signature column (shape [n] or [n, 1],
 * named by the column) or one 2-D tensor [n, columns] in the signature's column order; `data` is
 * row-major, flat or nested. The outputs are "predict" (each row's label or value) and, for a
 * classifier, "predict_proba" ([n, classes], in the classes' order).
 */
import type { Json } from "../../json.ts";
import { badRequest } from "../bad-request.ts";
import { type ColumnValues, emptyColumns, names, type RequestRows, setCell, shown } from "../request-rows.ts";
import type { Answer } from "../answer.ts";
import { jsonList, numberList } from "../json-text.ts";
import type { ServedVersion, SignatureColumn } from "../served-version.ts";

export const DATATYPES = ["BOOL", "INT32", "INT64", "FP32", "FP64", "BYTES"] as const;
type Datatype = (typeof DATATYPES)[number];

interface Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: Datatype;
  /** Flattened, row-major. */
  readonly data: readonly unknown[];
}

export type OutputName = "predict" | "predict_proba";

/** The parts of a request read before the model is known. */
export interface InferRequest {
  readonly id: string | undefined;
  readonly tensors: readonly Tensor[];
  /** The outputs asked for, in order; ["predict"] when the request names none. */
  readonly outputs: readonly OutputName[];
}

/** Checks the request's structure: everything but what depends on the model's signature. */
export function readInferRequest(body: unknown): InferRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest(`the request must be a JSON object with "inputs", got ${shown(body)}`);
  const { id, inputs, outputs } = body as Record<string, unknown>;
  if (id !== undefined && typeof id !== "string") throw badRequest(`"id" must be a string, got ${shown(id)}`);
  if (!Array.isArray(inputs) || inputs.length === 0) throw badRequest(`"inputs" must be a non-empty list of tensors ({ name, shape, datatype, data })`);
  return { id, tensors: inputs.map(readTensor), outputs: readOutputs(outputs) };
}

function readTensor(input: unknown, i: number): Tensor {
  const where = `inputs[${i}]`;
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw badRequest(`${where} must be a tensor object ({ name, shape, datatype, data }), got ${shown(input)}`);
  const { name, shape, datatype, data } = input as Record<string, unknown>;
  if (typeof name !== "string") throw badRequest(`${where}.name must be a string, got ${shown(name)}`);
  const named = `input "${name}"`;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw badRequest(`${named}: "shape" must be a list of non-negative whole numbers, got ${shown(shape)}`);
  }
  if (!DATATYPES.includes(datatype as Datatype)) throw badRequest(`${named}: datatype ${shown(datatype)} is not served; use one of ${DATATYPES.join(", ")}`);
  if (!Array.isArray(data)) throw badRequest(`${named}: "data" must be a list (flat or nested, row-major), got ${shown(data)}`);
  const flat = data.some(Array.isArray) ? data.flat(Number.POSITIVE_INFINITY) : data;
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (flat.length !== size) throw badRequest(`${named}: shape ${JSON.stringify(shape)} holds ${size} values, but "data" has ${flat.length}`);
  return { name, shape: shape as number[], datatype: datatype as Datatype, data: flat };
}

function readOutputs(outputs: unknown): OutputName[] {
  if (outputs === undefined) return ["predict"];
  if (!Array.isArray(outputs) || outputs.length === 0) throw badRequest(`"outputs" must be a non-empty list of { "name": "predict" | "predict_proba" }`);
  return outputs.map((output, i) => {
    const name = (output as { name?: unknown } | null)?.name;
    if (name !== "predict" && name !== "predict_proba") throw badRequest(`outputs[${i}].name must be "predict" or "predict_proba", got ${shown(name)}`);
    return name;
  });
}

/** The request's rows in the version's signature order, every value checked against its column. */
export function inferRows(request: InferRequest, version: ServedVersion): RequestRows {
  if (request.outputs.includes("predict_proba") && version.classes === null) {
    throw badRequest(`models:/${version.model}/${version.version} is a regressor: it has no "predict_proba" output, only "predict"`);
  }
  const columns = version.columns;
  const byColumn = request.tensors.every((t) => columns.some((c) => c.name === t.name));
  if (byColumn) return columnTensors(request.tensors, columns);
  const [only] = request.tensors;
  if (request.tensors.length === 1 && only!.shape.length === 2) return matrixTensor(only!, columns);
  const unknown = request.tensors.find((t) => !columns.some((c) => c.name === t.name))!;
  throw badRequest(`input "${unknown.name}" is not a column of the model; send one tensor per column (${names(columns)}) or one 2-D tensor [rows, ${columns.length}]`);
}

function columnTensors(tensors: readonly Tensor[], columns: readonly SignatureColumn[]): RequestRows {
  const count = tensors[0]!.shape[0] ?? 1;
  const values = emptyColumns(columns, count);
  const seen = new Set<string>();
  for (const tensor of tensors) {
    const named = `input "${tensor.name}"`;
    if (seen.has(tensor.name)) throw badRequest(`${named} is given twice`);
    seen.add(tensor.name);
    const [rows, width = 1, ...rest] = tensor.shape;
    if (rows === undefined || width !== 1 || rest.length > 0) throw badRequest(`${named}: a column tensor has shape [rows] or [rows, 1], got ${JSON.stringify(tensor.shape)}`);
    if (rows !== count) throw badRequest(`${named} has ${rows} rows, but input "${tensors[0]!.name}" has ${count}`);
    const c = columns.findIndex((col) => col.name === tensor.name);
    fill(tensor, columns[c]!, values[c]!, count, undefined);
  }
  const missing = columns.find((c) => !seen.has(c.name));
  if (missing) throw badRequest(`no input for column "${missing.name}"; the model reads ${names(columns)}`);
  return { count, columns: values };
}

function matrixTensor(tensor: Tensor, columns: readonly SignatureColumn[]): RequestRows {
  const [count, width] = tensor.shape as [number, number];
  if (width !== columns.length) {
    throw badRequest(`input "${tensor.name}" has shape ${JSON.stringify(tensor.shape)}, but the model reads ${columns.length} columns (${names(columns)}): [rows, ${columns.length}]`);
  }
  const values = emptyColumns(columns, count);
  for (let c = 0; c < columns.length; c++) fill(tensor, columns[c]!, values[c]!, count, c);
  return { count, columns: values };
}

/**
 * Copies one column's values out of a tensor, checking each against the datatype and the column:
 * a column tensor's values in order, or column `position` of a 2-D tensor's rows.
 */
function fill(tensor: Tensor, column: SignatureColumn, values: ColumnValues, count: number, position: number | undefined): void {
  if ((tensor.datatype === "BYTES") !== (column.type === "string")) {
    throw badRequest(`input "${tensor.name}" is ${tensor.datatype}, but column "${column.name}" takes ${column.type === "string" ? "text: send BYTES" : "numbers: send FP64, FP32, INT64, INT32 or BOOL"}`);
  }
  const { data } = tensor;
  const first = position ?? 0;
  const step = position === undefined ? 1 : (tensor.shape[1] as number);
  // Numbers into a number column, the common case, go straight in; the place of a bad value is written only when there is one.
  const numbers = column.type === "number" && (tensor.datatype === "FP64" || tensor.datatype === "FP32") ? (values as Float64Array) : undefined;
  for (let row = 0, at = first; row < count; row++, at += step) {
    const value = data[at];
    if (numbers !== undefined && typeof value === "number") numbers[row] = value;
    else {
      const where = () => `input "${tensor.name}" at [${position === undefined ? row : `${row}, ${position}`}]`;
      setCell(column, values, row, typed(tensor.datatype, value, where), where);
    }
  }
}

/** The value as its datatype allows it; null stays null (a missing value). */
function typed(datatype: Datatype, value: unknown, where: () => string): unknown {
  if (value === null) return null;
  switch (datatype) {
    case "BOOL":
      if (typeof value !== "boolean") throw badRequest(`${where()}: BOOL data must be true or false, got ${shown(value)}`);
      return value ? 1 : 0;
    case "INT32":
    case "INT64": {
      const limit = datatype === "INT32" ? 2 ** 31 : 2 ** 63;
      if (typeof value !== "number" || !Number.isInteger(value) || value < -limit || value >= limit) throw badRequest(`${where()}: ${datatype} data must be whole numbers, got ${shown(value)}`);
      return value;
    }
    case "FP32":
    case "FP64":
      if (typeof value !== "number") throw badRequest(`${where()}: ${datatype} data must be numbers, got ${shown(value)}`);
      return value;
    case "BYTES":
      if (typeof value !== "string") throw badRequest(`${where()}: BYTES data must be strings, got ${shown(value)}`);
      return value;
  }
}

/** The datatype of the version's predictions: BYTES for text labels, INT64 for whole-number labels, else FP64. */
export function predictionDatatype(version: ServedVersion): Datatype {
  if (version.classes === null) return "FP64";
  if (version.classes.every((c) => typeof c === "string")) return "BYTES";
  return version.classes.every((c) => Number.isInteger(c)) ? "INT64" : "FP64";
}

/** The inference response, as JSON text, fields in the spec's order. */
export function inferResponseText(request: InferRequest, { version, count, scores }: Answer): string {
  let text = `{"model_name":${JSON.stringify(version.model)},"model_version":"${version.versionLabel}"`;
  if (request.id !== undefined) text += `,"id":${JSON.stringify(request.id)}`;
  text += ',"outputs":[';
  for (let i = 0; i < request.outputs.length; i++) {
    if (i > 0) text += ",";
    if (request.outputs[i] === "predict") {
      text += `{"name":"predict","shape":[${count}],"datatype":"${predictionDatatype(version)}","data":${jsonList(scores.predictions)}}`;
    } else {
      const proba = scores.probabilities!;
      text += `{"name":"predict_proba","shape":[${proba.rows},${proba.cols}],"datatype":"FP64","data":${numberList(proba.data)}}`;
    }
  }
  return `${text}]}`;
}

/** The model metadata response: the signature's columns as tensors, and the outputs; `versions` are those loaded. */
export function modelMetadata(version: ServedVersion, versions: readonly number[]): Record<string, Json> {
  const outputs: Json[] = [{ name: "predict", datatype: predictionDatatype(version), shape: [-1] }];
  if (version.classes) outputs.push({ name: "predict_proba", datatype: "FP64", shape: [-1, version.classes.length] });
  return {
    name: version.model,
    versions: versions.map(String),
    platform: `conveyor-${version.trained.kind}`,
    inputs: version.columns.map((c) => ({ name: c.name, datatype: c.type === "number" ? "FP64" : "BYTES", shape: [-1] })),
    outputs,
  };
}
