// Batch normalisation in training mode for WebGPU as a few WGSL programs, registered as tfjs
// kernels (so tf.profile names them). tfjs 4.22 builds the same thing from ~40 small kernels per
// layer and step (moments, batchNorm, their gradients, the moving averages); on a real GPU each
// costs ~0.1-0.2 ms of CPU in tfjs-webgpu + Dawn (bench/gpu/README.md), which set the deeper CNN's pace.
//
// Layout: x is NHWC flattened to rows x channels (rows = N*H*W). Statistics are [2, C]: row 0 the
// mean, row 1 the biased variance, as tf.moments gives them.
//   AugplayBatchNormStats     {x} -> stats                     partial sums per row chunk + finalise
//   AugplayBatchNormApply     {x, stats, scale, offset} -> y   one element-wise program
//   AugplayBatchNormGradSum   {dy, x, stats} -> [Σdy, Σdy·x̂]   both [C], from one pass
//   AugplayBatchNormGradInput {dy, x, stats, scale, sumDy, sumDyXhat} -> dx
//   AugplayBatchNormMoving    {moving, stats} -> [C]           moving - (moving - stat) * (1 - momentum)

import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { isWebGpuBackend, type ProgramUniform, type WebGpuBackendLike, type WebGpuProgram } from './webgpuProgram.js';

export const BN_STATS = 'AugplayBatchNormStats';
export const BN_APPLY = 'AugplayBatchNormApply';
export const BN_GRAD_SUM = 'AugplayBatchNormGradSum';
export const BN_GRAD_INPUT = 'AugplayBatchNormGradInput';
export const BN_MOVING = 'AugplayBatchNormMoving';

/** Channels per workgroup of the partial-sum programs: 16 adjacent floats per row, 64-byte reads. */
const CHANNEL_TILE = 16;
/** Row lanes per workgroup: 16 x 16 = 256 threads, each summing every 16th row of its chunk. */
const ROW_LANES = 16;
/**
 * Workgroups to aim for in a partial-sum program: a few per streaming multiprocessor of a large GPU
 * (an H100 has 132), as webgpuFilterGrad.ts does; more only adds partials for the finaliser to add.
 */
const TARGET_WORKGROUPS = 512;
/** Fewest rows a chunk gets, so small layers do not spread a few rows over many workgroups. */
const MIN_CHUNK_ROWS = 256;
/** WebGPU's guaranteed limit on workgroups per dispatch dimension (maxComputeWorkgroupsPerDimension). */
const MAX_WORKGROUPS_PER_DIMENSION = 65535;
/** Threads per workgroup of the element-wise and per-channel programs. */
const FLAT_WORKGROUP = 64;

/** Rows per chunk and chunks for `rows` x `channels`. */
export function chunking(rows: number, channels: number): { chunk: number; chunks: number } {
  const channelTiles = Math.ceil(channels / CHANNEL_TILE);
  const wanted = Math.max(1, Math.floor(TARGET_WORKGROUPS / channelTiles));
  const chunk = Math.max(MIN_CHUNK_ROWS, Math.ceil(rows / wanted), Math.ceil(rows / MAX_WORKGROUPS_PER_DIMENSION));
  return { chunk, chunks: Math.max(1, Math.ceil(rows / chunk)) };
}

/**
 * Per chunk of rows and per channel, two sums, written to partials [chunks, 2, C]:
 * 'stats': Σ(x - s) and Σ(x - s)² with s = x[0, c] (a shift that keeps the one-pass variance
 * accurate when the mean is large against the spread); 'grad': Σdy and Σdy·(x - mean).
 */
