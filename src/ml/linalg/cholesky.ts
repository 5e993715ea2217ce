/**
 * Solves A x = b for a symmetric positive-definite n x n matrix A (row-major) by Cholesky
 * factorisation A = L Lᵀ, then forward and back substitution. A and b are left untouched.
 * Hand-written numeric kernel: the Newton step of every model fit runs through it, and for
 * the few dozen features we see it beats any call out to a native library.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = choleskyFactor(a, n, new Float64Array(n * n));
  return choleskySubstitute(l, b, n, new Float64Array(n));
}

/** Writes L (lower triangle, row-major) with A = L Lᵀ into `l` and returns it; A is untouched. */
export function choleskyFactor(a: Float64Array, n: number, l: Float64Array): Float64Array {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j * n + k]! ** 2;
    if (!(diagonal > 0)) throw new RangeError("the matrix is not positive definite");
    const ljj = Math.sqrt(diagonal);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = sum / ljj;
    }
  }
  return l;
}

/** Writes x with L Lᵀ x = b into `x` (which may be b itself) and returns it; L from choleskyFactor. */
export function choleskySubstitute(l: Float64Array, b: Float64Array, n: number, x: Float64Array): Float64Array {
  if (x !== b) x.set(b);
  for (let i = 0; i < n; i++) {
    let sum = x[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}
