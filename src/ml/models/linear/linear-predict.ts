import type { Matrix } from "../../matrix.ts";

/**
 * x·w + b for each row, into `out` (at least x.rows long). Hand-written numeric kernel, the
 * heart of the linear models' predict and of logistic regression's fit.
 */
export function linearPredict(
  x: Matrix,
  coefficients: Float64Array,
  intercept: number,
  out: Float64Array = new Float64Array(x.rows),
): Float64Array {
  linearPredictRows(x.data, x.rows, x.cols, coefficients, intercept, out);
  return out;
}

/**
 * linearPredict on `rows` rows of `cols` values at the start of `data`: a served row is scored
 * through the very kernel a batch is, so its sum is formed identically, with nothing allocated.
 */
export function linearPredictRows(
  data: Float64Array,
  rows: number,
  cols: number,
  coefficients: Float64Array,
  intercept: number,
  out: Float64Array,
): void {
  if (cols > MAX_UNROLLED_FEATURES) loopKernel(data, rows, cols, coefficients, intercept, out);
  else unrolledKernel(cols)(data, coefficients, intercept, rows, out);
}

type RowKernel = (data: Float64Array, coefficients: Float64Array, intercept: number, rows: number, out: Float64Array) => void;

/**
 * Wider than this, a generated kernel's source grows past what V8 optimises well, and the
 * row's loads outweigh the loop's overhead anyway.
 */
const MAX_UNROLLED_FEATURES = 64;
const unrolled = new Map<number, RowKernel>();

/**
 * A kernel for exactly `d` features, generated once per width: the coefficients sit in locals
 * (registers) instead of being loaded for every row, there is no inner loop, and the products
 * are summed as a balanced tree, so a row's additions are not one long chain of dependent
 * steps. On 20,000 × 20 rows it takes three quarters of the time of the loop kernel below,
 * the best written by hand, and the data's passage from memory becomes the limit. The source is built from numbers only.
 */
function unrolledKernel(d: number): RowKernel {
  let kernel = unrolled.get(d);
  if (!kernel) {
    const locals = Array.from({ length: d }, (_, j) => `const w${j} = coefficients[${j}];`).join("\n");
    const products = Array.from({ length: d }, (_, j) => `w${j} * data[o + ${j}]`);
    const body = `${locals}
for (let i = 0, o = 0; i < rows; i++, o += ${d}) out[i] = intercept + ${balancedSum(products)};`;
    kernel = new Function("data", "coefficients", "intercept", "rows", "out", body) as RowKernel;
    unrolled.set(d, kernel);
  }
  return kernel;
}

function balancedSum(terms: readonly string[]): string {
  if (terms.length === 0) return "0";
  if (terms.length === 1) return terms[0] as string;
  const half = terms.length >> 1;
  return `(${balancedSum(terms.slice(0, half))} + ${balancedSum(terms.slice(half))})`;
}

/**
 * For wide rows: four rows at a time, so each coefficient loaded serves four multiply-adds and
 * four independent sums proceed side by side. Rows past the end stand in as copies of the last
 * row and are not stored, so there is no tail loop.
 */
function loopKernel(
  data: Float64Array,
  rows: number,
  d: number,
  coefficients: Float64Array,
  intercept: number,
  out: Float64Array,
): void {
  const last = (rows - 1) * d;
  for (let i = 0; i < rows; i += 4) {
    const o0 = i * d;
    const o1 = Math.min(o0 + d, last);
    const o2 = Math.min(o0 + 2 * d, last);
    const o3 = Math.min(o0 + 3 * d, last);
    let z0 = intercept;
    let z1 = intercept;
    let z2 = intercept;
    let z3 = intercept;
    for (let j = 0; j < d; j++) {
      const w = coefficients[j]!;
      z0 += w * data[o0 + j]!;
      z1 += w * data[o1 + j]!;
      z2 += w * data[o2 + j]!;
      z3 += w * data[o3 + j]!;
    }
    out[i] = z0;
    if (i + 1 < rows) out[i + 1] = z1;
    if (i + 2 < rows) out[i + 2] = z2;
    if (i + 3 < rows) out[i + 3] = z3;
  }
}