class PartialSumsProgram implements WebGpuProgram {
  readonly variableNames: string[];
  readonly uniforms = 'rows : i32, channels : i32, chunk : i32,';
  readonly workgroupSize: [number, number, number] = [CHANNEL_TILE, ROW_LANES, 1];
  readonly shaderKey: string;
  // Not a flat layout, so tfjs's entry point calls main() without an index.
  readonly dispatchLayout = { x: [2], y: [1], z: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(
    private readonly kind: 'stats' | 'grad',
    channels: number,
    chunks: number,
  ) {
    this.variableNames = kind === 'stats' ? ['x'] : ['dy', 'x', 'stats'];
    this.shaderKey = `augplayBatchNormPartials_${kind}`;
    this.outputShape = [chunks, 2, channels];
    this.dispatch = [Math.ceil(channels / CHANNEL_TILE), chunks, 1];
  }

  getUserCode(): string {
    const accumulate =
      this.kind === 'stats'
        ? 'let d = x[r * channels + c] - shift; a = a + d; b = b + d * d;'
        : 'let g = dy[r * channels + c]; a = a + g; b = b + g * (x[r * channels + c] - shift);';
    // stats: shift by the first row; grad: by the mean, so b is Σdy·(x - mean).
    const shift = this.kind === 'stats' ? 'x[c]' : 'stats[c]';
    return `
      var<workgroup> sumA : array<array<f32, ${CHANNEL_TILE}>, ${ROW_LANES}>;
      var<workgroup> sumB : array<array<f32, ${CHANNEL_TILE}>, ${ROW_LANES}>;

      fn main() {
        let lx = i32(localId.x);
        let lane = i32(localId.y);
        let channels = uniforms.channels;
        let c = i32(workgroupId.x) * ${CHANNEL_TILE} + lx;
        let chunkIndex = i32(workgroupId.y);
        let start = chunkIndex * uniforms.chunk;
        let end = min(start + uniforms.chunk, uniforms.rows);
        var a = 0.0;
        var b = 0.0;
        if (c < channels) {
          let shift = ${shift};
          for (var r = start + lane; r < end; r = r + ${ROW_LANES}) {
            ${accumulate}
          }
        }
        sumA[lane][lx] = a;
        sumB[lane][lx] = b;
        workgroupBarrier();
        for (var stride = ${ROW_LANES / 2}; stride > 0; stride = stride / 2) {
          if (lane < stride) {
            sumA[lane][lx] = sumA[lane][lx] + sumA[lane + stride][lx];
            sumB[lane][lx] = sumB[lane][lx] + sumB[lane + stride][lx];
          }
          workgroupBarrier();
        }
        if (lane == 0 && c < channels) {
          result[(chunkIndex * 2) * channels + c] = sumA[0][lx];
          result[(chunkIndex * 2 + 1) * channels + c] = sumB[0][lx];
        }
      }
    `;
  }
}

/** Per-channel programs over partials [chunks, 2, C] (and the moving average over stats). */
class ChannelProgram implements WebGpuProgram {
  readonly variableNames: string[];
  readonly uniforms: string;
  readonly workgroupSize: [number, number, number] = [FLAT_WORKGROUP, 1, 1];
  readonly shaderKey: string;
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(
    private readonly kind: 'stats' | 'sumDy' | 'sumDyXhat' | 'moving',
    channels: number,
  ) {
    this.shaderKey = `augplayBatchNormChannel_${kind}`;
    this.outputShape = kind === 'stats' ? [2, channels] : [channels];
    this.dispatch = [Math.ceil(this.outputShape.reduce((p, d) => p * d, 1) / FLAT_WORKGROUP), 1, 1];
    if (kind === 'stats') {
      this.variableNames = ['partials', 'x'];
      this.uniforms = 'chunks : i32, channels : i32, rows : f32,';
    } else if (kind === 'moving') {
      this.variableNames = ['moving', 'stats'];
      this.uniforms = 'row : i32, decay : f32,';
    } else {
      // WebGPU derives the bind group layout from the shader: every input must be read in it.
      this.variableNames = kind === 'sumDy' ? ['partials'] : ['partials', 'stats'];
      this.uniforms = 'chunks : i32, channels : i32, epsilon : f32,';
    }
  }

