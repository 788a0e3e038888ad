// Installs augplay's own convolution-gradient kernel into tfjs's kernel registry, and takes it out
// again. On WebGPU it replaces a slow stock kernel (see conv2dBackpropFilter.ts); on WASM, which
// has none, it is what lets a CNN train at all. Call after the backend packages are imported.

import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { CONV2D_BACKPROP_FILTER, checkSupported, conv2dBackpropFilterByTaps, type FilterGradAttrs } from './conv2dBackpropFilter.js';
import type { TfCore } from './types.js';
import type { TfBatchNorm } from './batchNorm.js';
import type { TfReluGrad } from './reluGrad.js';
import { installFusedBatchNorm, uninstallFusedBatchNorm } from './batchNormLayer.js';
import { installConvLayer, uninstallConvLayer, type TfConvLayer } from './convLayer.js';
import { installGpuDropout, uninstallGpuDropout } from './dropout.js';
import { installMeanGradient, restoreMeanGradient } from './meanGrad.js';
import { installReluGradient, restoreReluGradient } from './reluGrad.js';
import { installSmallUploads, uninstallSmallUploads } from './smallUploads.js';
import { canRunWgslFilterGrad, conv2dBackpropFilterWgsl } from './webgpuFilterGrad.js';

/**
 * tfjs-webgpu submits its command encoder every this many dispatches (default 15). Each submit
 * costs ~2 ms of CPU on an H100 host (Dawn/Vulkan), more than the 15 dispatches it carries; 64
 * took the small CNN's step from 25 to 16 ms (bench/gpu/README.md). Once our kernels had brought a
 * step under ~150 dispatches, 128 (one submit per step, at the loss read-back) beat 64 by 4-8% on
 * the CPU-bound configurations and tied on the GPU-bound ones (H200, same run, bench:gpu "ours@128").
 * Much larger (1000) was worse when steps still allocated many buffers: they go back to tfjs's pool
 * only at a submit, so the pool grows.
 */
export const WEBGPU_SUBMIT_BATCH = 128;
const SUBMIT_FLAG = 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE';
let stockSubmitBatch: number | undefined;

/** Whether `tf` is the full tfjs (with tfjs-layers), as the app and the bench pass it. */
function hasLayers(tf: TfCore): tf is TfCore & TfBatchNorm & TfReluGrad {
  const full = tf as Partial<TfBatchNorm & TfReluGrad>;
  return typeof full.layers?.batchNormalization === 'function' && typeof full.customGrad === 'function' && typeof full.step === 'function';
}

function hasFlag(tf: TfCore, flag: string): boolean {
  const registry = (tf.env() as unknown as { flagRegistry?: Record<string, unknown> }).flagRegistry;
  return registry != null && flag in registry;
}

export { CONV2D_BACKPROP_FILTER, checkSupported, conv2dBackpropFilterByTaps } from './conv2dBackpropFilter.js';
export type { FilterGradAttrs, SupportCheck } from './conv2dBackpropFilter.js';
export type { TfCore } from './types.js';

/**
 * Where ours goes by default: WebGPU (faster than stock) and WASM (no stock kernel). Not WebGL or
 * CPU: their stock kernels work, and nobody has measured ours against them.
 */
export const DEFAULT_BACKENDS: readonly string[] = ['webgpu', 'wasm'];

export interface ConvGradOptions {
  /** false takes ours out and puts the stock kernels back (the switch). Default true. */
  enabled?: boolean;
  /** Backends to install into; default DEFAULT_BACKENDS. Tests add 'cpu' to compare with stock. */
  backends?: readonly string[];
  /**
   * On WebGPU: 'wgsl' (default) runs our two WGSL programs; 'ops' composes tfjs kernels per filter
   * tap, as on every other backend. Kept selectable so the bench can compare them.
   */
  webgpuImplementation?: WebGpuImplementation;
  /**
   * Backends where BatchNormalization layers train through our fused op (batchNorm.ts); default:
   * webgpu where it is in `backends` (measured there; elsewhere the op is tfjs ops, kept for tests).
   * [] leaves the stock layer. Needs tfjs-layers in `tf` (the full @tensorflow/tfjs).
   */
  batchNormBackends?: readonly string[];
  /**
   * On WebGPU, Dropout's mask drawn on the GPU (dropout.ts) and ReLU's gradient in one program
   * (reluGrad.ts). Default true; false keeps tfjs's (the bench's "prev" mode).
   */
  elementwiseFusions?: boolean;
  /**
   * Conv2D layers call FusedConv2D with a gradient per input (convLayer.ts), so a model's first
   * convolution computes no input gradient; on the batch-norm backends. Default true; false keeps
   * tf.fused.conv2d's (the bench compares them).
   */
  convLayer?: boolean;
}

export type WebGpuImplementation = 'wgsl' | 'ops';

