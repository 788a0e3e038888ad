// Conformance cases for other runtimes: pipelines, inputs and the TypeScript library's outputs, so a
// port (python/augplay, the packed npm library) can be checked against today's TypeScript.
import { listOps, parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, PipelineError, runPipeline, type ImageU8 } from '../pipeline/index.js';

export interface ConformanceCase {
  name: string;
  pipeline: unknown;
  image: { width: number; height: number; channels: number; data: string };
  mask?: string;
  epoch: number;
  index: number;
  mode: 'train' | 'inference';
  reference: boolean;
  /** Largest allowed difference per value, in output units (0: the same bytes). */
  tolerance: number;
  expect: { width: number; height: number; channels: number; layout: string; data: string; mask?: string; trace: unknown } | { error: string };
}

export interface ErrorCase {
  name: string;
  input: unknown;
  message: string;
}

/** Base64 of bytes, without Node's Buffer (this module also type-checks as app code). */
function b64(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(text);
}

/** A textured image whose values cover 0..255 in every channel. */
export function caseImage(width: number, height: number, channels: number, salt: number): ImageU8 {
  const data = new Uint8Array(width * height * channels);
  let s = (salt * 2654435761) >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const x = Math.floor(i / channels) % width;
    const y = Math.floor(i / channels / width);
    data[i] = (x * 23 + y * 41 + (i % channels) * 70 + (s >>> 27)) % 256;
  }
  return { width, height, channels, data };
}

/** Ops whose result resamples between pixel centres or goes through trig/exp (their values may differ by libm rounding). */
const INTERPOLATING = new Set(['rotate', 'affine', 'randomResizedCrop', 'resize', 'hue']);
/** Ops the Python port parses but does not run (it would refuse them in training): none today, every op runs there. */
export const NOT_IN_PYTHON: ReadonlySet<string> = new Set<string>();
/** Policy ops: their picks run rotate and bilinear shear / shift (trig, interpolation), so a 1-unit bound as INTERPOLATING. */
const POLICIES = new Set(['randAugment', 'trivialAugmentWide', 'autoAugment', 'augMix']);

/** Parameters that make every op do something visible on small images. */
const OP_PARAMS: Record<string, Record<string, unknown>[]> = {
  resize: [{ width: 7, height: 5 }, { width: 12, height: 10, fit: 'cover', interpolation: 'bilinear' }, { width: 9, height: 9, fit: 'contain', interpolation: 'nearest', fill: 30 }],
  centerCrop: [{ width: 6, height: 5 }, { width: 20, height: 4, fill: 9 }],
  randomCrop: [{ width: 6, height: 5, padding: 2, border: 'reflect' }, { width: 7, height: 7, padding: 3, border: 'constant', fill: 200 }, { width: 5, height: 6, padding: 1, border: 'edge' }],
  randomResizedCrop: [{ width: 6, height: 7 }, { width: 8, height: 8, interpolation: 'nearest', scale: [0.5, 1] }],
  toGrayscale: [{}, { keepThreeChannels: true }],
  rescale: [{}, { scale: 0.5, offset: -3 }],
  normalize: [{ mean: [0.5], std: [0.25] }, { mean: [0.5], std: [0.5], maxPixelValue: 100 }],
  rotate: [{ degrees: [-40, 40] }, { degrees: [90, 90], interpolation: 'nearest', border: 'constant', fill: 17 }, { degrees: [-20, 20], border: 'edge' }],
  affine: [{}, { translateX: [-0.3, 0.3], scale: [0.5, 2], border: 'constant', fill: 99, interpolation: 'nearest' }],
  flip: [{}, { direction: 'vertical' }, { direction: 'either' }],
  brightness: [{ factor: [0.5, 1.5] }],
  contrast: [{ factor: [0.2, 1.8] }],
  saturation: [{ factor: [0, 2] }],
  hue: [{ degrees: [-180, 180] }],
  gamma: [{ gamma: [0.5, 2] }],
  solarize: [{ threshold: [60, 200] }],
  posterize: [{ bits: [1, 7] }],
  sharpen: [{ amount: [0.5, 3] }],
  gaussianNoise: [{ std: [0.02, 0.2] }, { std: [0.05, 0.1], perChannel: false }],
  saltAndPepper: [{ amount: [0.1, 0.3], saltRatio: 0.3 }],
  cutout: [{ count: [1, 3], size: [0.2, 0.5], fill: 128 }],
  gaussianBlur: [{ sigma: [0.3, 2] }, { sigma: [2.5, 8] }],
  shear: [{ factor: [-0.5, 0.5] }, { axis: 'y', factor: [0.2, 0.6], interpolation: 'nearest', border: 'constant', fill: 77 }, { factor: [-1, 1], border: 'edge' }],
  randAugment: [{}, { numOps: 4, magnitude: 20, magnitudeStd: 2, interpolation: 'bilinear', fill: 128 }],
  trivialAugmentWide: [{}, { interpolation: 'bilinear', fill: 9 }],
  autoAugment: [{}, { policy: 'cifar10' }, { policy: 'svhn', interpolation: 'bilinear', fill: 50 }],
  augMix: [{}, { severity: 10, mixtureWidth: 2, chainDepth: 3, alpha: 0.3, allOps: false, interpolation: 'nearest', fill: 200 }, { severity: 1, mixtureWidth: 1, alpha: 5 }, { mixtureWidth: 6, chainDepth: 1 }],
};

