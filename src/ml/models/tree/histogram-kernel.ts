import { assembleModule, F64, f64Const, I32, local, memarg, op, signedLeb, type WasmFunction } from "./wasm-encoding.ts";

/**
 * The inner loop of gradient boosting, adding rows' gradients, hessians and counts to
 * gradient histograms, as WebAssembly assembled here from bytes: V8's optimised JavaScript
 * checks the bounds of every typed-array access, six per row and feature here, and this loop
 * is most of the training time; the WebAssembly loop has no such checks (the memory's guard
 * pages stand for them) and measured 1.5-1.8× faster than the best JavaScript version, with
 * the very same sums. Everything the loop reads and writes lives in one WebAssembly memory,
 * handed out as typed-array views by a KernelMemory.
 *
 * Each function adds `count` rows to the histograms of 4 features (or 1, for the remainder),
 * given as (column, base) byte-address pairs: the feature's bins (a byte per row, in row
 * order) and its histogram's bin 0 (bins of 24 bytes: gradient, hessian and count as
 * doubles). Gradients and hessians are read in order from g and h (float32). The rows are
 * either listed (`rows*`: an int32 array of row numbers, at `rowList`) or run on from row
 * number `rowList` (`root*`: every row of the training set, in order).
 */
interface KernelFunctions {
  readonly rowsFour: (rowList: number, count: number, g: number, h: number, ...features: number[]) => void;
  readonly rowsOne: (rowList: number, count: number, g: number, h: number, column: number, base: number) => void;
  readonly rootFour: (firstRow: number, count: number, g: number, h: number, ...features: number[]) => void;
  readonly rootOne: (firstRow: number, count: number, g: number, h: number, column: number, base: number) => void;
}

/**
 * The part of the WebAssembly JavaScript API used here: Node has all of it, but the
 * project's typings (lib ES2023 and @types/node, no DOM) do not declare it.
 */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedMemory;
}

interface SharedMemory {
  /** A new SharedArrayBuffer after each grow; the earlier ones stay valid. */
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** A histogram bin's bytes: gradient, hessian and count, as doubles. */
export const BIN_BYTES = 24;

/** The most 64 kB pages a WebAssembly memory (32-bit addresses) can have: 4 GiB. */
const MAX_PAGES = 65536;
const PAGE_BYTES = 65536;

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

const kernelModule = new wasm.Module(
  assembleModule(
    [
      addRowsFunction("rowsFour", 4, true),
      addRowsFunction("rowsOne", 1, true),
      addRowsFunction("rootFour", 4, false),
      addRowsFunction("rootOne", 1, false),
    ],
    MAX_PAGES,
  ),
);

/**
 * One WebAssembly memory and the kernel bound to it. Views are handed out by a bump
 * allocator and never freed (the memory goes with its owner). The memory is shared: growing
 * a shared memory leaves the views already handed out valid, where growing an unshared one
 * would detach them all.
 */
export class KernelMemory {
  readonly kernel: KernelFunctions;
  private readonly memory: SharedMemory;
  private used = 0;

  /** `maxBytes`: the most this memory will ever hold (its address space is reserved up front). */
  constructor(maxBytes: number) {
    const maximum = Math.min(MAX_PAGES, Math.ceil(maxBytes / PAGE_BYTES) + 1);
    this.memory = new wasm.Memory({ initial: 1, maximum, shared: true });
    this.kernel = new wasm.Instance(kernelModule, { env: { memory: this.memory } })
      .exports as unknown as KernelFunctions;
  }

  uint8(length: number): Uint8Array {
    const address = this.allocate(length);
    return new Uint8Array(this.memory.buffer, address, length);
  }

  int32(length: number): Int32Array {
    const address = this.allocate(length * 4);
    return new Int32Array(this.memory.buffer, address, length);
  }

  float32(length: number): Float32Array {
    const address = this.allocate(length * 4);
    return new Float32Array(this.memory.buffer, address, length);
  }

  /** Zeroed, as every new view is. */
  float64(length: number): Float64Array {
    const address = this.allocate(length * 8);
    return new Float64Array(this.memory.buffer, address, length);
  }

  /** The byte address of `bytes` more, 8-aligned; grows the memory to hold them (so read `buffer` after). */
  private allocate(bytes: number): number {
    const address = Math.ceil(this.used / 8) * 8;
    this.used = address + bytes;
    const missing = Math.ceil(this.used / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (missing > 0) this.memory.grow(missing);
    return address;
  }
}