export interface ConvGradRegistration {
  /** "backend/Kernel" for every kernel of ours now installed by this call or an earlier one. */
  registered: string[];
  /** Backends left alone, with why (e.g. that backend's package is not imported). */
  skipped: { backend: string; reason: string }[];
}

/** Calls served since load, per path: the tests and the bench check that ours really ran. */
export interface ConvGradCounts {
  /** Served by ours (either implementation). */
  ours: number;
  /** Of those, by the WGSL programs. */
  wgsl: number;
  stock: number;
}

interface Installed {
  /** The backend's own kernel, put back on unregister; undefined where there was none (WASM). */
  stock: KernelConfig | undefined;
  implementation: WebGpuImplementation;
  /** Whether small uploads go through writeBuffer (smallUploads.ts); with the elementwise fusions. */
  smallUploads?: boolean;
}

const installed = new Map<string, Installed>();
const counts: ConvGradCounts = { ours: 0, wgsl: 0, stock: 0 };

function makeKernelFunc(tf: TfCore, backendName: string, stock: KernelFunc | undefined, implementation: WebGpuImplementation): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x?: TensorInfo; dy?: TensorInfo };
    if (!x || !dy) throw new Error('Conv2DBackpropFilter (augplay): inputs x and dy are required');
    // tfjs passes the op's attributes as a NamedAttrMap; this is their declared shape for this kernel.
    const filterAttrs = attrs as unknown as FilterGradAttrs;
    const support = checkSupported(x, dy, filterAttrs);
    const kernelBackend = backend as KernelBackend;
    // The WGSL programs take any filter size, stride and padding (uniforms); only the per-tap op
    // path is limited to the shapes checkSupported lists. So a patch stem (kernel = stride = 4)
    // runs ours on WebGPU too: tfjs's kernel took 21 ms for it at 64 px, batch 256 (H200).
    const wgsl =
      backendName === 'webgpu' &&
      implementation === 'wgsl' &&
      x.dtype === 'float32' &&
      dy.dtype === 'float32' &&
      x.shape.length === 4 &&
      dy.shape.length === 4 &&
      filterAttrs.dataFormat === 'NHWC' &&
      canRunWgslFilterGrad(kernelBackend, filterAttrs.filterShape);
    if (!support.ok && !wgsl && stock) {
      counts.stock++;
      return stock({ inputs, backend, attrs });
    }
    // No stock kernel here (WASM): ours covers every NHWC float32 case, just less measured.
    if (filterAttrs.dataFormat !== 'NHWC' || x.dtype !== 'float32') {
      throw new Error(
        `Conv2DBackpropFilter on ${backendName}: only NHWC float32 is implemented (got ${filterAttrs.dataFormat}, ${x.dtype}); use channelsLast`,
      );
    }
    counts.ours++;
    // The app registers before WebGPU starts; the backend instance is first seen here.
    if (backendName === 'webgpu' && installed.get('webgpu')?.smallUploads) installSmallUploads(kernelBackend);
    if (wgsl) {
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterAttrs.filterShape,
        filterAttrs.strides,
        1,
        filterAttrs.pad,
        filterAttrs.dimRoundingMode,
        false,
        'channelsLast',
      );
      counts.wgsl++;
      return conv2dBackpropFilterWgsl(tf, kernelBackend, x, dy, {
        filterHeight: info.filterHeight,
        filterWidth: info.filterWidth,
        strideHeight: info.strideHeight,
        strideWidth: info.strideWidth,
        padTop: info.padInfo.top,
        padLeft: info.padInfo.left,
      });
    }
    return conv2dBackpropFilterByTaps(tf, backendName, kernelBackend, x, dy, filterAttrs);
  };
}

function key(backendName: string): string {
  return `${backendName}/${CONV2D_BACKPROP_FILTER}`;
}

/**
 * Puts our Conv2DBackpropFilter into each backend in `backends` whose package is imported. With
 * `enabled: false` it is the off switch: same as unregisterConvGradKernels. Idempotent.
 */
