// Conformance cases of the time-series modality for the Python port: series pipelines, inputs and
// the TypeScript library's outputs (values and drawn arguments), and bad series pipelines with the
// exact messages. Every series op, both modes, several seeds, odd lengths, 1, 3 and 6 channels.
import { listSeriesOps, parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, PipelineError, runSeriesPipeline } from '../pipeline/index.js';

export interface SeriesCase {
  name: string;
  pipeline: unknown;
  /** Float32 values, time-major (data[t * channels + c]), base64 of the little-endian bytes. */
  series: { length: number; channels: number; data: string };
  epoch: number;
  index: number;
  mode: 'train' | 'inference';
  expect: { length: number; channels: number; data: string; trace: unknown };
}

export interface SeriesErrorCase {
  name: string;
  input: unknown;
  message: string;
}

/** Ops the Python port refuses (none today); the generator skips them and says so in the fixture. */
export const SERIES_PENDING: readonly string[] = [];

function b64(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(text);
}

/** A wavy series with a trend and seeded noise, different per channel, values of both signs. */
export function caseSeries(length: number, channels: number, salt: number): Float32Array {
  const data = new Float32Array(length * channels);
  let s = (salt * 2654435761 + 1) >>> 0;
  for (let t = 0; t < length; t++) {
    for (let c = 0; c < channels; c++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data[t * channels + c] = Math.sin(t * (0.3 + 0.17 * c) + salt) * (1 + c) + 0.05 * t - c + (s / 2 ** 32 - 0.5) * 0.4;
    }
  }
  return data;
}

/** Parameters that make every series op do something visible on short series. */
const SERIES_PARAMS: Record<string, Record<string, unknown>[]> = {
  resample: [{ length: 20 }, { length: 7 }],
  cropOrPad: [{ length: 20, align: 'center', fill: 'edge' }, { length: 6, align: 'end' }, { length: 11, align: 'center' }],
  standardize: [{}, { statistics: 'dataset', mean: [0.5], std: [2] }, { statistics: 'dataset', mean: [1, 2, 3], std: [1, 2, 0.5] }],
  minMax: [{}, { low: -1, high: 1 }],
  jitter: [{ sigma: [0.05, 0.5] }],
  scaling: [{ sigma: [0.1, 0.5] }],
  randomNoiseDistortion: [{}, { noiseSigma: [0.05, 0.4], scalingSigma: [0.1, 0.6] }],
  magnitudeWarp: [{}, { sigma: [0.1, 0.6], knots: 2 }],
  timeWarp: [{}, { sigma: [0.3, 0.9], knots: 6 }],
  windowSlice: [{}, { ratio: [0.3, 0.8] }],
  windowWarp: [{ windowRatio: [0.2, 0.5] }, { windowRatio: [0.3, 0.3], scales: [0.3, 3] }],
  permutation: [{}, { maxSegments: 7 }],
  drift: [{}, { maxDrift: [0.1, 1], points: 6 }],
  dropout: [{ rate: [0.1, 0.4] }, { rate: [0.2, 0.3], fill: 'zero' }, { rate: [0.2, 0.5], fill: 'mean' }],
  reverse: [{}],
  channelRotation: [{}, { degrees: [-30, 30] }],
  smooth: [{}, { window: 4 }],
};

/** [length, channels]: odd and even lengths, one step, 1, 3 and 6 channels (two rotation groups). */
const SHAPES: [number, number][] = [
  [17, 1],
  [32, 3],
  [9, 6],
  [1, 3],
];

const RUNS = [
  [7, 0, 3, 'train'],
  [123456789, 2, 41, 'inference'],
  [99, 5, 0, 'train'],
] as const;

/** Chains with p < 1, disabled steps and preprocessing around the augmentations. */
const CHAINS: { name: string; steps: unknown[] }[] = [
  { name: 'classification chain', steps: [{ op: 'resample', params: { length: 24 } }, { op: 'jitter', p: 0.7 }, { op: 'scaling', p: 0.7 }, { op: 'magnitudeWarp', p: 0.5 }, { op: 'timeWarp', p: 0.5 }, { op: 'permutation', p: 0.3 }, { op: 'standardize' }] },
  { name: 'sensor chain', steps: [{ op: 'cropOrPad', params: { length: 15, align: 'center' } }, { op: 'channelRotation', p: 0.8 }, { op: 'drift', p: 0.5 }, { op: 'dropout', p: 0.5, params: { rate: [0.1, 0.2] } }, { op: 'smooth', p: 0.5, enabled: false }, { op: 'windowWarp', p: 0.6 }, { op: 'windowSlice', p: 0.6 }, { op: 'reverse', p: 0.5 }, { op: 'minMax' }] },
];

function seriesDoc(steps: unknown[], seed: number): Record<string, unknown> {
  return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, modality: 'series', seed, steps };
}

