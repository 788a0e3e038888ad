// ReLU's gradient in one WebGPU program: dy where x > 0, else 0. tfjs 4.22 computes it as
// mul(dy, cast(step(x))), two programs (step, then multiply) and a full-size temporary per ReLU
// layer and step. Elsewhere the stock formula runs, unchanged.
import type * as tfCore from '@tensorflow/tfjs-core';
import type { GradConfig, KernelBackend, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';

import { isWebGpuBackend, type WebGpuProgram } from './webgpuProgram.js';

export const RELU_GRAD_KERNEL = 'AugplayReluGrad';
const RELU = 'Relu';
const WORKGROUP = 64;

export type TfReluGrad = Pick<typeof tfCore, 'getGradient' | 'registerGradient' | 'getKernel' | 'registerKernel' | 'getBackend' | 'engine' | 'mul' | 'step' | 'cast'>;

class ReluGradProgram implements WebGpuProgram {
  readonly variableNames = ['dy', 'x'];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly shaderKey = 'augplayReluGrad';
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(length: number) {
    this.outputShape = [length];
    this.dispatch = [Math.ceil(length / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    // step(x) is 1 for x > 0 and 0 otherwise (NaN stays NaN there: dy * NaN); same here.
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let v = x[index];
          result[index] = select(dy[index] * select(0.0, 1.0, v > 0.0), v, v != v);
        }
      }
    `;
  }
}

const reluGradKernel: KernelFunc = ({ inputs, backend }) => {
  const b = backend as KernelBackend;
  if (!isWebGpuBackend(b)) throw new Error(`${RELU_GRAD_KERNEL}: needs the webgpu backend`);
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const length = x.shape.reduce((p, d) => p * d, 1);
  const out = b.runWebGPUProgram(new ReluGradProgram(length), [{ ...dy, shape: [length] }, { ...x, shape: [length] }], 'float32');
  return { ...out, shape: x.shape };
};

let stockReluGrad: GradConfig | undefined;

/** Installs ours over tfjs's Relu gradient (idempotent); on backends other than webgpu it is tfjs's formula. */
export function installReluGradient(tf: TfReluGrad): void {
  if (stockReluGrad) return;
  stockReluGrad = tf.getGradient(RELU);
  if (!stockReluGrad) return;
  if (!tf.getKernel(RELU_GRAD_KERNEL, 'webgpu')) tf.registerKernel({ kernelName: RELU_GRAD_KERNEL, backendName: 'webgpu', kernelFunc: reluGradKernel });
  tf.registerGradient({
    kernelName: RELU,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as Tensor[];
      if (tf.getBackend() === 'webgpu' && x!.dtype === 'float32') {
        return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: dy as Tensor, x: x! }) as Tensor };
      }
      return { x: () => tf.mul(dy as Tensor, tf.cast(tf.step(x!), 'float32')) };
    },
  });
}

/** Puts tfjs's Relu gradient back. */
export function restoreReluGradient(tf: Pick<TfReluGrad, 'registerGradient'>): void {
  if (!stockReluGrad) return;
  tf.registerGradient(stockReluGrad);
  stockReluGrad = undefined;
}
