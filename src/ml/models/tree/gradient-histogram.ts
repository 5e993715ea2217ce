import type { BinnedFeatures } from "./binning.ts";

/**
 * Gradient histograms of one tree node: for every feature and bin, the sums of the node's
 * gradients and hessians and its row count, interleaved as [g, h, count] so that one row's
 * update touches one cache line. Features' bins are packed back to back: feature f owns
 * bins offsets[f] .. offsets[f + 1] - 1.
 */
export class GradientHistograms {
  /** Start bin of each feature, plus the total at the end. */
  readonly offsets: Int32Array;
  private readonly free: Float64Array[] = [];
  /** 0, 1, 2, …: the root's rows, which are all rows in order. */
  private readonly allRows: Int32Array;
  private readonly orderedGradients: Float32Array;
  private readonly orderedHessians: Float32Array;

  constructor(private readonly binned: BinnedFeatures) {
    this.allRows = new Int32Array(binned.rows);
    for (let r = 0; r < binned.rows; r++) this.allRows[r] = r;
    this.orderedGradients = new Float32Array(binned.rows);
    this.orderedHessians = new Float32Array(binned.rows);
    this.offsets = new Int32Array(binned.cols + 1);
    binned.edges.forEach((edges, f) => {
      this.offsets[f + 1] = this.offsets[f]! + edges.length + 1;
    });
  }

  /**
   * A zeroed histogram array, reused from released ones: a tree needs up to one per leaf
   * and allocating ~120 kB per node would keep the garbage collector busy.
   */
  acquire(): Float64Array {
    const histogram = this.free.pop();
    if (!histogram) return new Float64Array(this.offsets[this.binned.cols]! * 3);
    histogram.fill(0);
    return histogram;
  }

  release(histogram: Float64Array): void {
    this.free.push(histogram);
  }

  /**
   * Histograms of the root: all rows, in order. Their gradients and hessians are already
   * contiguous, so they are read in place (scikit-learn's _build_histogram_root), and each
   * feature's bins are read sequentially.
   */
  fillRoot(histogram: Float64Array, gradients: Float32Array, hessians: Float32Array): void {
    this.accumulate(histogram, this.allRows, 0, this.binned.rows, gradients, hessians);
  }

  /**
   * Histograms of the rows listed in rowIndex[start, end). Their gradients and hessians are
   * first gathered into contiguous arrays (scikit-learn's "ordered gradients"), read
   * sequentially by every feature pass.
   */
  fillRows(
    histogram: Float64Array,
    rowIndex: Int32Array,
    start: number,
    end: number,
    gradients: Float32Array,
    hessians: Float32Array,
  ): void {
    const { orderedGradients: g, orderedHessians: h } = this;
    gather(rowIndex, start, end, gradients, g);
    gather(rowIndex, start, end, hessians, h);
    this.accumulate(histogram, rowIndex, start, end - start, g, h);
  }

  /** Adds row rowList[start + i]'s bins with gradient g[i] and hessian h[i], for i < count. */
  private accumulate(
    histogram: Float64Array,
    rowList: Int32Array,
    start: number,
    count: number,
    g: Float32Array,
    h: Float32Array,
  ): void {
    const { bins, rows, cols } = this.binned;
    const rowsOf = { bins, rows, rowList, start, count, g, h };
    let f = 0;
    for (; f + 4 <= cols; f += 4) addFourFeatures(histogram, this.offsets, f, rowsOf);
    for (; f < cols; f++) addOneFeature(histogram, this.offsets, f, rowsOf);
  }
}

/** The rows a histogram is built from, and where their bins, gradients and hessians are. */
interface HistogramRows {
  readonly bins: Uint8Array;
  /** Rows in the training set: feature f's bins start at f * rows. */
  readonly rows: number;
  readonly rowList: Int32Array;
  readonly start: number;
  readonly count: number;
  readonly g: Float32Array;
  readonly h: Float32Array;
}

/**
 * Features f .. f + 3. This loop is most of the training time, so it is written for the
 * CPU: each row's index, gradient and hessian are loaded once for four histogram updates,
 * and the four updates are independent, so the CPU overlaps them instead of waiting on one
 * read-add-write chain (measured 1.5× faster than one feature at a time); four features'
 * histograms (4 × 255 × 3 doubles, 24 kB) still fit in L1.
 *
 * The hot loops here each have a function of their own, with no code after the loop: in a
 * function with code after its hot loop, V8 (Node 20) compiles the loop on stack replacement
 * with that code's feedback as it was then, and threw the compiled loop away on reaching
 * that code, call after call (hundreds of deoptimizations per fit).
 */
function addFourFeatures(
  histogram: Float64Array,
  offsets: Int32Array,
  f: number,
  { bins, rows, rowList, start, count, g, h }: HistogramRows,
): void {
  const c0 = f * rows;
  const c1 = c0 + rows;
  const c2 = c1 + rows;
  const c3 = c2 + rows;
  const b0 = offsets[f]! * 3;
  const b1 = offsets[f + 1]! * 3;
  const b2 = offsets[f + 2]! * 3;
  const b3 = offsets[f + 3]! * 3;
  for (let i = 0; i < count; i++) {
    const r = rowList[start + i]!;
    const gi = g[i]!;
    const hi = h[i]!;
    const k0 = b0 + bins[c0 + r]! * 3;
    const k1 = b1 + bins[c1 + r]! * 3;
    const k2 = b2 + bins[c2 + r]! * 3;
    const k3 = b3 + bins[c3 + r]! * 3;
    histogram[k0]! += gi;
    histogram[k0 + 1]! += hi;
    histogram[k0 + 2]! += 1;
    histogram[k1]! += gi;
    histogram[k1 + 1]! += hi;
    histogram[k1 + 2]! += 1;
    histogram[k2]! += gi;
    histogram[k2 + 1]! += hi;
    histogram[k2 + 2]! += 1;
    histogram[k3]! += gi;
    histogram[k3 + 1]! += hi;
    histogram[k3 + 2]! += 1;
  }
}

/** values[rowIndex[i]] for i in [start, end), into out[0, end - start). */
function gather(
  rowIndex: Int32Array,
  start: number,
  end: number,
  values: Float32Array,
  out: Float32Array,
): void {
  for (let i = start; i < end; i++) out[i - start] = values[rowIndex[i]!]!;
}

/** Feature f alone: the last cols % 4 features. */
function addOneFeature(
  histogram: Float64Array,
  offsets: Int32Array,
  f: number,
  { bins, rows, rowList, start, count, g, h }: HistogramRows,
): void {
  const column = f * rows;
  const base = offsets[f]! * 3;
  for (let i = 0; i < count; i++) {
    const k = base + bins[column + rowList[start + i]!]! * 3;
    histogram[k]! += g[i]!;
    histogram[k + 1]! += h[i]!;
    histogram[k + 2]! += 1;
  }
}

/**
 * The histogram subtraction trick: a parent's rows are exactly its two children's, so the
 * larger child's histograms are the parent's minus the smaller child's. Only the smaller
 * child is ever built from rows, which at least halves the work per level. Done in place:
 * the parent's array becomes the larger child's.
 */
export function subtractInPlace(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i]! -= child[i]!;
}