  getUserCode(): string {
    if (this.kind === 'moving') {
      // tfjs-layers: sub(orig, mul(sub(orig, value), decay)).
      return `
        fn main(index : i32) {
          if (index < uniforms.size) {
            let orig = moving[index];
            result[index] = orig - (orig - stats[uniforms.row * uniforms.size + index]) * uniforms.decay;
          }
        }
      `;
    }
    const sumLoop = (row: number) => `
            var s = 0.0;
            for (var k = 0; k < uniforms.chunks; k++) {
              s = s + partials[(k * 2 + ${row}) * uniforms.channels + c];
            }`;
    if (this.kind === 'stats') {
      // Shifted sums back to moments: mean = s + Σ(x-s)/M, var = Σ(x-s)²/M - (Σ(x-s)/M)².
      return `
        fn main(index : i32) {
          if (index < uniforms.size) {
            let c = index % uniforms.channels;
            var s1 = 0.0;
            var s2 = 0.0;
            for (var k = 0; k < uniforms.chunks; k++) {
              s1 = s1 + partials[(k * 2) * uniforms.channels + c];
              s2 = s2 + partials[(k * 2 + 1) * uniforms.channels + c];
            }
            let shiftedMean = s1 / uniforms.rows;
            if (index < uniforms.channels) {
              result[index] = x[c] + shiftedMean;
            } else {
              result[index] = max(s2 / uniforms.rows - shiftedMean * shiftedMean, 0.0);
            }
          }
        }
      `;
    }
    const row = this.kind === 'sumDy' ? 0 : 1;
    // Σdy·x̂ = rsqrt(var + eps) · Σdy·(x - mean): the scale's gradient.
    const finish = this.kind === 'sumDy' ? 's' : 's * inverseSqrt(stats[uniforms.channels + c] + uniforms.epsilon)';
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = index;
          ${sumLoop(row)}
          result[index] = ${finish};
        }
      }
    `;
  }
}

/** Element-wise over x: the normalisation, or the input gradient. */
class ElementwiseProgram implements WebGpuProgram {
  readonly variableNames: string[];
  readonly uniforms = 'channels : i32, epsilon : f32, rows : f32,';
  readonly workgroupSize: [number, number, number] = [FLAT_WORKGROUP, 1, 1];
  readonly shaderKey: string;
  readonly size = true;
  readonly dispatchLayout = { x: [0] };
  readonly outputShape: number[];
  readonly dispatch: [number, number, number];
  constructor(
    private readonly kind: 'apply' | 'gradInput',
    length: number,
  ) {
    this.variableNames = kind === 'apply' ? ['x', 'stats', 'scale', 'offset'] : ['dy', 'x', 'stats', 'scale', 'sumDy', 'sumDyXhat'];
    this.shaderKey = `augplayBatchNorm_${kind}`;
    this.outputShape = [length];
    this.dispatch = [Math.ceil(length / FLAT_WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    // apply: tfjs-webgpu's BatchNorm, (x - mean) * scale * rsqrt(var + eps) + offset.
    // gradInput: scale·rstd/M · (M·dy - Σdy - x̂·Σdy·x̂), the gradient through mean and variance too.
    const body =
      this.kind === 'apply'
        ? 'result[index] = (x[index] - stats[c]) * scale[c] * inv + offset[c];'
        : `let xhat = (x[index] - stats[c]) * inv;
           result[index] = scale[c] * inv * (dy[index] - (sumDy[c] + xhat * sumDyXhat[c]) / uniforms.rows);`;
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = index % uniforms.channels;
          let inv = inverseSqrt(stats[uniforms.channels + c] + uniforms.epsilon);
          ${body}
        }
      }
    `;
  }
}

const i32 = (value: number) => ({ type: 'int32' as const, data: [value] });
const f32 = (value: number) => ({ type: 'float32' as const, data: [value] });

function webgpu(backend: unknown, kernel: string): KernelBackend & WebGpuBackendLike {
  const b = backend as KernelBackend;
  if (!isWebGpuBackend(b)) throw new Error(`${kernel}: needs the webgpu backend`);
  return b;
}

/** Rows (N*H*W) and channels of an NHWC tensor. */
function rowsAndChannels(x: TensorInfo): { rows: number; channels: number; length: number } {
  const channels = x.shape[x.shape.length - 1] ?? 1;
  const length = x.shape.reduce((p, d) => p * d, 1);
  return { rows: length / channels, channels, length };
}

function flat(t: TensorInfo, length: number): TensorInfo {
  return { ...t, shape: [length] };
}

