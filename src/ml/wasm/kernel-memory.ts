import { assembleModule, type WasmFunction } from "./encoding.ts";

/**
 * The part of the WebAssembly JavaScript API used here: Node has all of it, but the
 * project's typings (lib ES2023 and @types/node, no DOM) do not declare it.
 */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => KernelModule;
  readonly Instance: new (module: KernelModule, imports: object) => { readonly exports: object };
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => SharedMemory;
}

/** A compiled module of kernels, instantiated once per KernelMemory. */
export type KernelModule = { readonly __brand: "WebAssembly.Module" };

interface SharedMemory {
  /** A new SharedArrayBuffer after each grow; the earlier ones stay valid. */
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** The most 64 kB pages a WebAssembly memory (32-bit addresses) can have: 4 GiB. */
const MAX_PAGES = 65536;
const PAGE_BYTES = 65536;

/** Assembles and compiles kernels written with ./encoding.ts, for KernelMemory. */
export function compileKernels(functions: readonly WasmFunction[]): KernelModule {
  return new wasm.Module(assembleModule(functions, MAX_PAGES));
}

/**
 * One WebAssembly memory and the kernels bound to it (K: their exports, called with byte
 * addresses into it). Views are handed out by a bump allocator and never freed (the memory
 * goes with its owner). The memory is shared: growing a shared memory leaves the views
 * already handed out valid, where growing an unshared one would detach them all.
 */
export class KernelMemory<K> {
  readonly kernel: K;
  private readonly memory: SharedMemory;
  private used = 0;

  /** `maxBytes`: the most this memory will ever hold (its address space is reserved up front). */
  constructor(module: KernelModule, maxBytes: number) {
    const maximum = Math.min(MAX_PAGES, Math.ceil(maxBytes / PAGE_BYTES) + 1);
    this.memory = new wasm.Memory({ initial: 1, maximum, shared: true });
    this.kernel = new wasm.Instance(module, { env: { memory: this.memory } }).exports as K;
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

  /** The byte address of `bytes` more, 16-aligned; grows the memory to hold them (so read `buffer` after). */
  private allocate(bytes: number): number {
    const address = Math.ceil(this.used / 16) * 16;
    this.used = address + bytes;
    const missing = Math.ceil(this.used / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (missing > 0) this.memory.grow(missing);
    return address;
  }
}