const SHAPES: [number, number, number][] = [
  [13, 9, 3],
  [8, 11, 1],
  [10, 10, 4],
];

/** Chains that exercise fusion: geometric runs, per-value runs with stats and noise, layouts, masks. */
const CHAINS: { name: string; steps: unknown[]; output?: unknown; extra?: Record<string, unknown>; indices?: number; tolerance: number }[] = [
  { name: 'geometry chain', steps: [{ op: 'flip', p: 1 }, { op: 'rotate', p: 1, params: { degrees: [-30, 30] } }, { op: 'affine', p: 1 }, { op: 'resize', params: { width: 8, height: 6, interpolation: 'bilinear' } }], tolerance: 1 },
  { name: 'exact geometry chain', steps: [{ op: 'flip', p: 1, params: { direction: 'vertical' } }, { op: 'randomCrop', params: { width: 9, height: 7, padding: 2 } }, { op: 'flip', p: 1 }, { op: 'centerCrop', params: { width: 6, height: 6 } }], tolerance: 0 },
  { name: 'colour chain', steps: [{ op: 'brightness', p: 1, params: { factor: [0.6, 1.4] } }, { op: 'contrast', p: 1, params: { factor: [0.5, 1.5] } }, { op: 'gamma', p: 1 }, { op: 'gaussianNoise', p: 1, params: { std: [0.02, 0.05] } }, { op: 'contrast', p: 1 }, { op: 'normalize', params: { mean: [0.5], std: [0.5] } }], tolerance: 0 },
  { name: 'preset-like', steps: [{ op: 'flip', p: 0.5 }, { op: 'rotate', p: 0.7, params: { degrees: [-30, 30] } }, { op: 'brightness', p: 0.7 }, { op: 'contrast', p: 0.7 }, { op: 'saturation', p: 0.5 }, { op: 'hue', p: 0.5 }, { op: 'gaussianNoise', p: 0.5 }, { op: 'cutout', p: 0.5 }, { op: 'rescale' }], output: { layout: 'NCHW' }, tolerance: 1 / 255 },
  { name: 'cut-out marking the mask', steps: [{ op: 'flip', p: 0.5 }, { op: 'cutout', p: 1, params: { count: [1, 3], size: [0.2, 0.4], mask: 'ignore' } }, { op: 'rotate', p: 1, params: { degrees: [-20, 20] } }], tolerance: 1 },
  { name: 'standardize after resize', steps: [{ op: 'resize', params: { width: 6, height: 6 } }, { op: 'toGrayscale', params: { keepThreeChannels: true } }, { op: 'standardize' }], tolerance: 0.05 },
  // Training with policy ops and groups (each sample's picks come from its own streams).
  { name: 'policies', steps: [{ op: 'randAugment', params: { numOps: 3, magnitudeStd: 1 } }, { op: 'trivialAugmentWide', p: 0.8 }, { op: 'autoAugment', p: 0.8, params: { policy: 'cifar10' } }, { op: 'rescale' }], indices: 24, tolerance: 1 / 255 },
  { name: 'augMix, a mask on odd indices', steps: [{ op: 'flip', p: 0.5 }, { op: 'augMix', p: 1, params: { chainDepth: 2, severity: 6 } }], indices: 24, tolerance: 1 },
  { name: 'augMix on a float image (after noise)', steps: [{ op: 'gaussianNoise', p: 1 }, { op: 'augMix', p: 1, params: { chainDepth: 3, severity: 8 } }, { op: 'equalize', p: 0.5 }, { op: 'autoContrast', p: 0.5 }], indices: 12, tolerance: 1 },
  { name: 'augMix with a mask target', steps: [{ op: 'augMix', p: 1, params: { mixtureWidth: 4 } }], extra: { targets: ['image', 'mask'] }, indices: 12, tolerance: 1 },
  {
    name: 'groups',
    steps: [
      { op: 'flip', p: 1 }, { op: 'rotate', p: 1, params: { degrees: [-20, 20] } },
      { op: 'brightness', p: 1 }, { op: 'contrast', p: 0.7 }, { op: 'posterize', p: 1 }, { op: 'solarize', p: 1 },
      { op: 'equalize', p: 1 }, { op: 'autoContrast', p: 1 }, { op: 'resize', params: { width: 10, height: 8 } },
    ],
    extra: {
      groups: [
        { kind: 'oneOf', first: 0, count: 2, weights: [1, 3] },
        { kind: 'someOf', first: 2, count: 4, n: [1, 3], keepOrder: false },
        { kind: 'oneOf', first: 2, count: 2 },
        { kind: 'sequence', first: 6, count: 2, p: 0.5 },
      ],
    },
    indices: 24,
    tolerance: 1,
  },
  {
    name: 'policies in groups',
    steps: [{ op: 'randAugment' }, { op: 'augMix' }, { op: 'autoAugment', params: { policy: 'svhn' } }, { op: 'shear', p: 0.5 }, { op: 'cutout', p: 1 }],
    extra: { groups: [{ kind: 'oneOf', first: 0, count: 3, weights: [2, 1, 1] }, { kind: 'someOf', first: 3, count: 2, n: 1, p: 0.9 }] },
    indices: 24,
    tolerance: 1,
  },
];

