// Adam whose per-variable update is one tfjs kernel of three WGSL programs on WebGPU, instead of
// tfjs's ~14 element-wise kernels plus ~5 scalar uploads per variable per step.
//
// Why: on a real GPU (H100, Node + Dawn) a training step of our CNN presets is bound by the CPU
// cost of dispatching kernels (~0.2 ms each through tfjs-webgpu + Dawn), not by GPU time; stock Adam
// was half of the small CNN's ~180 dispatches per step (bench/gpu/README.md has the profile).
//
// Same arithmetic as tfjs 4.22's AdamOptimizer (same order of float32 operations, bias correction
// from beta^t), same state (one m and one v variable per weight, named as tfjs names them), so
// getWeights / setWeights / checkpoints are unchanged. On any backend but WebGPU it is tfjs's Adam.

import type * as tfCore from '@tensorflow/tfjs-core';
import type { KernelBackend, Optimizer, Tensor, TensorInfo, Variable } from '@tensorflow/tfjs-core';
import type { NamedTensor, NamedVariableMap } from '@tensorflow/tfjs-core/dist/tensor_types';
import { adamUpdateInPlace } from './adamInPlace.js';
import { isWebGpuBackend, type WebGpuProgram } from './webgpuProgram.js';

/** The parts of tfjs the fused Adam uses. */
export type TfAdam = Pick<
  typeof tfCore,
  'AdamOptimizer' | 'getKernel' | 'registerKernel' | 'getBackend' | 'engine' | 'tidy' | 'zerosLike' | 'scalar' | 'env'
>;

export const FUSED_ADAM_KERNEL = 'AugplayAdamUpdate';
/** Threads per workgroup of the update programs. */
const WORKGROUP = 64;


type Part = 'm' | 'v' | 'w';

/** One of the three element-wise programs: new m, new v, or the new weight from them. */
class AdamPartProgram implements WebGpuProgram {
  readonly variableNames: string[];
  readonly uniforms: string;
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly shaderKey: string;
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly outputShape: number[];
  constructor(
    private readonly part: Part,
    length: number,
  ) {
    this.outputShape = [length];
    this.dispatch = [Math.ceil(length / WORKGROUP), 1, 1];
    this.shaderKey = `augplayAdam_${part}`;
    if (part === 'm') {
      this.variableNames = ['m', 'g'];
      this.uniforms = 'beta : f32, oneMinusBeta : f32,';
    } else if (part === 'v') {
      this.variableNames = ['v', 'g'];
      this.uniforms = 'beta : f32, oneMinusBeta : f32,';
    } else {
      this.variableNames = ['w', 'm', 'v'];
      this.uniforms = 'oneMinusAccBeta1 : f32, oneMinusAccBeta2 : f32, epsilon : f32, negLearningRate : f32,';
    }
  }

