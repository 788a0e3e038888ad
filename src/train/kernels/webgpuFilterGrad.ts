// Conv2DBackpropFilter for WebGPU in two WGSL programs, run through tfjs's own program runner (so
// its ordering, buffer pool and tf.profile timing all apply):
//   1. an implicit-im2col, shared-memory tiled matrix product dW[tap*Ci + ci, co] = sum_n X_tap[n, ci] dY[n, co],
//      with the reduction over n = (batch, outRow, outCol) split into chunks, one partial result per chunk;
//   2. a sum of the partials over chunks.
// Why not compose tfjs ops (conv2dBackpropFilter.ts)? That costs ~3 GPU programs per kernel tap (28 for
// a 3x3 filter), and on a real GPU the per-dispatch CPU cost of tfjs then outweighs the GPU time saved
// (measured on an H100: slower than stock at batch 32). Split-K through tfjs's matMul also adds with
// compare-and-swap float atomics, which contend when thousands of chunks hit the same few outputs.

import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

import type { TfCore } from './types.js';
import { isWebGpuBackend, type WebGpuProgram } from './webgpuProgram.js';

/**
 * Tile sides (rows = filter taps x input channels, columns = output channels) one workgroup computes:
 * 64 where the matrix is that large, else 32, so a first layer (3x3x3 = 27 rows, 32 columns) does
 * not leave three quarters of its threads idle.
 */
const LARGE_TILE = 64;
const SMALL_TILE = 32;
/** Threads per workgroup side: 16x16 threads, each accumulating a (tile/16)^2 block of the tile. */
const THREADS = 16;
/** Reduction steps staged through workgroup memory at a time. */
const TILE_K = 16;
/**
 * Workgroups to aim for in program 1: a few per streaming multiprocessor of a large GPU (an H100
 * has 132) so it fills; more only adds partial sums to add up in program 2.
 */
const TARGET_WORKGROUPS = 1024;
/** WebGPU's guaranteed limit on workgroups per dispatch dimension (maxComputeWorkgroupsPerDimension). */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;
/** Threads per workgroup of the chunk-sum program. */
const SUM_WORKGROUP = 64;


function tileFor(extent: number): number {
  return extent <= SMALL_TILE ? SMALL_TILE : LARGE_TILE;
}

class FilterGradPartialsProgram implements WebGpuProgram {
  readonly variableNames = ['x', 'dy'];
  readonly uniforms =
    'padTop : i32, padLeft : i32, strideHeight : i32, strideWidth : i32, filterWidth : i32, rows : i32, n : i32, chunk : i32,';
  readonly workgroupSize: [number, number, number] = [THREADS, THREADS, 1];
  readonly shaderKey: string;
  // Not a flat layout, so tfjs's entry point calls main() without an index.
  readonly dispatchLayout = { x: [2], y: [1], z: [0] };
  constructor(
    readonly outputShape: number[],
    readonly dispatch: [number, number, number],
    private readonly tileRows: number,
    private readonly tileCols: number,
  ) {
    this.shaderKey = `augplayFilterGradPartials_${tileRows}_${tileCols}_${TILE_K}`;
  }

  getUserCode(): string {
    const rowsPerThread = this.tileRows / THREADS;
    const colsPerThread = this.tileCols / THREADS;
    const threads = THREADS * THREADS;
    return `
      var<workgroup> tileX : array<array<f32, ${this.tileRows}>, ${TILE_K}>;
      var<workgroup> tileDy : array<array<f32, ${this.tileCols}>, ${TILE_K}>;

      fn main() {
        let tx = i32(localId.x);
        let ty = i32(localId.y);
        let flat = ty * ${THREADS} + tx;
        let colBase = i32(workgroupId.x) * ${this.tileCols};
        let rowBase = i32(workgroupId.y) * ${this.tileRows};
        let chunkIndex = i32(workgroupId.z);
        let nStart = chunkIndex * uniforms.chunk;
        let nEnd = min(nStart + uniforms.chunk, uniforms.n);
        let inHeight = uniforms.xShape.y;
        let inWidth = uniforms.xShape.z;
        let inChannels = uniforms.xShape.w;
        let outHeight = uniforms.dyShape.y;
        let outWidth = uniforms.dyShape.z;
        let outChannels = uniforms.dyShape.w;
        var acc : array<array<f32, ${colsPerThread}>, ${rowsPerThread}>;
        var d : array<f32, ${colsPerThread}>;
        // The trip count depends on uniforms only, so the barriers below are in uniform control flow.
        let steps = uniforms.chunk / ${TILE_K};
        for (var step = 0; step < steps; step++) {
          let k0 = nStart + step * ${TILE_K};
          // Stage X_tap rows: consecutive threads read consecutive rows (input channels), coalesced.
          for (var i = 0; i < ${(this.tileRows * TILE_K) / threads}; i++) {
            let e = flat + i * ${threads};
            let kk = e / ${this.tileRows};
            let rr = e % ${this.tileRows};
            let n = k0 + kk;
            let r = rowBase + rr;
            var xValue = 0.0;
            if (n < nEnd && r < uniforms.rows) {
              let tap = r / inChannels;
              let ci = r - tap * inChannels;
              let kh = tap / uniforms.filterWidth;
              let kw = tap - kh * uniforms.filterWidth;
              let ow = n % outWidth;
              let rest = n / outWidth;
              let oh = rest % outHeight;
              let b = rest / outHeight;
              let ih = oh * uniforms.strideHeight - uniforms.padTop + kh;
              let iw = ow * uniforms.strideWidth - uniforms.padLeft + kw;
              if (ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth) {
                xValue = x[((b * inHeight + ih) * inWidth + iw) * inChannels + ci];
              }
            }
            tileX[kk][rr] = xValue;
          }
          for (var i = 0; i < ${(this.tileCols * TILE_K) / threads}; i++) {
            let e = flat + i * ${threads};
            let kk = e / ${this.tileCols};
            let cc = e % ${this.tileCols};
            let n = k0 + kk;
            let c = colBase + cc;
            var dyValue = 0.0;
            if (n < nEnd && c < outChannels) {
              dyValue = dy[n * outChannels + c];
            }
            tileDy[kk][cc] = dyValue;
          }
          workgroupBarrier();
          for (var kk = 0; kk < ${TILE_K}; kk++) {
            for (var j = 0; j < ${colsPerThread}; j++) {
              d[j] = tileDy[kk][tx * ${colsPerThread} + j];
            }
            for (var i = 0; i < ${rowsPerThread}; i++) {
              let a = tileX[kk][ty * ${rowsPerThread} + i];
              for (var j = 0; j < ${colsPerThread}; j++) {
                acc[i][j] = acc[i][j] + a * d[j];
              }
            }
          }
          workgroupBarrier();
        }
        for (var i = 0; i < ${rowsPerThread}; i++) {
          let r = rowBase + ty * ${rowsPerThread} + i;
          if (r < uniforms.rows) {
            for (var j = 0; j < ${colsPerThread}; j++) {
              let c = colBase + tx * ${colsPerThread} + j;
              if (c < outChannels) {
                result[(chunkIndex * uniforms.rows + r) * outChannels + c] = acc[i][j];
              }
            }
          }
        }
      }
    `;
  }
}