function pipelineJson(steps: unknown[], seed: number, output?: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, seed, steps, ...(output ? { output } : {}), ...extra };
}

function runCase(name: string, raw: Record<string, unknown>, image: ImageU8, opts: { epoch: number; index: number; mode: 'train' | 'inference'; reference: boolean; mask?: Uint8Array }, tolerance: number): ConformanceCase {
  const pipeline = parsePipeline(raw);
  const base = {
    name,
    pipeline: raw,
    image: { width: image.width, height: image.height, channels: image.channels, data: b64(image.data as Uint8Array) },
    ...(opts.mask ? { mask: b64(opts.mask) } : {}),
    epoch: opts.epoch,
    index: opts.index,
    mode: opts.mode,
    reference: opts.reference,
    tolerance,
  };
  try {
    const out = runPipeline(pipeline, image, { epoch: opts.epoch, index: opts.index, mode: opts.mode, reference: opts.reference, ...(opts.mask ? { mask: opts.mask } : {}) });
    return {
      ...base,
      expect: { width: out.width, height: out.height, channels: out.channels, layout: out.layout, data: b64(new Uint8Array(out.data.buffer)), ...(out.mask ? { mask: b64(out.mask) } : {}), trace: out.trace },
    };
  } catch (error) {
    if (error instanceof PipelineError) return { ...base, expect: { error: error.message } };
    throw error;
  }
}

/** Every op with several parameter sets, shapes, seeds, both modes, fused and op by op; then chains. */
export function conformanceCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const op of listOps().filter((o) => !NOT_IN_PYTHON.has(o.name))) {
    const paramSets = OP_PARAMS[op.name] ?? [{}];
    paramSets.forEach((params, k) => {
      SHAPES.forEach(([w, h, c], s) => {
        const image = caseImage(w, h, c, s + k * 7);
        // Pixel ops need pixel values: run them before the end; p = 1 so that they run.
        const step = { op: op.name, ...(op.stage === 'augment' ? { p: 1 } : {}), params };
        for (const [seed, epoch, index] of [[7, 0, 3], [123456789, 2, 41]] as const) {
          for (const reference of [false, true]) {
            const mode = seed === 7 ? 'train' : 'inference';
            const tolerance = INTERPOLATING.has(op.name) || POLICIES.has(op.name) ? 1 : 0;
            cases.push(runCase(`${op.name}#${k} ${w}x${h}x${c} seed ${seed} ${mode}${reference ? ' reference' : ''}`, pipelineJson([step], seed), image, { epoch, index, mode, reference }, tolerance));
          }
        }
      });
    });
  }
  CHAINS.forEach((chain, k) => {
    for (let index = 0; index < (chain.indices ?? 6); index++) {
      const image = caseImage(16, 12, 3, 100 + index);
      const mask = index % 2 ? Uint8Array.from({ length: 16 * 12 }, (_, i) => i % 5) : undefined;
      for (const reference of [false, true]) {
        cases.push(runCase(`${chain.name} index ${index}${reference ? ' reference' : ''}`, pipelineJson(chain.steps, 11 + k, chain.output, chain.extra), image, { epoch: 1, index, mode: 'train', reference, ...(mask ? { mask } : {}) }, chain.tolerance));
      }
    }
  });
  return cases;
}

