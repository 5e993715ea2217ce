import { F64, f64Const, I32, i32Const, local, memarg, op, simd, V128, type WasmFunction, whileLoop } from "../../wasm/encoding.ts";
import { compileKernels } from "../../wasm/kernel-memory.ts";

/**
 * The two passes of a softmax fit over the rows, as WebAssembly assembled here from bytes.
 * V8 runs a fresh process's (or worker thread's) first fit in its interpreter until it has
 * optimised the JavaScript loops in the background, and the earlier tiled JavaScript kernels
 * took 125-150 ms each to compile there (on a loaded machine): the first fit of the 10-class,
 * 64-feature bench problem took 3 to 7 times as long as the later ones. WebAssembly is
 * compiled before it first runs, by a fast baseline compiler, then optimised in the
 * background: the first fit took about half the CPU time it did, the later ones about 0.7×.
 * Both loops take two doubles at a time (SIMD).
 *
 * Addresses are byte addresses in the KernelMemory; x is row-major (rows × d), theta holds
 * for each class in turn [w_1..w_d, b], scores and residuals are row-major (rows × classes).
 */
export interface SoftmaxKernel {
  /** scores[i, k] = w_k·x_i + b_k. */
  readonly scores: (x: number, rows: number, d: number, theta: number, classes: number, scores: number) => void;
  /** out[k] += [Σ_i r_ik x_i, Σ_i r_ik]: out laid out as theta, and zeroed by the caller. */
  readonly gradient: (x: number, rows: number, d: number, residuals: number, classes: number, out: number) => void;
}

const get = (index: number) => local(op.localGet, index);
const set = (index: number) => local(op.localSet, index);
/** index += step (an i32 local). */
const advance = (index: number, step: number) => [...get(index), ...i32Const(step), op.i32Add, ...set(index)];
/** base + 8 × index, the address of a double. */
const doubleAt = (base: number, index: number) => [...get(base), ...get(index), ...i32Const(3), op.i32Shl, op.i32Add];
const lessThan = (a: number, b: number) => [...get(a), ...get(b), op.i32LtU];

/**
 * Both kernels' outer loops: `perClass` for each row (its address in local `row`) and each class
 * (local `k`). Both take (x, rows, d, …, classes, …) and keep i, k and row in locals 6, 7 and 9.
 */
function eachRowAndClass(perClass: number[]): number[] {
  const [x, rows, d, classes] = [0, 1, 2, 4];
  const [i, k, row] = [6, 7, 9];
  return [
    ...i32Const(0), ...set(i),
    ...whileLoop(lessThan(i, rows), [
      ...get(x), ...get(i), ...get(d), op.i32Mul, ...i32Const(3), op.i32Shl, op.i32Add, ...set(row),
      ...i32Const(0), ...set(k),
      ...whileLoop(lessThan(k, classes), perClass),
      ...advance(i, 1),
    ]),
  ];
}

function scoresFunction(): WasmFunction {
  const [d, theta, out] = [2, 3, 5];
  const [k, j, row, weights, sum] = [7, 8, 9, 10, 11];
  // Two vectors of sums, so that two additions are in flight at once.
  const [first, second] = [12, 13];
  const product = (offset: number) => [
    ...doubleAt(row, j), ...simd.v128Load, ...memarg(3, offset),
    ...doubleAt(weights, j), ...simd.v128Load, ...memarg(3, offset),
    ...simd.f64x2Mul,
  ];
  const zero = [...f64Const(0), ...simd.f64x2Splat];
  const perClass = [
    ...get(theta), ...get(k), ...get(d), ...i32Const(1), op.i32Add, op.i32Mul, ...i32Const(3), op.i32Shl, op.i32Add, ...set(weights),
    ...zero, ...local(op.localSet, first), ...zero, ...local(op.localSet, second),
    ...i32Const(0), ...set(j),
    ...whileLoop([...get(j), ...i32Const(4), op.i32Add, ...get(d), op.i32LeU], [
      ...get(first), ...product(0), ...simd.f64x2Add, ...set(first),
      ...get(second), ...product(16), ...simd.f64x2Add, ...set(second),
      ...advance(j, 4),
    ]),
    ...get(first), ...simd.f64x2ExtractLane0, ...get(first), ...simd.f64x2ExtractLane1, op.f64Add,
    ...get(second), ...simd.f64x2ExtractLane0, op.f64Add, ...get(second), ...simd.f64x2ExtractLane1, op.f64Add, ...set(sum),
    ...whileLoop(lessThan(j, d), [
      ...get(sum), ...doubleAt(row, j), op.f64Load, ...memarg(3), ...doubleAt(weights, j), op.f64Load, ...memarg(3), op.f64Mul, op.f64Add, ...set(sum),
      ...advance(j, 1),
    ]),
    // The intercept, then the score in its place.
    ...get(sum), ...doubleAt(weights, d), op.f64Load, ...memarg(3), op.f64Add, ...set(sum),
    ...get(out), ...get(sum), op.f64Store, ...memarg(3), ...advance(out, 8),
    ...advance(k, 1),
  ];
  return { name: "scores", params: [I32, I32, I32, I32, I32, I32], locals: [[5, I32], [1, F64], [2, V128]], body: eachRowAndClass(perClass) };
}

function gradientFunction(): WasmFunction {
  const [d, residuals, out] = [2, 3, 5];
  const [k, j, row, target, residual, spread] = [7, 8, 9, 10, 11, 12];
  const perClass = [
    ...get(out), ...get(k), ...get(d), ...i32Const(1), op.i32Add, op.i32Mul, ...i32Const(3), op.i32Shl, op.i32Add, ...set(target),
    ...get(residuals), op.f64Load, ...memarg(3), ...set(residual), ...advance(residuals, 8),
    ...get(residual), ...simd.f64x2Splat, ...set(spread),
    ...i32Const(0), ...set(j),
    // target[j..j+1] += r × x[j..j+1]
    ...whileLoop([...get(j), ...i32Const(2), op.i32Add, ...get(d), op.i32LeU], [
      ...doubleAt(target, j),
      ...doubleAt(target, j), ...simd.v128Load, ...memarg(3),
      ...get(spread), ...doubleAt(row, j), ...simd.v128Load, ...memarg(3), ...simd.f64x2Mul,
      ...simd.f64x2Add, ...simd.v128Store, ...memarg(3),
      ...advance(j, 2),
    ]),
    ...whileLoop(lessThan(j, d), [
      ...doubleAt(target, j),
      ...doubleAt(target, j), op.f64Load, ...memarg(3),
      ...get(residual), ...doubleAt(row, j), op.f64Load, ...memarg(3), op.f64Mul,
      op.f64Add, op.f64Store, ...memarg(3),
      ...advance(j, 1),
    ]),
    // The intercept's input is 1.
    ...doubleAt(target, d), ...doubleAt(target, d), op.f64Load, ...memarg(3), ...get(residual), op.f64Add, op.f64Store, ...memarg(3),
    ...advance(k, 1),
  ];
  return { name: "gradient", params: [I32, I32, I32, I32, I32, I32], locals: [[5, I32], [1, F64], [1, V128]], body: eachRowAndClass(perClass) };
}

/** The kernels, for a KernelMemory<SoftmaxKernel>. */
export const softmaxKernels = compileKernels([scoresFunction(), gradientFunction()]);
