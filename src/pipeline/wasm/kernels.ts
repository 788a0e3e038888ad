// The WebAssembly kernels (wasm/*.ts, AssemblyScript, compiled into ./binary.ts): instantiated
// synchronously on first use, in whatever thread runs the pipeline (page, worker, Node). Each
// kernel has a JavaScript twin in src/pipeline/kernels/ that gives the same bytes (property-tested);
// the twin runs where WebAssembly is missing or fails to start, and when a test turns this off.
//
// Memory: a call copies its inputs to the module's memory (from `heapBase`), runs, and copies the
// result out; copies cost ~1 µs per 150 KB here against tens of µs the kernels save.

import { KERNELS_WASM_BASE64 } from './binary.js';

/** The exports of wasm/index.ts. Pointers are byte offsets into `memory`. */
export interface KernelExports {
  heapBase(): number;
  mapBytes(src: number, table: number, dst: number, n: number, channels: number): void;
  tableToFloats(src: number, table: number, dst: number, pixels: number, channels: number, pixelStride: number, channelStride: number): void;
  histogram(src: number, pixels: number, channels: number, scratch: number, out: number): void;
  byteRanges(src: number, n: number, channels: number, out: number): void;
  channelSums(src: number, n: number, channels: number, out: number, scratch: number): void;
  blendKeeping(own: number, other: number, n: number, b: number): void;
  noiseTail(src: number, lut: number, normals: number, affine: number, dst: number, W: number, H: number, C: number, pixelStride: number, channelStride: number, sigma: number, drawsPerPixel: number, a: number, b: number, c: number, d: number, draws: number): void;
  saturate(src: number, dst: number, pixels: number, channels: number, factor: number): void;
  sharpen(src: number, dst: number, width: number, height: number, channels: number, amount: number, scratch: number): void;
  toGrey(src: number, dst: number, pixels: number, channels: number, outChannels: number): void;
  warpNearest(src: number, W: number, H: number, C: number, a: number, b: number, c: number, d: number, e: number, f: number, dst: number, width: number, height: number, border: number, fill: number, cols: number): void;
  shiftColumns(src: number, W: number, H: number, C: number, runs: number, runCount: number, inColumns: number, dst: number, width: number, height: number, fill: number): void;
  warpBilinear(src: number, W: number, H: number, C: number, a: number, b: number, c: number, d: number, e: number, f: number, dst: number, width: number, height: number, border: number, fill: number, cols: number): void;
  bilinearByTables(src: number, W: number, dst: number, width: number, height: number, a: number, b: number, c: number, d: number, e: number, f: number, inX: number, inY: number, inW: number, inH: number, border: number, cols: number, edges: number): number;
  gatherByTables(src: number, W: number, C: number, tx: number, ty: number, width: number, height: number, fills: number, dst: number): void;
  warpPair(src: number, inW: number, inH: number, C: number, f0: number, f1: number, f2: number, f3: number, f4: number, f5: number, firstBorder: number, firstFill: number, midW: number, midH: number, m0: number, m1: number, m2: number, m3: number, m4: number, m5: number, secondBorder: number, secondFill: number, dst: number, width: number, height: number, scratch: number): void;
}

interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly API used here (src/pipeline has no DOM or Node types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const PAGE = 65536;

export class Kernels {
  readonly fn: KernelExports;
  private readonly memory: WasmMemory;
  private base: number;
  private readonly regions = new Map<object, { ptr: number; bytes: number }>();
  private u8View = new Uint8Array(0);
  private f32View = new Float32Array(0);
  private f64View = new Float64Array(0);

  constructor(exports: Record<string, unknown>) {
    this.fn = exports as unknown as KernelExports;
    this.memory = exports.memory as WasmMemory;
    this.base = align(this.fn.heapBase());
  }

  /**
   * Lays out buffers of the given byte sizes one after another (16-byte aligned), growing memory
   * when needed, and returns their offsets. Views taken before a call to this may be stale.
   */
  reserve(...sizes: number[]): number[] {
    const offsets: number[] = [];
    let end = this.base;
    for (const size of sizes) {
      offsets.push(end);
      end = align(end + size);
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    return offsets;
  }

  /**
   * A constant table copied into memory once, for the life of the module (below the buffers that
   * `reserve` lays out): its offset. `data` must never change.
   */
  constant(data: Float32Array): number {
    const known = this.regions.has(data);
    const ptr = this.region(data, data.byteLength);
    if (!known) this.floats(ptr, data.length).set(data);
    return ptr;
  }

  /**
   * A region of at least `bytes` that keeps its contents from call to call (below the buffers that
   * `reserve` lays out), one per `owner`: its offset. Asking for more than it has moves it (the old
   * one is not reused; owners are few and their sizes settle).
   */
  region(owner: object, bytes: number): number {
    const had = this.regions.get(owner);
    if (had && had.bytes >= bytes) return had.ptr;
    const ptr = this.base;
    this.base = align(this.base + bytes);
    this.reserve();
    this.regions.set(owner, { ptr, bytes });
    return ptr;
  }

  /** Bytes of memory from `ptr` (a fresh view when memory has grown). */
  bytes(ptr: number, length: number): Uint8Array {
    if (this.u8View.buffer !== this.memory.buffer) this.u8View = new Uint8Array(this.memory.buffer);
    return this.u8View.subarray(ptr, ptr + length);
  }

  floats(ptr: number, length: number): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View.subarray(ptr >> 2, (ptr >> 2) + length);
  }

  /** Int32 values from `ptr` (4-byte aligned; a fresh view each call). */
  ints(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  doubles(ptr: number, length: number): Float64Array {
    if (this.f64View.buffer !== this.memory.buffer) this.f64View = new Float64Array(this.memory.buffer);
    return this.f64View.subarray(ptr >> 3, (ptr >> 3) + length);
  }
}

function align(n: number): number {
  return (n + 15) & ~15;
}

let instance: Kernels | null | undefined;
let enabled = true;
let failure: string | null = null;

function decodeBase64(text: string): Uint8Array {
  const atob = (globalThis as { atob?: (s: string) => string }).atob;
  if (!atob) throw new Error('atob is missing');
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function start(): Kernels | null {
  try {
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!api) throw new Error('WebAssembly is missing');
    const module = new api.Module(decodeBase64(KERNELS_WASM_BASE64));
    return new Kernels(new api.Instance(module, {}).exports);
  } catch (error) {
    // No SIMD, a CSP without 'wasm-unsafe-eval', or no WebAssembly: the JavaScript kernels run.
    failure = error instanceof Error ? error.message : String(error);
    return null;
  }
}

/** The kernels, or null when they are off or could not start (then the JavaScript twins run). */
export function wasmKernels(): Kernels | null {
  if (!enabled) return null;
  if (instance === undefined) instance = start();
  return instance;
}

/** Turns the WebAssembly kernels on or off (tests and benchmarks compare them with the JavaScript twins). */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

/** Which kernels this thread runs, in words: "WebAssembly (SIMD)", or "JavaScript (why)". */
export function kernelsInUse(): string {
  if (wasmKernels()) return 'WebAssembly (SIMD)';
  return `JavaScript (${enabled ? `WebAssembly did not start: ${failure ?? 'unknown'}` : 'WebAssembly turned off'})`;
}

/** Why the kernels did not start, or null (they started, or were not asked for yet). */
export function wasmFailure(): string | null {
  return failure;
}
