/**
 * Just enough of the WebAssembly binary format to assemble a module of numeric functions
 * over one imported shared memory from TypeScript, with no toolchain: the histogram kernel
 * (models/tree/histogram-kernel.ts) and the softmax kernels (models/linear/softmax-kernel.ts)
 * are written as bytes with these.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** The opcodes the kernels use; a memory access is followed by memarg(align, offset). */
export const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  emptyType: 0x40,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32LeU: 0x4d,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Mul: 0xa2,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD instructions (two doubles a vector), each as its bytes; a load or store is followed by memarg. */
export const simd = {
  v128Load: [0xfd, 0x00],
  v128Store: [0xfd, 0x0b],
  f64x2Splat: [0xfd, 0x14],
  f64x2ExtractLane0: [0xfd, 0x21, 0],
  f64x2ExtractLane1: [0xfd, 0x21, 1],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
} as const;

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Alignment as a power of two, and a constant offset added to the address. */
export function memarg(alignLog2: number, offset = 0): number[] {
  return [alignLog2, ...unsignedLeb(offset)];
}

export function f64Const(value: number): number[] {
  return [op.f64Const, ...new Uint8Array(new Float64Array([value]).buffer)];
}

export function local(code: number, index: number): number[] {
  return [code, ...unsignedLeb(index)];
}

export function i32Const(value: number): number[] {
  return [op.i32Const, ...signedLeb(value)];
}

/** `while (condition) body`: condition leaves an i32 on the stack, nonzero to go on. */
export function whileLoop(condition: readonly number[], body: readonly number[]): number[] {
  return [op.block, op.emptyType, op.loop, op.emptyType, ...condition, op.i32Eqz, op.brIf, 1, ...body, op.br, 0, op.end, op.end];
}

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  /** Runs of locals after the parameters: [count, type]. */
  readonly locals: readonly (readonly [number, number])[];
  /** The instructions, without the final `end`. */
  readonly body: readonly number[];
}

function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function section(id: number, body: readonly number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body];
}

function utf8Name(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/**
 * A module that imports a shared memory as env.memory (at most maxPages of 64 kB) and
 * exports each function, with no result, under its name.
 */
export function assembleModule(functions: readonly WasmFunction[], maxPages: number): Uint8Array {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), 0]);
  // Limits flag 3: shared, with a maximum (a shared memory must have one).
  const memoryImport = [...utf8Name("env"), ...utf8Name("memory"), 0x02, 0x03, ...unsignedLeb(1), ...unsignedLeb(maxPages)];
  const code = functions.map((f) => {
    const body = [...vector(f.locals.map(([count, type]) => [...unsignedLeb(count), type])), ...f.body, op.end];
    return [...unsignedLeb(body.length), ...body];
  });
  return new Uint8Array([
    ...header,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...utf8Name(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(code)),
  ]);
}