function runCase(name: string, raw: Record<string, unknown>, length: number, channels: number, data: Float32Array, epoch: number, index: number, mode: 'train' | 'inference'): SeriesCase {
  const out = runSeriesPipeline(parsePipeline(raw), { length, channels, data }, { epoch, index, mode });
  return {
    name,
    pipeline: raw,
    series: { length, channels, data: b64(new Uint8Array(data.buffer)) },
    epoch,
    index,
    mode,
    expect: { length: out.length, channels: out.channels, data: b64(new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength)), trace: out.trace },
  };
}

/** Every series op (but SERIES_PENDING) with its parameter sets, on every shape, in three runs; then chains. */
export function seriesCases(): SeriesCase[] {
  const cases: SeriesCase[] = [];
  for (const op of listSeriesOps()) {
    if (SERIES_PENDING.includes(op.name)) continue;
    (SERIES_PARAMS[op.name] ?? [{}]).forEach((params, k) => {
      SHAPES.forEach(([length, channels], s) => {
        const data = caseSeries(length, channels, s + 5 * k);
        const step = { op: op.name, ...(op.stage === 'augment' ? { p: 1 } : {}), params };
        for (const [seed, epoch, index, mode] of RUNS) {
          cases.push(runCase(`${op.name}#${k} ${length}x${channels} seed ${seed} ${mode}`, seriesDoc([step], seed), length, channels, data, epoch, index, mode));
        }
      });
    });
  }
  CHAINS.forEach((chain, k) => {
    for (let index = 0; index < 8; index++) {
      const [length, channels] = index % 2 ? [29, 3] : [40, 6];
      cases.push(runCase(`${chain.name} index ${index}`, seriesDoc(chain.steps, 31 + k), length, channels, caseSeries(length, channels, 50 + index), 1, index, 'train'));
    }
  });
  return cases;
}

/** Bad series pipelines and the exact message the TypeScript library gives. */
export function seriesErrorCases(): SeriesErrorCase[] {
  const doc = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ ...seriesDoc(steps, 0), ...extra });
  const inputs: [string, unknown][] = [
    ['bad modality', doc([], { modality: 'audio' })],
    ['image op in a series pipeline', doc([{ op: 'flip' }])],
    ['unknown series op', doc([{ op: 'jiter' }])],
    ['op not text', doc([{ op: 3 }])],
    ['step not an object', doc([[1]])],
    ['unknown step fields', doc([{ op: 'jitter', prob: 1, x: 2 }])],
    ['wrong stage', doc([{ op: 'jitter', stage: 'preprocess' }])],
    ['wrong stage preprocess', doc([{ op: 'resample', stage: 'augment' }])],
    ['bad stage text', doc([{ op: 'jitter', stage: 'later' }])],
    ['p out of range', doc([{ op: 'scaling', p: 2 }])],
    ['p null', doc([{ op: 'scaling', p: null }])],
    ['preprocess p', doc([{ op: 'resample', p: 0.5 }])],
    ['enabled not bool', doc([{ op: 'reverse', enabled: 'yes' }])],
    ['params not object', doc([{ op: 'reverse', params: [1] }])],
    ['unknown param', doc([{ op: 'jitter', params: { sd: 1 } }])],
    ['unknown params of op with none', doc([{ op: 'reverse', params: { a: 1, b: 2 } }])],
    ['range reversed', doc([{ op: 'jitter', params: { sigma: [0.5, 0.1] } }])],
    ['range out of bounds', doc([{ op: 'scaling', params: { sigma: [-1, 9] } }])],
    ['integer number', doc([{ op: 'resample', params: { length: 10.5 } }])],
    ['number out of range', doc([{ op: 'resample', params: { length: 1 } }])],
    ['choice', doc([{ op: 'cropOrPad', params: { align: 'middle' } }])],
    ['vector zero std', doc([{ op: 'standardize', params: { std: [0] } }])],
    ['vector length', doc([{ op: 'standardize', params: { mean: Array.from({ length: 13 }, () => 0) } }])],
    ['several issues', doc([{ op: 'jitter', p: 3 }, { op: 'nope' }, { op: 'smooth', params: { window: 0 } }])],
    ['masks in a series pipeline', doc([], { targets: ['image', 'mask'] })],
  ];
  return inputs.map(([name, input]) => {
    try {
      parsePipeline(input);
      return { name, input, message: '' };
    } catch (error) {
      if (!(error instanceof PipelineError)) throw error;
      return { name, input, message: error.message };
    }
  });
}

/** The series op catalogue as data (the Python port checks it holds the same ops and specs). */
export function seriesOpCatalogue(): unknown[] {
  return listSeriesOps().map((op) => ({ name: op.name, stage: op.stage, defaultP: op.defaultP, setsLength: op.outputShape !== undefined, params: op.params }));
}
