import { F64, f64Const, I32, local, memarg, op, signedLeb, type WasmFunction } from "../../wasm/encoding.ts";
import { compileKernels } from "../../wasm/kernel-memory.ts";

/**
 * The inner loop of gradient boosting, adding rows' gradients, hessians and counts to
 * gradient histograms, as WebAssembly assembled here from bytes: V8's optimised JavaScript
 * checks the bounds of every typed-array access, six per row and feature here, and this loop
 * is most of the training time; the WebAssembly loop has no such checks (the memory's guard
 * pages stand for them) and measured 1.5-2× faster than the best JavaScript version, with
 * the very same sums. Everything the loop reads and writes lives in one WebAssembly memory,
 * handed out as typed-array views by a KernelMemory (../../wasm/kernel-memory.ts).
 *
 * Each function adds `count` rows to the histograms of 4 features (or 1, for the remainder),
 * given as (column, base) byte-address pairs: the feature's bins (a byte per row, in row
 * order) and its histogram's bin 0 (bins of 24 bytes: gradient, hessian and count as
 * doubles). Gradients and hessians are read in order from g and h (float32). The rows are
 * either listed (`rows*`: an int32 array of row numbers, at `rowList`) or run on from row
 * number `rowList` (`root*`: every row of the training set, in order).
 */
export interface HistogramKernel {
  readonly rowsFour: (rowList: number, count: number, g: number, h: number, ...features: number[]) => void;
  readonly rowsOne: (rowList: number, count: number, g: number, h: number, column: number, base: number) => void;
  readonly rootFour: (firstRow: number, count: number, g: number, h: number, ...features: number[]) => void;
  readonly rootOne: (firstRow: number, count: number, g: number, h: number, column: number, base: number) => void;
}

/** A histogram bin's bytes: gradient, hessian and count, as doubles. */
export const BIN_BYTES = 24;

function addRowsFunction(name: string, features: number, listed: boolean): WasmFunction {
  const [rowList, count, g, h] = [0, 1, 2, 3];
  const column = (j: number) => 4 + 2 * j;
  const base = (j: number) => 5 + 2 * j;
  const params = 4 + 2 * features;
  const [row, gi, hi, bin] = [params, params + 1, params + 2, params + 3];
  const get = (index: number) => local(op.localGet, index);
  const set = (index: number) => local(op.localSet, index);
  const i32 = (value: number) => [op.i32Const, ...signedLeb(value)];
  const body: number[] = [op.block, op.emptyType, ...get(count), op.i32Eqz, op.brIf, 0, op.loop, op.emptyType];
  if (listed) body.push(...get(rowList), op.i32Load, ...memarg(2), ...set(row));
  body.push(...get(g), op.f32Load, ...memarg(2), op.f64PromoteF32, ...set(gi));
  body.push(...get(h), op.f32Load, ...memarg(2), op.f64PromoteF32, ...set(hi));
  for (let j = 0; j < features; j++) {
    // bin = base_j + bins[column_j + row] * 24, then its three doubles += (g, h, 1).
    body.push(...get(column(j)), ...get(listed ? row : rowList), op.i32Add, op.i32Load8U, ...memarg(0));
    body.push(...i32(BIN_BYTES), op.i32Mul, ...get(base(j)), op.i32Add, ...local(op.localTee, bin));
    body.push(...get(bin), op.f64Load, ...memarg(3, 0), ...get(gi), op.f64Add, op.f64Store, ...memarg(3, 0));
    body.push(...get(bin), ...get(bin), op.f64Load, ...memarg(3, 8), ...get(hi), op.f64Add, op.f64Store, ...memarg(3, 8));
    body.push(...get(bin), ...get(bin), op.f64Load, ...memarg(3, 16), ...f64Const(1), op.f64Add, op.f64Store, ...memarg(3, 16));
  }
  // The next row: the list's next entry, or the next row number.
  body.push(...get(rowList), ...i32(listed ? 4 : 1), op.i32Add, ...set(rowList));
  body.push(...get(g), ...i32(4), op.i32Add, ...set(g), ...get(h), ...i32(4), op.i32Add, ...set(h));
  body.push(...get(count), ...i32(1), op.i32Sub, ...local(op.localTee, count), op.brIf, 0, op.end, op.end);
  return { name, params: new Array(params).fill(I32), locals: [[1, I32], [2, F64], [1, I32]], body };
}

/** The kernels, for a KernelMemory<HistogramKernel>. */
export const histogramKernels = compileKernels([
  addRowsFunction("rowsFour", 4, true),
  addRowsFunction("rowsOne", 1, true),
  addRowsFunction("rootFour", 4, false),
  addRowsFunction("rootOne", 1, false),
]);