/** Bad pipelines and the exact message the TypeScript library gives. */
export function errorCases(): ErrorCase[] {
  const doc = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, steps, ...extra });
  const inputs: [string, unknown][] = [
    ['not an object', [1, 2]],
    ['wrong format', { format: 'other', version: 1, steps: [] }],
    ['newer version', { format: PIPELINE_FORMAT, version: PIPELINE_VERSION + 1, steps: [] }],
    ['version not an integer', { format: PIPELINE_FORMAT, version: 1.5, steps: [] }],
    ['unknown envelope field', doc([], { colour: 'red', extra: 1 })],
    ['bad seed', doc([], { seed: -3 })],
    ['seed not integer', doc([], { seed: 2.5 })],
    ['bad layout', doc([], { output: { layout: 'CHW' } })],
    ['steps not a list', { format: PIPELINE_FORMAT, version: 1, steps: 'flip' }],
    ['name too long', doc([], { name: 'x'.repeat(201) })],
    ['step not an object', doc([3])],
    ['unknown op close', doc([{ op: 'rotat' }])],
    ['unknown op far', doc([{ op: 'teleport' }])],
    ['op not text', doc([{ op: 5 }])],
    ['unknown step field', doc([{ op: 'flip', prob: 0.5 }])],
    ['wrong stage', doc([{ op: 'flip', stage: 'preprocess' }])],
    ['wrong stage preprocess', doc([{ op: 'resize', stage: 'augment' }])],
    ['bad stage', doc([{ op: 'flip', stage: 'later' }])],
    ['p out of range', doc([{ op: 'flip', p: 1.5 }])],
    ['p not a number', doc([{ op: 'flip', p: 'often' }])],
    ['preprocess p', doc([{ op: 'rescale', p: 0.5 }])],
    ['size-changing p', doc([{ op: 'randomCrop', p: 0.5 }])],
    ['enabled not bool', doc([{ op: 'flip', enabled: 'yes' }])],
    ['params not object', doc([{ op: 'flip', params: [1] }])],
    ['unknown param', doc([{ op: 'rotate', params: { angle: 3 } }])],
    ['unknown params of op with none', doc([{ op: 'invert', params: { a: 1, b: 2 } }])],
    ['range reversed', doc([{ op: 'rotate', params: { degrees: [10, -10] } }])],
    ['range out of bounds', doc([{ op: 'rotate', params: { degrees: [-200, 10] } }])],
    ['range too long', doc([{ op: 'rotate', params: { degrees: [1, 2, 3] } }])],
    ['range too short', doc([{ op: 'rotate', params: { degrees: [1] } }])],
    ['range with text', doc([{ op: 'rotate', params: { degrees: [1, 'a'] } }])],
    ['range not a list', doc([{ op: 'rotate', params: { degrees: 15 } }])],
    ['integer range', doc([{ op: 'posterize', params: { bits: [2.5, 4] } }])],
    ['number out of range', doc([{ op: 'resize', params: { width: 0, height: 5000 } }])],
    ['integer number', doc([{ op: 'resize', params: { width: 10.5 } }])],
    ['choice', doc([{ op: 'resize', params: { fit: 'squash' } }])],
    ['boolean', doc([{ op: 'toGrayscale', params: { keepThreeChannels: 1 } }])],
    ['vector length', doc([{ op: 'normalize', params: { mean: [0.1, 0.2] } }])],
    ['vector zero std', doc([{ op: 'normalize', params: { std: [0, -1, 0.2] } }])],
    ['vector item text', doc([{ op: 'normalize', params: { mean: ['a'] } }])],
    ['vector not list', doc([{ op: 'normalize', params: { mean: 0.5 } }])],
    ['long value cut', doc([{ op: 'rotate', params: { degrees: 'a very long piece of text that goes on and on' } }])],
    ['pixel op after rescale', doc([{ op: 'rescale' }, { op: 'brightness' }])],
    ['several issues', doc([{ op: 'flip', p: 2 }, { op: 'nope' }, { op: 'rotate', params: { degrees: [5, 1], fill: 300 } }])],
    ['null fields default', doc([{ op: 'flip', stage: null, enabled: null, params: null }, { op: 'rotate', p: null }])],
    ['small numbers', doc([{ op: 'normalize', params: { maxPixelValue: 1e-7 } }])],
    ['long text cut', doc([{ op: 'resize', params: { fit: 'x'.repeat(150) } }])],
    ['long list cut', doc([{ op: 'rotate', params: { degrees: Array.from({ length: 60 }, (_, i) => i * 1.5) } }])],
    ['many unknown params', doc([{ op: 'rotate', params: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])) }])],
    ['many unknown step fields', doc([{ op: 'flip', a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }])],
    ['more than 20 issues', doc(Array.from({ length: 25 }, () => ({ op: 'flip', p: 3 })))],
    ['too many steps', doc(Array.from({ length: 257 }, () => ({ op: 'flip' })))],
    ['values beyond the limit', doc([{ op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }, { op: 'rescale', params: { scale: 1000 } }])],
    ['deep nesting', doc([{ op: 'flip', params: { direction: JSON.parse('['.repeat(40) + ']'.repeat(40)) } }])],
    ['nested value in message', doc([{ op: 'flip', params: { direction: { a: [1, { b: 'c' }], d: null } } }])],
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

