/**
 * Builds a small ONNX model in the test itself (no model download): logistic regression
 * y = sigmoid(x · W + b), encoded by hand in protobuf's wire format.
 */

function varint(value: number): number[] {
  const out: number[] = [];
  let n = value;
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const key = (field: number, wireType: number) => varint(field * 8 + wireType);
const int = (field: number, value: number) => [...key(field, 0), ...varint(value)];
const bytes = (field: number, data: ArrayLike<number>) => [...key(field, 2), ...varint(data.length), ...Array.from(data)];
const text = (field: number, value: string) => bytes(field, new TextEncoder().encode(value));
const message = (field: number, ...parts: number[][]) => bytes(field, parts.flat());

const FLOAT = 1;

function tensor(field: number, name: string, dims: number[], values: number[]): number[] {
  const raw = new Uint8Array(new Float32Array(values).buffer);
  return message(field, ...dims.map((d) => int(1, d)), int(2, FLOAT), text(8, name), bytes(9, raw));
}

/** A [rows, n] float tensor: rows symbolic ("N"), n fixed. */
function valueInfo(field: number, name: string, n: number): number[] {
  const shape = message(2, message(1, text(2, "N")), message(1, int(1, n)));
  return message(field, text(1, name), message(2, message(1, int(1, FLOAT), shape)));
}

function node(op: string, inputs: string[], output: string): number[] {
  return message(1, ...inputs.map((i) => text(1, i)), text(2, output), text(3, `${op}_0`), text(4, op));
}

/** Logistic regression with one output: the positive class's probability, [rows, 1]. */
export function logisticOnnx(weights: number[], bias: number): Uint8Array {
  return model(
    [node("MatMul", ["x", "w"], "xw"), node("Add", ["xw", "b"], "z"), node("Sigmoid", ["z"], "probability")],
    [tensor(5, "w", [weights.length, 1], weights), tensor(5, "b", [1], [bias])],
    valueInfo(11, "x", weights.length),
    valueInfo(12, "probability", 1),
  );
}

/**
 * The same logistic regression as a two-class classifier, as skl2onnx exports one: output
 * "probabilities", [rows, 2]. softmax([0, z]) is [1 - sigmoid(z), sigmoid(z)], so the logits
 * are x · [0 | w] + [0, b].
 */
export function twoClassLogisticOnnx(weights: number[], bias: number): Uint8Array {
  const w = weights.flatMap((v) => [0, v]);
  return model(
    [node("MatMul", ["x", "w"], "xw"), node("Add", ["xw", "b"], "logits"), node("Softmax", ["logits"], "probabilities")],
    [tensor(5, "w", [weights.length, 2], w), tensor(5, "b", [2], [0, bias])],
    valueInfo(11, "x", weights.length),
    valueInfo(12, "probabilities", 2),
  );
}

function model(nodes: number[][], initializers: number[][], input: number[], output: number[]): Uint8Array {
  const graph = message(7, ...nodes, text(2, "logistic"), ...initializers, input, output);
  return new Uint8Array([...int(1, 7), ...text(2, "conveyor-test"), ...graph, ...message(8, int(2, 13))]);
}