export function registerConvGradKernels(tf: TfCore, options: ConvGradOptions = {}): ConvGradRegistration {
  const backends = options.backends ?? DEFAULT_BACKENDS;
  if (options.enabled === false) {
    unregisterConvGradKernels(tf);
    return { registered: [], skipped: backends.map((backend) => ({ backend, reason: 'switched off (enabled: false)' })) };
  }
  const skipped: ConvGradRegistration['skipped'] = [];
  // Backend-independent: Mean's gradient without a CPU-filled ones tensor (meanGrad.ts).
  installMeanGradient(tf);
  const batchNormBackends = options.batchNormBackends ?? backends.filter((b) => b === 'webgpu');
  if (batchNormBackends.length > 0 && hasLayers(tf)) installFusedBatchNorm(tf, batchNormBackends);
  else uninstallFusedBatchNorm();
  // Conv2D layers without the unused input gradient (convLayer.ts): with the batch norm, same backends.
  if (options.convLayer !== false && batchNormBackends.length > 0 && hasLayers(tf)) installConvLayer(tf as unknown as TfConvLayer, batchNormBackends);
  else uninstallConvLayer();
  const elementwise = options.elementwiseFusions !== false && backends.includes('webgpu') && hasLayers(tf);
  if (elementwise) {
    installGpuDropout(tf, ['webgpu']);
    installReluGradient(tf);
  } else {
    uninstallGpuDropout();
    restoreReluGradient(tf);
    uninstallSmallUploads();
  }
  if (backends.includes('webgpu') && hasFlag(tf, SUBMIT_FLAG) && stockSubmitBatch === undefined) {
    stockSubmitBatch = tf.env().getNumber(SUBMIT_FLAG);
    tf.env().set(SUBMIT_FLAG, Math.max(stockSubmitBatch, WEBGPU_SUBMIT_BATCH));
  }
  for (const backendName of backends) {
    const current = installed.get(backendName);
    if (current) {
      if (current.implementation === (options.webgpuImplementation ?? 'wgsl')) continue;
      // Switching implementation: put stock back first, then install the other one.
      tf.unregisterKernel(CONV2D_BACKPROP_FILTER, backendName);
      if (current.stock) tf.registerKernel(current.stock);
      installed.delete(backendName);
    }
    if (!tf.findBackendFactory(backendName)) {
      skipped.push({ backend: backendName, reason: 'backend not registered with tfjs (its package is not imported)' });
      continue;
    }
    const stock = tf.getKernel(CONV2D_BACKPROP_FILTER, backendName);
    // registerKernel over an existing one works but warns; unregister first to replace it quietly.
    if (stock) tf.unregisterKernel(CONV2D_BACKPROP_FILTER, backendName);
    tf.registerKernel({
      kernelName: CONV2D_BACKPROP_FILTER,
      backendName,
      kernelFunc: makeKernelFunc(tf, backendName, stock?.kernelFunc, options.webgpuImplementation ?? 'wgsl'),
    });
    installed.set(backendName, { stock, implementation: options.webgpuImplementation ?? 'wgsl' });
  }
  const webgpu = installed.get('webgpu');
  if (webgpu) webgpu.smallUploads = elementwise;
  return { registered: [...installed.keys()].map(key), skipped };
}

/** Takes ours out and puts back the stock kernels (none on WASM). Returns the backends restored. */
export function unregisterConvGradKernels(tf: TfCore): string[] {
  const restored: string[] = [];
  for (const [backendName, { stock }] of installed) {
    if (tf.getKernel(CONV2D_BACKPROP_FILTER, backendName)) tf.unregisterKernel(CONV2D_BACKPROP_FILTER, backendName);
    if (stock) tf.registerKernel(stock);
    restored.push(backendName);
  }
  installed.clear();
  restoreMeanGradient(tf);
  uninstallFusedBatchNorm();
  uninstallConvLayer();
  uninstallGpuDropout();
  restoreReluGradient(tf);
  uninstallSmallUploads();
  if (stockSubmitBatch !== undefined) {
    tf.env().set(SUBMIT_FLAG, stockSubmitBatch);
    stockSubmitBatch = undefined;
  }
  return restored;
}

/** Whether ours serves Conv2DBackpropFilter on `backendName` right now. */
export function convGradKernelsActive(backendName: string): boolean {
  return installed.has(backendName);
}

/**
 * Whether a CNN can train on `backendName`: false on WASM until ours is installed, since tfjs 4.22
 * has no Conv2DBackpropFilter there (tensorflow/tfjs#8474). The backend chain uses this to skip it.
 */
export function canTrainConvolutions(tf: TfCore, backendName: string): boolean {
  return tf.getKernel(CONV2D_BACKPROP_FILTER, backendName) !== undefined;
}

/** A copy of the per-path call counts since load. */
export function convGradCounts(): ConvGradCounts {
  return { ...counts };
}

export { createFusedAdam, FUSED_ADAM_KERNEL } from './fusedAdam.js';
export { adamInPlaceCalls, setAdamInPlaceEnabled } from './adamInPlace.js';
export { batchNormTrain, movingAverage } from './batchNorm.js';
export type { TfBatchNorm } from './batchNorm.js';
export { fusedBatchNormActive, fusedBatchNormCalls } from './batchNormLayer.js';
export { convLayerActive, convLayerCounts, setConvInputGradPath } from './convLayer.js';
export { fusedSoftmaxCrossEntropyCalls, setFusedSoftmaxCrossEntropy, softmaxCrossEntropy, SOFTMAX_CE_KERNEL } from './softmaxCrossEntropy.js';
export type { InputGradPath } from './convLayer.js';
export { DROPOUT_KERNEL, dropoutOnGpu, gpuDropoutCalls } from './dropout.js';
export { RELU_GRAD_KERNEL } from './reluGrad.js';
export { smallUploadCount } from './smallUploads.js';
export type { TfAdam } from './fusedAdam.js';