  getUserCode(): string {
    // tfjs: add(mul(m, beta1), mul(g, 1 - beta1)); add(mul(v, beta2), mul(square(g), 1 - beta2));
    // add(mul(div(m / (1 - accBeta1), add(sqrt(v / (1 - accBeta2)), eps)), -lr), w).
    const body =
      this.part === 'm'
        ? 'result[index] = m[index] * uniforms.beta + g[index] * uniforms.oneMinusBeta;'
        : this.part === 'v'
          ? 'let gi = g[index]; result[index] = v[index] * uniforms.beta + (gi * gi) * uniforms.oneMinusBeta;'
          : `let mHat = m[index] / uniforms.oneMinusAccBeta1;
             let vHat = v[index] / uniforms.oneMinusAccBeta2;
             result[index] = (mHat / (sqrt(vHat) + uniforms.epsilon)) * uniforms.negLearningRate + w[index];`;
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }
    `;
  }
}

interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  learningRate: number;
}

/** Kernel: inputs {w, m, v, g} (float32, same size) -> [new m, new v, new w], flat. */
function adamUpdateKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: unknown }): TensorInfo[] {
  const kernelBackend = backend as KernelBackend;
  if (!isWebGpuBackend(kernelBackend)) throw new Error(`${FUSED_ADAM_KERNEL}: needs the webgpu backend`);
  const { w, m, v, g } = inputs as { w: TensorInfo; m: TensorInfo; v: TensorInfo; g: TensorInfo };
  const a = attrs as unknown as AdamUpdateAttrs;
  const length = w.shape.reduce((p, d) => p * d, 1);
  const flat = (t: TensorInfo): TensorInfo => ({ ...t, shape: [length] });
  const f32 = (value: number) => ({ type: 'float32' as const, data: [value] });
  const newM = kernelBackend.runWebGPUProgram(new AdamPartProgram('m', length), [flat(m), flat(g)], 'float32', [f32(a.beta1), f32(1 - a.beta1)]);
  const newV = kernelBackend.runWebGPUProgram(new AdamPartProgram('v', length), [flat(v), flat(g)], 'float32', [f32(a.beta2), f32(1 - a.beta2)]);
  const newW = kernelBackend.runWebGPUProgram(new AdamPartProgram('w', length), [flat(w), newM, newV], 'float32', [
    f32(a.oneMinusAccBeta1),
    f32(a.oneMinusAccBeta2),
    f32(a.epsilon),
    f32(-a.learningRate),
  ]);
  return [newM, newV, newW];
}

/** AdamOptimizer's state, private in tfjs's types; the fused path keeps it in the same shape. */
interface AdamInternals {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: { originalName: string; variable: Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: Variable }[];
}

/** Whether tfjs's WebGPU backend is active and our update kernel can run on it. */
function fusedAvailable(tf: TfAdam): boolean {
  return tf.getBackend() === 'webgpu' && tf.getKernel(FUSED_ADAM_KERNEL, 'webgpu') !== undefined;
}

/** Registers the update kernel for webgpu (once); a no-op where the webgpu backend is not imported. */
function ensureKernel(tf: TfAdam): void {
  if (tf.getKernel(FUSED_ADAM_KERNEL, 'webgpu')) return;
  tf.registerKernel({ kernelName: FUSED_ADAM_KERNEL, backendName: 'webgpu', kernelFunc: adamUpdateKernel as never });
}

/**
 * tf.train.adam(learningRate, beta1, beta2, epsilon), with the fused update on WebGPU. Adam's
 * `learningRate` field stays writable (optim.ts's setLearningRate changes it between epochs).
 */
export function createFusedAdam(tf: TfAdam, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): Optimizer {
  ensureKernel(tf);
  class FusedAdam extends tf.AdamOptimizer {
    override applyGradients(variableGradients: NamedVariableMap | NamedTensor[]): void {
      const state = this as unknown as AdamInternals;
      if (!fusedAvailable(tf)) {
        // tfjs's Adam reads accBeta1/2; ours keeps them only as a function of the step count.
        tf.tidy(() => {
          state.accBeta1.assign(tf.scalar(this.beta1 ** (this.iterations + 1)));
          state.accBeta2.assign(tf.scalar(this.beta2 ** (this.iterations + 1)));
        });
        super.applyGradients(variableGradients);
        return;
      }
      const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
      // tfjs: accBeta starts at beta and is multiplied by beta after each step, i.e. beta^(t+1) at step t.
      const attrsBase = {
        beta1: this.beta1,
        beta2: this.beta2,
        oneMinusAccBeta1: 1 - this.beta1 ** (this.iterations + 1),
        oneMinusAccBeta2: 1 - this.beta2 ** (this.iterations + 1),
        epsilon: this.epsilon,
        learningRate: this.learningRate,
      };
      const engine = tf.engine();
      const submitBatch = tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
      tf.tidy(() => {
        names.forEach((name, i) => {
          const value = engine.registeredVariables[name] as Variable;
          if (state.accumulatedFirstMoment[i] == null) {
            state.accumulatedFirstMoment[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          }
          if (state.accumulatedSecondMoment[i] == null) {
            state.accumulatedSecondMoment[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          }
          const gradient = Array.isArray(variableGradients) ? variableGradients[i]?.tensor : variableGradients[name];
          if (gradient == null) return;
          const m = state.accumulatedFirstMoment[i]!.variable;
          const v = state.accumulatedSecondMoment[i]!.variable;
          // One dispatch rewriting w, m and v where nothing else shares their buffers (adamInPlace.ts).
          if (adamUpdateInPlace(engine.backend, { w: value, m, v, g: gradient }, attrsBase, submitBatch)) return;
          const [newM, newV, newW] = engine.runKernel(FUSED_ADAM_KERNEL, { w: value, m, v, g: gradient }, { ...attrsBase } as never) as Tensor[];
          m.assign(newM!.reshape(m.shape));
          v.assign(newV!.reshape(v.shape));
          value.assign(newW!.reshape(value.shape));
        });
      });
      this.incrementIterations();
    }
  }
  return new FusedAdam(learningRate, beta1, beta2, epsilon as number);
}