function run(backend: WebGpuBackendLike, program: WebGpuProgram, inputs: TensorInfo[], uniforms: ProgramUniform): TensorInfo {
  return backend.runWebGPUProgram(program, inputs, 'float32', uniforms);
}

const statsKernel: KernelFunc = ({ inputs, backend }) => {
  const b = webgpu(backend, BN_STATS);
  const x = (inputs as { x: TensorInfo }).x;
  const { rows, channels } = rowsAndChannels(x);
  const { chunk, chunks } = chunking(rows, channels);
  const partials = run(b, new PartialSumsProgram('stats', channels, chunks), [x], [i32(rows), i32(channels), i32(chunk)]);
  const stats = run(b, new ChannelProgram('stats', channels), [partials, x], [i32(chunks), i32(channels), f32(rows)]);
  b.disposeData(partials.dataId);
  return stats;
};

const applyKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = webgpu(backend, BN_APPLY);
  const { x, stats, scale, offset } = inputs as Record<'x' | 'stats' | 'scale' | 'offset', TensorInfo>;
  const { rows, channels, length } = rowsAndChannels(x);
  const epsilon = (attrs as { varianceEpsilon: number }).varianceEpsilon;
  const y = run(b, new ElementwiseProgram('apply', length), [flat(x, length), stats, scale, offset], [i32(channels), f32(epsilon), f32(rows)]);
  return { ...y, shape: x.shape };
};

/** Both parameter gradients from one pass over dy and x: [Σdy, Σdy·x̂], each [C]. */
const gradSumKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = webgpu(backend, BN_GRAD_SUM);
  const { dy, x, stats } = inputs as Record<'dy' | 'x' | 'stats', TensorInfo>;
  const varianceEpsilon = (attrs as { varianceEpsilon: number }).varianceEpsilon;
  const { rows, channels } = rowsAndChannels(x);
  const { chunk, chunks } = chunking(rows, channels);
  const partials = run(b, new PartialSumsProgram('grad', channels, chunks), [dy, x, stats], [i32(rows), i32(channels), i32(chunk)]);
  const uniforms = [i32(chunks), i32(channels), f32(varianceEpsilon)];
  const sumDy = run(b, new ChannelProgram('sumDy', channels), [partials], uniforms);
  const sumDyXhat = run(b, new ChannelProgram('sumDyXhat', channels), [partials, stats], uniforms);
  b.disposeData(partials.dataId);
  return [sumDy, sumDyXhat];
};

const gradInputKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = webgpu(backend, BN_GRAD_INPUT);
  const { dy, x, stats, scale, sumDy, sumDyXhat } = inputs as Record<'dy' | 'x' | 'stats' | 'scale' | 'sumDy' | 'sumDyXhat', TensorInfo>;
  const { rows, channels, length } = rowsAndChannels(x);
  const epsilon = (attrs as { varianceEpsilon: number }).varianceEpsilon;
  const dx = run(b, new ElementwiseProgram('gradInput', length), [flat(dy, length), flat(x, length), stats, scale, sumDy, sumDyXhat], [
    i32(channels),
    f32(epsilon),
    f32(rows),
  ]);
  return { ...dx, shape: x.shape };
};

const movingKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = webgpu(backend, BN_MOVING);
  const { moving, stats } = inputs as Record<'moving' | 'stats', TensorInfo>;
  const { row, momentum } = attrs as { row: 0 | 1; momentum: number };
  const channels = moving.shape[0] ?? 1;
  return run(b, new ChannelProgram('moving', channels), [moving, stats], [i32(row), f32(1 - momentum)]);
};

/** Kernel name -> implementation, for registration on the webgpu backend. */
export const WEBGPU_BATCH_NORM_KERNELS: readonly { kernelName: string; kernelFunc: KernelFunc }[] = [
  { kernelName: BN_STATS, kernelFunc: statsKernel },
  { kernelName: BN_APPLY, kernelFunc: applyKernel },
  { kernelName: BN_GRAD_SUM, kernelFunc: gradSumKernel },
  { kernelName: BN_GRAD_INPUT, kernelFunc: gradInputKernel },
  { kernelName: BN_MOVING, kernelFunc: movingKernel },
];
