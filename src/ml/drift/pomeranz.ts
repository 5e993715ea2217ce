import { clipProbability, ldexp, scaleDown, scaleExponent, scaleUp } from "./scaled-float.ts";

/**
 * P(D_n <= x) for the two-sided one-sample KS statistic by Pomeranz's recursion (1974):
 * 2n + 1 rows, each the convolution of the previous one with (almost) Poisson
 * probabilities, of which only a short window is non-zero. Exact; scipy uses it for
 * n <= 140. Ported from scipy.stats._ksstats._kolmogn_Pomeranz.
 */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powers = 2 * (ll + 1);
  // (g/n)^m/m!, (2g/n)^m/m! and ((1-2g)/n)^m/m!: Poisson probabilities without their factor.
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
  for (let m = 1; m < powers; m++) {
    gPower[m] = (gPower[m - 1]! * (g / n)) / m;
    twoGPower[m] = (twoGPower[m - 1]! * ((2 * g) / n)) / m;
    oneMinusTwoGPower[m] = (oneMinusTwoGPower[m - 1]! * ((1 - 2 * g) / n)) / m;
  }

  let previous = new Float64Array(powers);
  let row = new Float64Array(powers);
  row[0] = 1;
  let previousStart = 0;
  let rowStart = 0;
  let exponent = 0;
  const window = (i: number) => rowWindow(i, n, ll, ceilF, roundF);
  let [j1, j2] = window(0);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, row] = [row, previous];
    [previousStart, rowStart] = [rowStart, previousStart];
    row.fill(0);
    [j1, j2] = window(i);
    const probabilities = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const length = j2 - k1 + 1;
    if (length <= 0) continue;
    const convolution = convolve(
      numpySlice(previous, k1 - previousStart, k1 - previousStart + length),
      probabilities.subarray(0, length),
    );
    row.set(numpySlice(convolution, j1 - k1, j2 - k1 + 1));
    let max = Number.NEGATIVE_INFINITY;
    for (const value of row) if (value > max) max = value;
    if (max > 0 && max < scaleDown) {
      for (let m = 0; m < row.length; m++) row[m] = row[m]! * scaleUp;
      exponent -= scaleExponent;
    }
    rowStart = previousStart + j1 - k1;
  }

  // Multiply by n!, keeping the product in range.
  let answer = row[n - rowStart]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > scaleUp) {
      answer *= scaleDown;
      exponent += scaleExponent;
    }
    answer *= m;
  }
  return clipProbability(ldexp(answer, exponent));
}

/** The columns of row i that can be non-zero (scipy's _pomeranz_compute_j1j2). */
function rowWindow(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** numpy.convolve(a, b), mode 'full'. */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const result = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) result[i + j] = result[i + j]! + a[i]! * b[j]!;
  }
  return result;
}

/** array[start:stop] with numpy's rules: negative indices count from the end, both are clipped. */
function numpySlice(array: Float64Array, start: number, stop: number): Float64Array {
  const resolve = (index: number) => Math.min(Math.max(index < 0 ? index + array.length : index, 0), array.length);
  return array.subarray(resolve(start), Math.max(resolve(start), resolve(stop)));
}
