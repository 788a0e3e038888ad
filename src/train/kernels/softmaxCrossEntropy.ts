// The classifier's loss, mean softmax cross-entropy with label smoothing, as two WebGPU programs:
// one forward (per row: log-sum-exp and the smoothed labels' dot product, then the batch mean, in
// one workgroup) and one for the logits' gradient. tf.losses.softmaxCrossEntropy runs ~20 programs
// for the same (max, subtract, exp, sum, log, add, multiply, negate, mean; the smoothing's multiply
// and add; a gradient for the labels too): at the small CNN's ~85 dispatches a step, where the
// step is CPU-bound in tfjs-webgpu + Dawn (32 px, batch 256 on an H200), that is a fifth of them.
// Elsewhere (other backends, other shapes) it is tfjs's own loss, unchanged.
import type * as tfCore from '@tensorflow/tfjs-core';
import type { GradConfig, KernelBackend, KernelFunc, NamedAttrMap, Scalar, Tensor, TensorInfo } from '@tensorflow/tfjs-core';

import { isWebGpuBackend, type WebGpuProgram } from './webgpuProgram.js';

export const SOFTMAX_CE_KERNEL = 'AugplaySoftmaxCrossEntropy';
const SOFTMAX_CE_GRAD_KERNEL = 'AugplaySoftmaxCrossEntropyGrad';
const WORKGROUP = 256;

export type TfSoftmaxCrossEntropy = Pick<
  typeof tfCore,
  'getBackend' | 'getKernel' | 'registerKernel' | 'registerGradient' | 'engine' | 'losses' | 'mul' | 'logSoftmax' | 'scalar' | 'div'
>;

interface CeAttrs {
  smoothing: number;
}

/** Per row n: lse_n * sum_c l'_nc - sum_c l'_nc x_nc, with l' = l (1 - s) + s / C; the mean over rows. */
class ForwardProgram implements WebGpuProgram {
  readonly variableNames = ['logits', 'labels'];
  readonly uniforms = 'smoothing : f32,';
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly shaderKey: string;
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape = [1];
  readonly dispatch: [number, number, number] = [1, 1, 1];
  constructor(
    private readonly rows: number,
    private readonly classes: number,
  ) {
    this.shaderKey = `augplaySoftmaxCe_${rows}_${classes}`;
  }

  getUserCode(): string {
    const c = this.classes;
    return `
      var<workgroup> partial : array<f32, ${WORKGROUP}>;
      fn main(index : i32) {
        let t = i32(localIndex);
        var acc = 0.0;
        for (var n = t; n < ${this.rows}; n = n + ${WORKGROUP}) {
          let base = n * ${c};
          var m = logits[base];
          for (var k = 1; k < ${c}; k++) { m = max(m, logits[base + k]); }
          var s = 0.0;
          var labelSum = 0.0;
          var dot = 0.0;
          for (var k = 0; k < ${c}; k++) {
            let x = logits[base + k];
            s = s + exp(x - m);
            let l = f32(labels[base + k]) * (1.0 - uniforms.smoothing) + uniforms.smoothing / ${c}.0;
            labelSum = labelSum + l;
            dot = dot + l * x;
          }
          acc = acc + (m + log(s)) * labelSum - dot;
        }
        partial[t] = acc;
        workgroupBarrier();
        for (var stride = ${WORKGROUP / 2}; stride > 0; stride = stride / 2) {
          if (t < stride) { partial[t] = partial[t] + partial[t + stride]; }
          workgroupBarrier();
        }
        if (t == 0) { result[0] = partial[0] / ${this.rows}.0; }
      }
    `;
  }
}

/** d loss / d x_nc = dy / N * (softmax_nc * sum_c l'_nc - l'_nc). */
class GradProgram implements WebGpuProgram {
  readonly variableNames = ['logits', 'labels', 'dy'];
  readonly uniforms = 'smoothing : f32,';
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly shaderKey: string;
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(
    private readonly rows: number,
    private readonly classes: number,
  ) {
    this.outputShape = [rows * classes];
    this.dispatch = [Math.ceil((rows * classes) / 64), 1, 1];
    this.shaderKey = `augplaySoftmaxCeGrad_${rows}_${classes}`;
  }

