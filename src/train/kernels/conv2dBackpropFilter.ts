// The filter gradient of a 2-D convolution as one matrix product per kernel tap, built from the
// backend's own kernels (pad, slice, reshape, matMul) so it runs on any backend: WebGPU, where it is
// far faster than tfjs 4.22's Conv2DBackpropFilter, and WASM, which has no such kernel at all.
//
// For a tap (kh, kw) of a KHxKW filter with strides (sh, sw), every output position (b, oh, ow)
// reads input pixel (b, oh*sh + kh - top, ow*sw + kw - left). So with X_tap the [N, Ci] matrix of
// those pixels (N = batch*outHeight*outWidth, out-of-image pixels zero) and dY as [N, Co]:
//   dW[kh, kw, :, :] = X_tap^T · dY
// Each tap is its own [Ci, Co] slice of dW, so there is no sum over taps. The stock WebGPU kernel
// instead gives each output element one thread that loops over all N: a few hundred threads doing
// hundreds of thousands of serial steps. The matMul path splits N across the whole GPU (split-K).

import type { Conv2DBackpropFilterAttrs, KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

import type { TfCore } from './types.js';

/** The kernel this file replaces; tfjs declares the name in kernel_names.ts. */
export const CONV2D_BACKPROP_FILTER = 'Conv2DBackpropFilter';

/** Filter sizes (height and width) that our model presets use, and that the tests cover. */
export const SUPPORTED_FILTER_SIZES: readonly number[] = [1, 3];
/** Strides our presets use (1 everywhere, 2 for downsampling convolutions). */
export const SUPPORTED_STRIDES: readonly number[] = [1, 2];
/** Padding modes our presets use; explicit numeric paddings go to the stock kernel. */
export const SUPPORTED_PADS: readonly string[] = ['same', 'valid'];

type Shape4 = [number, number, number, number];

/** Conv2DBackpropFilter's attributes, as tfjs declares them (kernel_names.ts). */
export type FilterGradAttrs = Conv2DBackpropFilterAttrs;

/** The case a call falls in: what our kernel covers, and why it does not when it doesn't. */
export type SupportCheck = { ok: true } | { ok: false; reason: string };

function pair(value: [number, number] | number): [number, number] {
  return typeof value === 'number' ? [value, value] : value;
}

/**
 * Whether the fast path is known good and measured for this call: float32 NHWC, filter 1x1 or 3x3,
 * stride 1 or 2, 'same' or 'valid'. Everything else goes to the stock kernel where there is one.
 */
export function checkSupported(x: TensorInfo, dy: TensorInfo, attrs: FilterGradAttrs): SupportCheck {
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') return { ok: false, reason: `dtype ${x.dtype}/${dy.dtype}, not float32` };
  if (x.shape.length !== 4 || dy.shape.length !== 4) return { ok: false, reason: 'x and dy must be rank 4' };
  if (attrs.dataFormat !== 'NHWC') return { ok: false, reason: `data format ${attrs.dataFormat}, not NHWC` };
  const [filterHeight, filterWidth] = attrs.filterShape;
  if (!SUPPORTED_FILTER_SIZES.includes(filterHeight) || !SUPPORTED_FILTER_SIZES.includes(filterWidth)) {
    return { ok: false, reason: `filter ${filterHeight}x${filterWidth}` };
  }
  const [strideHeight, strideWidth] = pair(attrs.strides);
  if (!SUPPORTED_STRIDES.includes(strideHeight) || !SUPPORTED_STRIDES.includes(strideWidth)) {
    return { ok: false, reason: `stride ${strideHeight}x${strideWidth}` };
  }
  if (typeof attrs.pad !== 'string' || !SUPPORTED_PADS.includes(attrs.pad)) return { ok: false, reason: `pad ${JSON.stringify(attrs.pad)}` };
  return { ok: true };
}

/** Calls the backend's own kernels directly and frees every intermediate it made. */
class KernelCalls {
  private readonly made: TensorInfo[] = [];

  constructor(
    private readonly tf: TfCore,
    private readonly backendName: string,
    private readonly backend: KernelBackend,
  ) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
    const config = this.tf.getKernel(kernelName, this.backendName);
    if (!config) throw new Error(`Conv2DBackpropFilter (augplay): backend '${this.backendName}' has no '${kernelName}' kernel to build on`);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    const info = Array.isArray(out) ? out[0] : out;
    if (!info) throw new Error(`Conv2DBackpropFilter (augplay): '${kernelName}' returned no tensor`);
    this.made.push(info);
    return info;
  }

  /** Frees every intermediate except `keep`, which goes back to the engine as the kernel's output. */
  disposeAllBut(keep: TensorInfo): void {
    for (const info of this.made) {
      if (info !== keep) this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
  }
}

/**
 * dW for x [B, H, W, Ci] and dy [B, OH, OW, Co] (NHWC), as [KH, KW, Ci, Co]. Works for any filter
 * size, stride and padding that tfjs's computeConv2DInfo accepts (dilation is always 1 for this
 * kernel); callers choose when to use it with checkSupported.
 */
export function conv2dBackpropFilterByTaps(
  tf: TfCore,
  backendName: string,
  backend: KernelBackend,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: FilterGradAttrs,
): TensorInfo {
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  // Rows/columns the taps reach: the last output row of the last tap reads padded row
  // (outHeight-1)*stride + filterHeight-1. Pad the bottom/right at least that far; extra zeros
  // (e.g. from rounding mode 'ceil') change nothing, as in the stock kernel's bounds check.
  const spanHeight = (outHeight - 1) * strideHeight + 1;
  const spanWidth = (outWidth - 1) * strideWidth + 1;
  const bottom = Math.max(info.padInfo.bottom, spanHeight + filterHeight - 1 - top - inHeight, 0);
  const right = Math.max(info.padInfo.right, spanWidth + filterWidth - 1 - left - inWidth, 0);
  const rows = batchSize * outHeight * outWidth;

  const calls = new KernelCalls(tf, backendName, backend);
  let padded = x;
  if (top > 0 || left > 0 || bottom > 0 || right > 0) {
    padded = calls.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
  }
  const dyRows = calls.run('Reshape', { x: dy }, { shape: [1, rows, outChannels] });
  const unitStride = strideHeight === 1 && strideWidth === 1;
  const tapGrads: TensorInfo[] = [];
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const coversAll = kh === 0 && kw === 0 && unitStride && padded.shape[1] === outHeight && padded.shape[2] === outWidth;
      let tap = padded;
      if (!coversAll) {
        tap = unitStride
          ? calls.run('Slice', { x: padded }, { begin: [0, kh, kw, 0], size: [batchSize, outHeight, outWidth, inChannels] })
          : calls.run(
              'StridedSlice',
              { x: padded },
              {
                begin: [0, kh, kw, 0],
                end: [batchSize, kh + spanHeight, kw + spanWidth, inChannels],
                strides: [1, strideHeight, strideWidth, 1],
                beginMask: 0,
                endMask: 0,
                ellipsisMask: 0,
                newAxisMask: 0,
                shrinkAxisMask: 0,
              },
            );
      }
      const tapRows = calls.run('Reshape', { x: tap }, { shape: [1, rows, inChannels] });
      // Batch dimension 1 with a long inner dimension is what lets WebGPU pick its split-K matMul.
      tapGrads.push(calls.run('BatchMatMul', { a: tapRows, b: dyRows }, { transposeA: true, transposeB: false }));
    }
  }
  // Concat is the one kernel whose inputs are a list (ConcatInputs = TensorInfo[]), not a map.
  const stacked = tapGrads.length === 1 ? tapGrads[0]! : calls.run('Concat', tapGrads as unknown as NamedTensorInfoMap, { axis: 0 });
  const result = calls.run('Reshape', { x: stacked }, { shape: [filterHeight, filterWidth, inChannels, outChannels] });
  calls.disposeAllBut(result);
  return result;
}