/** The op catalogue as data: names, stages, parameter specs (the Python port checks it holds the same). */
export function opCatalogue(): unknown[] {
  return listOps().map((op) => ({
    name: op.name,
    stage: op.stage,
    defaultP: op.defaultP,
    domain: op.domain,
    leavesPixelRange: op.leavesPixelRange ?? false,
    setsSize: op.outputShape !== undefined,
    kind: op.impl.kind,
    params: op.params,
  }));
}

export interface HfCase {
  name: string;
  pipeline: unknown;
  config: unknown;
  image: { width: number; height: number; channels: number; data: string };
  /** The pipeline's inference output, NHWC float32. */
  expect: { width: number; height: number; channels: number; data: string };
}

/** Pipelines with a Hugging Face equivalent, their preprocessor_config.json and the pipeline's output. */
export function hfCases(toConfig: (p: ReturnType<typeof parsePipeline>) => unknown): HfCase[] {
  const cases: [string, unknown[], [number, number]][] = [
    ['normalize only', [{ op: 'normalize' }], [24, 20]],
    ['rescale to [-1, 1]', [{ op: 'rescale', params: { scale: 2 / 255, offset: -1 } }], [24, 20]],
    ['same-size resize, centre crop, normalize', [{ op: 'resize', params: { width: 24, height: 20, interpolation: 'bilinear' } }, { op: 'centerCrop', params: { width: 20, height: 16 } }, { op: 'normalize', params: { mean: [0.5], std: [0.25] } }], [24, 20]],
    ['halving resize, nearest', [{ op: 'resize', params: { width: 32, height: 24, interpolation: 'nearest' } }, { op: 'rescale' }], [64, 48]],
    ['halving resize, bilinear', [{ op: 'resize', params: { width: 32, height: 24, interpolation: 'bilinear' } }, { op: 'rescale' }], [64, 48]],
    ['enlarging resize, bilinear', [{ op: 'resize', params: { width: 40, height: 30, interpolation: 'bilinear' } }, { op: 'rescale' }], [16, 12]],
  ];
  return cases.map(([name, steps, [w, h]], k) => {
    const raw = { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, steps };
    const pipeline = parsePipeline(raw);
    const image = caseImage(w, h, 3, 500 + k);
    const out = runPipeline(pipeline, image, { epoch: 0, index: 0, mode: 'inference' });
    return {
      name,
      pipeline: raw,
      config: toConfig(pipeline),
      image: { width: w, height: h, channels: 3, data: b64(image.data as Uint8Array) },
      expect: { width: out.width, height: out.height, channels: out.channels, data: b64(new Uint8Array(out.data.buffer)) },
    };
  });
}
