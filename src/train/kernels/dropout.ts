// Dropout on WebGPU with its mask drawn on the GPU, under tfjs-layers' Dropout in training mode.
//
// Why: tfjs 4.22's dropout draws its mask with tf.randomUniform, which fills it in JavaScript and
// uploads it every step (plus add, floor, div and mul kernels). On an H100/H200 host that was the
// largest single JS cost of the small CNN's step (randomUniform_ 5.5% of CPU samples at batch 32,
// with a 2,048-feature head; 8x the values at batch 256). Here: one WGSL program forward and the
// same program on dy backward, the mask a hash of (layer seed, call number, element index).
//
// One difference, on purpose: tfjs re-seeds its generator with the layer's seed on every call, so
// a seeded Dropout layer drops the same units at every step. Ours draws a new mask per call (the
// call number is part of the hash), as dropout is meant to; runs stay reproducible for a seed.

import type { KernelBackend, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';

import type { TfBatchNorm } from './batchNorm.js';
import { isWebGpuBackend, type WebGpuProgram } from './webgpuProgram.js';

export const DROPOUT_KERNEL = 'AugplayDropout';
const WORKGROUP = 64;

class DropoutProgram implements WebGpuProgram {
  readonly variableNames = ['x'];
  readonly uniforms = 'rate : f32, seed : i32, stream : i32,';
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly shaderKey = 'augplayDropout';
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(length: number) {
    this.outputShape = [length];
    this.dispatch = [Math.ceil(length / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    // murmur3's 32-bit finaliser over the index mixed with seed and stream (golden-ratio and
    // murmur constants); the top 24 bits give a uniform in [0, 1) as float32 holds it exactly.
    return `
      fn mix32(v : u32) -> u32 {
        var h = v;
        h = h ^ (h >> 16u);
        h = h * 0x85ebca6bu;
        h = h ^ (h >> 13u);
        h = h * 0xc2b2ae35u;
        h = h ^ (h >> 16u);
        return h;
      }
      fn main(index : i32) {
        if (index < uniforms.size) {
          let key = mix32((bitcast<u32>(uniforms.seed) * 0x9e3779b9u) ^ mix32(bitcast<u32>(uniforms.stream) + 0x632be5abu));
          let u = f32(mix32(bitcast<u32>(index) ^ key) >> 8u) / 16777216.0;
          let keep = 1.0 - uniforms.rate;
          result[index] = select(0.0, x[index] / keep, u >= uniforms.rate);
        }
      }
    `;
  }
}

/** Kernel {x} -> x with each element kept (and divided by 1 - rate) unless its hash falls below rate. */
const dropoutKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as KernelBackend;
  if (!isWebGpuBackend(b)) throw new Error(`${DROPOUT_KERNEL}: needs the webgpu backend`);
  const x = (inputs as { x: TensorInfo }).x;
  const { rate, seed, stream } = attrs as { rate: number; seed: number; stream: number };
  const length = x.shape.reduce((p, d) => p * d, 1);
  const out = b.runWebGPUProgram(new DropoutProgram(length), [{ ...x, shape: [length] }], 'float32', [
    { type: 'float32', data: [rate] },
    { type: 'int32', data: [seed | 0] },
    { type: 'int32', data: [stream | 0] },
  ]);
  return { ...out, shape: x.shape };
};

/** The fields of tfjs-layers' Dropout (4.22) the training call reads. */
interface DropoutLayerInternals {
  rate: number;
  seed?: number;
  noiseShape?: unknown;
}
type CallFn = (this: DropoutLayerInternals, inputs: Tensor | Tensor[], kwargs: Record<string, unknown>) => Tensor | Tensor[];

let patched: { proto: { call: CallFn }; stock: CallFn; backends: Set<string> } | undefined;
/** Calls per layer so far: the stream of the hash, so every call draws a new mask. */
const streams = new WeakMap<object, number>();
let oursCalls = 0;

export function gpuDropoutCalls(): number {
  return oursCalls;
}

/** Dropout with the mask from (seed, stream); its gradient applies the same mask to dy. */
export function dropoutOnGpu(tf: TfBatchNorm, x: Tensor, rate: number, seed: number, stream: number): Tensor {
  const attrs = { rate, seed, stream } as never;
  const op = tf.customGrad((xIn) => ({
    value: tf.engine().runKernel(DROPOUT_KERNEL, { x: xIn as Tensor }, attrs) as Tensor,
    gradFunc: (dy: Tensor) => tf.engine().runKernel(DROPOUT_KERNEL, { x: dy }, attrs) as Tensor,
  }));
  return op(x);
}

/** Installs ours under Dropout's training call on `backends` (webgpu only: the mask is WGSL). Idempotent. */
export function installGpuDropout(tf: TfBatchNorm, backends: readonly string[]): void {
  if (!tf.getKernel(DROPOUT_KERNEL, 'webgpu')) tf.registerKernel({ kernelName: DROPOUT_KERNEL, backendName: 'webgpu', kernelFunc: dropoutKernel });
  const wanted = new Set<string>(backends.filter((b) => b === 'webgpu'));
  if (patched) {
    patched.backends = wanted;
    return;
  }
  const proto = Object.getPrototypeOf(tf.layers.dropout({ rate: 0.5 })) as { call: CallFn };
  const stock = proto.call;
  const state = { proto, stock, backends: wanted };
  proto.call = function (this: DropoutLayerInternals, inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const usable = kwargs['training'] === true && input !== undefined && input.dtype === 'float32' && this.noiseShape == null && this.rate > 0 && this.rate < 1;
    if (!usable || (Array.isArray(inputs) && inputs.length !== 1) || !state.backends.has(tf.getBackend()) || !tf.getKernel(DROPOUT_KERNEL, 'webgpu')) {
      return stock.call(this, inputs, kwargs);
    }
    const stream = streams.get(this) ?? 0;
    streams.set(this, stream + 1);
    oursCalls++;
    return dropoutOnGpu(tf, input, this.rate, this.seed ?? 0, stream);
  };
  patched = state;
}

export function uninstallGpuDropout(): void {
  if (!patched) return;
  patched.proto.call = patched.stock;
  patched = undefined;
}
