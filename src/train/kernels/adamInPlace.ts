// Adam's per-variable update on WebGPU as ONE dispatch that rewrites w, m and v in their own
// buffers, instead of three tfjs programs that each allocate a new tensor (fusedAdam.ts). tfjs's
// program runner binds every input read-only and has one output, so this records its own pipeline
// into tfjs-webgpu's open compute pass, in order with tfjs's dispatches (same command encoder), and
// follows its bookkeeping: the buffers are marked as used by the queue, and the pass is submitted
// at tfjs's batch size.
//
// In place is safe only where nothing else holds the same data: a tf.clone of a weight shares its
// buffer (the trainer's best-weights copy does that), and tfjs's CPU cache of read values would go
// stale. So: every buffer's reference count must be 1 (else the caller takes the copying path),
// and the CPU copies are dropped. While tf.profile runs (it times each tfjs program) the caller's
// path runs too, so profiles stay per kernel.

import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';

/** Threads per workgroup, and workgroups per row of a two-dimensional dispatch. */
const WORKGROUP = 64;
/** WebGPU's guaranteed limit on workgroups per dispatch dimension (maxComputeWorkgroupsPerDimension). */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** The members of tfjs-webgpu 4.22's WebGPUBackend this uses; private in its types. */
interface WebGpuBackendInternals {
  device: GPUDevice;
  tensorMap: { get(dataId: DataId): { resource?: unknown; values?: unknown; refCount: number } | undefined };
  uploadToGPU(dataId: DataId): void;
  makeUniforms(uniforms: { type: 'float32' | 'int32'; data: number[] }[]): GPUBufferBinding;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  commandQueueOwnedIds: { add(dataId: DataId): unknown };
  dispatchCountInPass: number;
  activeTimers?: unknown[] | null;
}

export interface AdamInPlaceAttrs {
  beta1: number;
  beta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
}

// Same float32 operations in the same order as the three programs of fusedAdam.ts (and tfjs's Adam).
const SHADER = `
struct Params {
  beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32,
  oneMinusAccBeta1 : f32, oneMinusAccBeta2 : f32, epsilon : f32, negLearningRate : f32,
  size : i32, rowThreads : i32, pad0 : i32, pad1 : i32,
};
@group(0) @binding(0) var<storage, read_write> w : array<f32>;
@group(0) @binding(1) var<storage, read_write> m : array<f32>;
@group(0) @binding(2) var<storage, read_write> v : array<f32>;
@group(0) @binding(3) var<storage, read> g : array<f32>;
@group(0) @binding(4) var<uniform> p : Params;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let i = i32(id.y) * p.rowThreads + i32(id.x);
  if (i >= p.size) { return; }
  let gi = g[i];
  let mi = m[i] * p.beta1 + gi * p.oneMinusBeta1;
  let vi = v[i] * p.beta2 + (gi * gi) * p.oneMinusBeta2;
  m[i] = mi;
  v[i] = vi;
  let mHat = mi / p.oneMinusAccBeta1;
  let vHat = vi / p.oneMinusAccBeta2;
  w[i] = (mHat / (sqrt(vHat) + p.epsilon)) * p.negLearningRate + w[i];
}
`;

const pipelines = new WeakMap<GPUDevice, GPUComputePipeline>();
let calls = 0;
let enabled = true;

/** Switches the in-place update off (the bench's "prev" mode measures without it). */
export function setAdamInPlaceEnabled(on: boolean): void {
  enabled = on;
}

/** Updates done in place since load: the checks and the bench see which path ran. */
export function adamInPlaceCalls(): number {
  return calls;
}

function internals(backend: unknown): WebGpuBackendInternals | undefined {
  const b = backend as Partial<WebGpuBackendInternals>;
  const ok =
    b.device != null &&
    b.tensorMap != null &&
    typeof b.uploadToGPU === 'function' &&
    typeof b.makeUniforms === 'function' &&
    typeof b.ensureCommandEncoderReady === 'function' &&
    typeof b.endComputePassEncoder === 'function' &&
    typeof b.submitQueue === 'function' &&
    b.commandQueueOwnedIds != null &&
    typeof b.dispatchCountInPass === 'number';
  return ok ? (b as WebGpuBackendInternals) : undefined;
}

/**
 * Updates w, m and v of one variable in place with gradient g, if this backend and these tensors
 * allow it (see the file comment); returns false, having done nothing, where they do not.
 * `submitBatch` is tfjs's WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE.
 */
export function adamUpdateInPlace(
  backend: unknown,
  tensors: { w: TensorInfo; m: TensorInfo; v: TensorInfo; g: TensorInfo },
  attrs: AdamInPlaceAttrs,
  submitBatch: number,
): boolean {
  const b = internals(backend);
  if (!enabled || !b || b.activeTimers != null) return false;
  const { w, m, v, g } = tensors;
  const size = w.shape.reduce((p, d) => p * d, 1);
  for (const t of [w, m, v, g]) {
    if (t.dtype !== 'float32' || t.shape.reduce((p, d) => p * d, 1) !== size) return false;
  }
  for (const t of [w, m, v]) {
    if (b.tensorMap.get(t.dataId)?.refCount !== 1) return false;
  }
  if (size === 0) return true;
  const buffers: GPUBuffer[] = [];
  for (const t of [w, m, v, g]) {
    b.uploadToGPU(t.dataId);
    const resource = b.tensorMap.get(t.dataId)?.resource;
    if (!(resource instanceof GPUBuffer)) return false;
    buffers.push(resource);
  }
  let pipeline = pipelines.get(b.device);
  if (!pipeline) {
    pipeline = b.device.createComputePipeline({ layout: 'auto', compute: { module: b.device.createShaderModule({ code: SHADER }), entryPoint: 'main' } });
    pipelines.set(b.device, pipeline);
  }
  const workgroups = Math.ceil(size / WORKGROUP);
  const x = Math.min(workgroups, MAX_WORKGROUPS_PER_DIMENSION);
  const y = Math.ceil(workgroups / x);
  const uniforms = b.makeUniforms([
    {
      type: 'float32',
      data: [attrs.beta1, 1 - attrs.beta1, attrs.beta2, 1 - attrs.beta2],
    },
    { type: 'float32', data: [attrs.oneMinusAccBeta1, attrs.oneMinusAccBeta2, attrs.epsilon, -attrs.learningRate] },
    { type: 'int32', data: [size, x * WORKGROUP, 0, 0] },
  ]);
  const bindGroup = b.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [...buffers.map((buffer, i) => ({ binding: i, resource: { buffer } })), { binding: 4, resource: uniforms }],
  });
  b.ensureCommandEncoderReady();
  if (!b.computePassEncoder) b.computePassEncoder = b.commandEncoder!.beginComputePass({});
  b.computePassEncoder.setPipeline(pipeline);
  b.computePassEncoder.setBindGroup(0, bindGroup);
  b.computePassEncoder.dispatchWorkgroups(x, y, 1);
  for (const t of [w, m, v, g]) b.commandQueueOwnedIds.add(t.dataId);
  // Values read back earlier and cached on the CPU are now stale.
  for (const t of [w, m, v]) b.tensorMap.get(t.dataId)!.values = null;
  b.dispatchCountInPass++;
  calls++;
  if (submitBatch <= b.dispatchCountInPass) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
  return true;
}
