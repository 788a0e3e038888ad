// A convolution filter [fh, fw, in, out] turned 180 degrees in space with its channel axes swapped:
// out[r, c, o, i] = w[fh - 1 - r, fw - 1 - c, i, o]. The input gradient of a stride-1 convolution
// is the forward convolution of dy with this filter (convLayer.ts). One WGSL program on WebGPU;
// elsewhere reverse + transpose (tfjs ops), so the CPU tests check the same arithmetic.
import type * as tfCore from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { isWebGpuBackend, type WebGpuProgram } from './webgpuProgram.js';

export const FLIP_FILTER_KERNEL = 'AugplayFlipFilter';
const WORKGROUP = 64;

class FlipFilterProgram implements WebGpuProgram {
  readonly variableNames = ['w'];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly shaderKey: string;
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(private readonly shape: [number, number, number, number]) {
    const length = shape.reduce((p, d) => p * d, 1);
    this.outputShape = [length];
    this.dispatch = [Math.ceil(length / WORKGROUP), 1, 1];
    this.shaderKey = `augplayFlipFilter_${shape.join('_')}`;
  }

  getUserCode(): string {
    const [fh, fw, cin, cout] = this.shape;
    // index walks the output [fh, fw, cout, cin]; the source is [fh, fw, cin, cout].
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let i = index % ${cin};
          let o = (index / ${cin}) % ${cout};
          let c = (index / ${cin * cout}) % ${fw};
          let r = index / ${cin * cout * fw};
          result[index] = w[((((${fh - 1} - r) * ${fw} + (${fw - 1} - c)) * ${cin} + i) * ${cout} + o)];
        }
      }
    `;
  }
}

function flipFilterKernel(tf: Pick<typeof tfCore, 'reverse' | 'transpose' | 'engine'>): KernelFunc {
  return ({ inputs, backend }) => {
    const { filter } = inputs as { filter: TensorInfo };
    const shape = filter.shape as [number, number, number, number];
    const b = backend as KernelBackend;
    if (!isWebGpuBackend(b)) throw new Error(`${FLIP_FILTER_KERNEL}: needs the webgpu backend`);
    const out = b.runWebGPUProgram(new FlipFilterProgram(shape), [{ ...filter, shape: [shape.reduce((p, d) => p * d, 1)] }], 'float32');
    return { ...out, shape: [shape[0], shape[1], shape[3], shape[2]] };
  };
}

/** The flipped filter: the WGSL program on WebGPU, reverse + transpose elsewhere. */
export function flipFilter(tf: Pick<typeof tfCore, 'reverse' | 'transpose' | 'engine' | 'getBackend' | 'getKernel' | 'registerKernel'>, filter: tfCore.Tensor4D): tfCore.Tensor4D {
  if (tf.getBackend() === 'webgpu') {
    if (!tf.getKernel(FLIP_FILTER_KERNEL, 'webgpu')) tf.registerKernel({ kernelName: FLIP_FILTER_KERNEL, backendName: 'webgpu', kernelFunc: flipFilterKernel(tf) });
    return tf.engine().runKernel(FLIP_FILTER_KERNEL, { filter }) as tfCore.Tensor4D;
  }
  return tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
}