  getUserCode(): string {
    const c = this.classes;
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let base = (index / ${c}) * ${c};
          var m = logits[base];
          for (var k = 1; k < ${c}; k++) { m = max(m, logits[base + k]); }
          var s = 0.0;
          var labelSum = 0.0;
          for (var k = 0; k < ${c}; k++) {
            s = s + exp(logits[base + k] - m);
            labelSum = labelSum + f32(labels[base + k]) * (1.0 - uniforms.smoothing) + uniforms.smoothing / ${c}.0;
          }
          let l = f32(labels[index]) * (1.0 - uniforms.smoothing) + uniforms.smoothing / ${c}.0;
          result[index] = dy[0] / ${this.rows}.0 * (exp(logits[index] - m) / s * labelSum - l);
        }
      }
    `;
  }
}

function shapeOf(logits: TensorInfo): [number, number] {
  return [logits.shape[0]!, logits.shape[1]!];
}

const forwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as KernelBackend;
  if (!isWebGpuBackend(b)) throw new Error(`${SOFTMAX_CE_KERNEL}: needs the webgpu backend`);
  const { logits, labels } = inputs as { logits: TensorInfo; labels: TensorInfo };
  const [rows, classes] = shapeOf(logits);
  const out = b.runWebGPUProgram(new ForwardProgram(rows, classes), [logits, labels], 'float32', [{ type: 'float32', data: [(attrs as unknown as CeAttrs).smoothing] }]);
  return { ...out, shape: [] };
};

const gradKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as KernelBackend;
  if (!isWebGpuBackend(b)) throw new Error(`${SOFTMAX_CE_GRAD_KERNEL}: needs the webgpu backend`);
  const { logits, labels, dy } = inputs as { logits: TensorInfo; labels: TensorInfo; dy: TensorInfo };
  const [rows, classes] = shapeOf(logits);
  const out = b.runWebGPUProgram(new GradProgram(rows, classes), [logits, labels, { ...dy, shape: [1] }], 'float32', [
    { type: 'float32', data: [(attrs as unknown as CeAttrs).smoothing] },
  ]);
  return { ...out, shape: [rows, classes] };
};

function ensureKernels(tf: TfSoftmaxCrossEntropy): void {
  if (tf.getKernel(SOFTMAX_CE_KERNEL, 'webgpu')) return;
  tf.registerKernel({ kernelName: SOFTMAX_CE_KERNEL, backendName: 'webgpu', kernelFunc: forwardKernel });
  tf.registerKernel({ kernelName: SOFTMAX_CE_GRAD_KERNEL, backendName: 'webgpu', kernelFunc: gradKernel });
  const gradient: GradConfig = {
    kernelName: SOFTMAX_CE_KERNEL,
    inputsToSave: ['logits', 'labels'],
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const [logits, labels] = saved as [Tensor, Tensor];
      const { smoothing } = attrs as unknown as CeAttrs;
      return {
        logits: () => tf.engine().runKernel(SOFTMAX_CE_GRAD_KERNEL, { logits, labels, dy: dy as Tensor }, attrs) as Tensor,
        // Rarely asked for (labels are data): -(1 - s) log softmax(x) dy / N.
        labels: () => tf.mul(tf.logSoftmax(logits), tf.div(tf.mul(dy as Tensor, tf.scalar(-(1 - smoothing))), tf.scalar(logits.shape[0]!))),
      };
    },
  };
  tf.registerGradient(gradient);
}

let enabled = true;
let oursCalls = 0;

/** For the bench (and its "before" mode): false makes softmaxCrossEntropy tfjs's loss everywhere. */
export function setFusedSoftmaxCrossEntropy(on: boolean): void {
  enabled = on;
}

export function fusedSoftmaxCrossEntropyCalls(): number {
  return oursCalls;
}

/**
 * tf.losses.softmaxCrossEntropy(labels, logits, undefined, labelSmoothing) with its default
 * reduction (the mean over the batch): ours on WebGPU for [batch, classes] float32 logits (labels
 * float32 or int32, one-hot or soft), tfjs's elsewhere.
 */
export function softmaxCrossEntropy(tf: TfSoftmaxCrossEntropy, labels: Tensor, logits: Tensor, labelSmoothing = 0): Scalar {
  const ours = enabled && tf.getBackend() === 'webgpu' && logits.rank === 2 && labels.rank === 2 && logits.dtype === 'float32' && (labels.dtype === 'float32' || labels.dtype === 'int32') && labels.shape[0] === logits.shape[0] && labels.shape[1] === logits.shape[1];
  if (!ours) return tf.losses.softmaxCrossEntropy(labels, logits, undefined, labelSmoothing) as Scalar;
  ensureKernels(tf);
  oursCalls++;
  return tf.engine().runKernel(SOFTMAX_CE_KERNEL, { logits, labels }, { smoothing: labelSmoothing } as unknown as NamedAttrMap) as Scalar;
}