class ChunkSumProgram implements WebGpuProgram {
  readonly variableNames = ['partials'];
  readonly uniforms = 'chunks : i32,';
  readonly workgroupSize: [number, number, number] = [SUM_WORKGROUP, 1, 1];
  readonly shaderKey = 'augplayFilterGradChunkSum';
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  constructor(readonly outputShape: number[]) {
    this.dispatch = [Math.ceil(outputShape[0]! / SUM_WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var sum = 0.0;
          for (var k = 0; k < uniforms.chunks; k++) {
            sum = sum + partials[k * uniforms.size + index];
          }
          result[index] = sum;
        }
      }
    `;
  }
}

/** Whether this backend can run our WGSL (it is tfjs's WebGPU backend) and the sizes fit one dispatch. */
export function canRunWgslFilterGrad(backend: KernelBackend, filterShape: readonly number[]): boolean {
  const [kh = 0, kw = 0, ci = 0, co = 0] = filterShape;
  const rows = kh * kw * ci;
  return isWebGpuBackend(backend) && Math.ceil(rows / SMALL_TILE) <= MAX_WORKGROUPS_PER_DIMENSION && Math.ceil((rows * co) / SUM_WORKGROUP) <= MAX_WORKGROUPS_PER_DIMENSION;
}

/** dW [KH, KW, Ci, Co] for NHWC x [B, H, W, Ci] and dy [B, OH, OW, Co], on tfjs's WebGPU backend. */
export function conv2dBackpropFilterWgsl(
  tf: TfCore,
  backend: KernelBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: { filterHeight: number; filterWidth: number; strideHeight: number; strideWidth: number; padTop: number; padLeft: number },
): TensorInfo {
  if (!isWebGpuBackend(backend)) throw new Error('Conv2DBackpropFilter (augplay): the WGSL path needs the webgpu backend');
  const [batch = 0, , , inChannels = 0] = x.shape;
  const [, outHeight = 0, outWidth = 0, outChannels = 0] = dy.shape;
  const rows = info.filterHeight * info.filterWidth * inChannels;
  const n = batch * outHeight * outWidth;
  const tileRows = tileFor(rows);
  const tileCols = tileFor(outChannels);
  const tiles = Math.ceil(rows / tileRows) * Math.ceil(outChannels / tileCols);
  const wantedChunks = Math.min(MAX_WORKGROUPS_PER_DIMENSION, Math.max(1, Math.ceil(TARGET_WORKGROUPS / tiles)));
  // A multiple of TILE_K, so every chunk is a whole number of staged steps.
  const chunk = Math.max(TILE_K, Math.ceil(n / wantedChunks / TILE_K) * TILE_K);
  const chunks = Math.ceil(n / chunk);

  const partialsProgram = new FilterGradPartialsProgram(
    [chunks, rows, outChannels],
    [Math.ceil(outChannels / tileCols), Math.ceil(rows / tileRows), chunks],
    tileRows,
    tileCols,
  );
  const partials = backend.runWebGPUProgram(partialsProgram, [x, dy], 'float32', [
    { type: 'int32', data: [info.padTop] },
    { type: 'int32', data: [info.padLeft] },
    { type: 'int32', data: [info.strideHeight] },
    { type: 'int32', data: [info.strideWidth] },
    { type: 'int32', data: [info.filterWidth] },
    { type: 'int32', data: [rows] },
    { type: 'int32', data: [n] },
    { type: 'int32', data: [chunk] },
  ]);
  let summed = partials;
  if (chunks > 1) {
    const flatPartials = { ...partials, shape: [chunks * rows * outChannels] };
    summed = backend.runWebGPUProgram(new ChunkSumProgram([rows * outChannels]), [flatPartials], 'float32', [{ type: 'int32', data: [chunks] }]);
    backend.disposeData(partials.dataId);
  }
  const reshape = tf.getKernel('Reshape', 'webgpu');
  if (!reshape) throw new Error("Conv2DBackpropFilter (augplay): webgpu has no 'Reshape' kernel");
  const out = reshape.kernelFunc({
    inputs: { x: summed },
    backend,
    attrs: { shape: [info.filterHeight, info.filterWidth, inChannels, outChannels] },
  }) as TensorInfo;
  backend.disposeData(summed.dataId);
  return out;
}
