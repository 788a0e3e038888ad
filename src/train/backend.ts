// Picks the tfjs backend: WebGPU, then WebGL, then WASM, then CPU, and says why each earlier one was
// skipped. tfjs is imported dynamically here so it stays out of the first-paint bundle; UI code must
// reach this module only through `import()` too.
// Vite's types (import.meta.glob, ?url imports) are referenced here, not only in tsconfig, because
// Node-typed projects (the unit tests) reach this file through the store's dynamic imports.
/// <reference types="vite/client" />
import { errorMessage } from '../pipeline/errorMessage.js';

export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export interface SkippedBackend {
  name: string;
  reason: string;
}

export interface BackendChoice {
  name: BackendName;
  /** A human description of the device, e.g. "SwiftShader Device (Subzero)" or "google / swiftshader". */
  adapter?: string;
  skipped: SkippedBackend[];
}

export interface SelectOptions {
  /**
   * The model to train has convolutions. tfjs 4.22's WASM backend has no Conv2DBackpropFilter
   * kernel (tensorflow/tfjs#8474), so it can run a CNN but not train one; the chain then skips WASM
   * unless a filter-gradient kernel has been registered for it (src/train/kernels).
   */
  trainsConvolutions?: boolean;
}

/** Why WASM cannot train a CNN here, or undefined when it can (a Conv2DBackpropFilter kernel is registered). */
export function wasmConvGradientGap(tf: Tf): string | undefined {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return undefined;
  return 'cannot train convolutions: tfjs 4.22 WASM has no Conv2DBackpropFilter kernel (tensorflow/tfjs#8474); choose the MLP model to train on WASM';
}

/**
 * Upper bound for initialising one backend. WebGPU through SwiftShader (headless CI) takes a few
 * seconds; a driver that never answers must not leave the app detecting forever.
 */
export const BACKEND_INIT_TIMEOUT_MS = 45_000;

/** Just the parts of WebGPU used here; TypeScript's DOM lib does not declare WebGPU. */
interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

type Tf = typeof import('@tensorflow/tfjs');

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${BACKEND_INIT_TIMEOUT_MS / 1000} s`)), BACKEND_INIT_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function describeAdapter(info: GpuAdapterInfoLike): string | undefined {
  if (info.description) return info.description;
  const parts = [info.vendor, info.architecture, info.device].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' / ') : undefined;
}

/** Why WebGPU can't be used here, or the adapter's description when it can. */
async function probeWebGpu(): Promise<{ ok: true; adapter?: string } | { ok: false; reason: string }> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: 'navigator.gpu is missing (this browser or context has no WebGPU)' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter (navigator.gpu.requestAdapter() returned null)' };
  let info: GpuAdapterInfoLike | undefined = adapter.info;
  if (!info && adapter.requestAdapterInfo) {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = undefined;
    }
  }
  return { ok: true, adapter: info ? describeAdapter(info) : undefined };
}

/** Why WebGL can't be used here, or the renderer's name when it can. */
function probeWebGl(): { ok: true; adapter?: string } | { ok: false; reason: string } {
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : typeof document !== 'undefined'
        ? document.createElement('canvas')
        : undefined;
  if (!canvas) return { ok: false, reason: 'no canvas to create a WebGL context on' };
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | WebGL2RenderingContext | null;
  if (!gl) return { ok: false, reason: 'WebGL is not available (getContext returned null)' };
  // The unmasked name says which GPU (or SwiftShader) runs it; plain RENDERER is just "WebKit WebGL".
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { ok: true, adapter: typeof renderer === 'string' ? renderer : undefined };
}

/** Initialises `name` in tfjs and runs one small computation to prove it gives right answers. */
async function activate(tf: Tf, name: BackendName): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error('not registered with tfjs');
  const ok = await withTimeout(tf.setBackend(name), 'initialisation');
  if (!ok) throw new Error('tfjs could not initialise it (see the console for the driver error)');
  await tf.ready();
  // sum([1, 2, 3]^2) = 14: a backend that initialises but computes garbage is no backend.
  const result = tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3])).sum());
  const [value] = await withTimeout(result.data(), 'a test computation');
  result.dispose();
  if (value !== 14) throw new Error(`a test computation gave ${String(value)} instead of 14`);
}

/** The optional hook of the conv-gradient work: src/train/kernels/index.ts, when it exists. */
interface KernelsModule {
  // Returns a registration report (or a promise of one) that the chain does not need.
  registerConvGradKernels?: (tf: Tf) => unknown;
}
/**
 * import.meta.glob rather than import(): the kernels module may not exist yet, and a glob that
 * matches nothing is an empty object instead of a build error.
 */
const KERNEL_MODULES = import.meta.glob<KernelsModule>('./kernels/index.ts');

let tfPromise: Promise<Tf> | undefined;

/** Loads tfjs with the WebGPU and WASM backends registered, and the faster conv-gradient kernels when present. */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const [tf, , wasm] = await Promise.all([import('@tensorflow/tfjs'), import('@tensorflow/tfjs-backend-webgpu'), import('./wasmBackend.js')]);
    wasm.registerWasmBackend(tf);
    // Kernels are registered per backend name, before or after that backend initialises, so once is enough.
    for (const load of Object.values(KERNEL_MODULES)) {
      const kernels = await load();
      await kernels.registerConvGradKernels?.(tf);
    }
    return tf;
  })();
  return tfPromise;
}

/**
 * Selects the first backend that works, in BACKEND_ORDER; with `force`, only that one is tried
 * (and this throws if it fails). The skipped list names every backend not used, with why.
 */
export async function selectBackend(force?: BackendName, options: SelectOptions = {}): Promise<BackendChoice> {
  const tf = await loadTf();
  // The default model preset is a CNN, so unless told otherwise assume convolutions are trained.
  const trainsConvolutions = options.trainsConvolutions ?? true;
  const candidates: readonly BackendName[] = force ? [force] : BACKEND_ORDER;
  const skipped: SkippedBackend[] = force
    ? BACKEND_ORDER.filter((name) => name !== force).map((name) => ({ name, reason: `not tried: ${force} was requested` }))
    : [];

  for (const name of candidates) {
    let adapter: string | undefined;
    try {
      if (name === 'webgpu') {
        const probe = await withTimeout(probeWebGpu(), 'requesting a WebGPU adapter');
        if (!probe.ok) {
          skipped.push({ name, reason: probe.reason });
          continue;
        }
        adapter = probe.adapter;
      } else if (name === 'webgl') {
        const probe = probeWebGl();
        if (!probe.ok) {
          skipped.push({ name, reason: probe.reason });
          continue;
        }
        adapter = probe.adapter;
      } else if (name === 'wasm') {
        const gap = trainsConvolutions ? wasmConvGradientGap(tf) : undefined;
        if (gap) {
          if (force) throw new Error(`WASM ${gap}, or another backend`);
          skipped.push({ name, reason: gap });
          continue;
        }
      }
      // Re-selecting the running backend (e.g. at Train) needs no second initialisation.
      if (tf.engine().backendName !== name) await activate(tf, name);
      if (name === 'wasm') {
        const threads = (await import('./wasmBackend.js')).wasmThreads() ?? 1;
        adapter = `WebAssembly SIMD on the CPU, ${threads === 1 ? 'one thread' : `${threads} threads`}`;
      }
      return { name, adapter, skipped };
    } catch (error) {
      skipped.push({ name, reason: errorMessage(error) });
    }
  }
  const why = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new Error(force ? `The ${force} backend failed: ${why}` : `No tfjs backend works here: ${why}`);
}

export function isBackendName(value: string | null | undefined): value is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(value ?? '');
}
