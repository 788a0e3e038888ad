// Model presets, sized by the pipeline's output shape and the number of classes. Every model ends
// in logits (no softmax): the loss applies softmax itself, which is numerically safer, and
// prediction applies it explicitly.
import type * as tfTypes from '@tensorflow/tfjs';
import { buildSeriesModel } from './models1d.js';
import { isSeriesPreset, STEM_GRID_PX, stemPatchPx, type ModelPreset, type ModelSummary } from './types.js';
import { buildUNet } from './unet.js';

type Tf = typeof tfTypes;

/** Sample layout as the pipeline writes it; convolutions run on NHWC, so NCHW input is permuted first. */
export type InputLayout = 'NHWC' | 'NCHW';

export interface ModelSpec {
  preset: ModelPreset;
  /** One sample's shape in `layout` order (the BatchSource's sampleShape). */
  sampleShape: readonly [number, number, number];
  layout: InputLayout;
  numClasses: number;
  seed: number;
  /**
   * Scales every layer's width (filters, hidden units); 1 is the preset as named. Tests and quick
   * benchmarks on the CPU backend use a fraction, as the same architecture at a cost they can afford.
   */
  widthMultiplier?: number;
  /** 'segmentation' builds the Small U-Net (per-pixel logits) whatever the preset. */
  task?: 'classification' | 'segmentation';
}

/** Hidden width of the MLP; small enough that a 64x64x3 input stays under ~1.6 M parameters. */
const MLP_HIDDEN_UNITS = 128;
/**
 * Filters per conv stage of the small CNN. Half the 32-64-128 it had (which the GPU figures in
 * shared/gpu used): measured (issue 17, BENCHMARKS.md "Time to accuracy") on the 16 px grid every
 * input now reaches, a step costs 2.1-2.4x less, the shapes kept their accuracy (0.68 vs 0.64 on one
 * split) and the 8 px digits lost about half a point (0.985 vs 0.991, three splits), still above
 * scikit-learn's logistic regression and MLP.
 */
const SMALL_CNN_FILTERS = [16, 32, 64] as const;
/** Filters per block of the deeper CNN (two conv + batch norm per block). */
const DEEP_CNN_FILTERS = [32, 64, 128] as const;
const KERNEL_SIZE = 3;
/**
 * Pool only while the result keeps at least this many pixels a side: an 8x8 digit pooled three
 * times is one pixel, and the head then cannot tell where a stroke was.
 */
export const MIN_POOLED_SIZE = 4;
/**
 * The head flattens the last feature map (keeping where things are) when it has at most this many
 * values, and averages it over space otherwise (a 64 px input's 8x8x128 map would give the logits
 * layer 8k inputs per class to overfit on a few hundred images).
 */
export const FLATTEN_MAX_FEATURES = 4096;
/** The averaging stem of the CNN presets: the rule and its measurement live in types.ts (the page states it). */
export { STEM_GRID_PX, stemPatchPx };
/** Dropout before the logits, a usual rate for a small head on small data (not tuned one by one: README, time to accuracy). */
export const HEAD_DROPOUT = 0.3;

export function buildModel(tf: Tf, spec: ModelSpec): tfTypes.LayersModel {
  if (spec.task === 'segmentation') return buildUNet(tf, spec);
  // A series preset takes 1 x length x channels (models1d.ts), so the measured Auto times it as built.
  if (isSeriesPreset(spec.preset)) {
    if (spec.layout !== 'NHWC' || spec.sampleShape[0] !== 1) throw new Error(`The ${spec.preset} preset takes series as 1 x length x channels (NHWC), got [${spec.sampleShape.join(', ')}] ${spec.layout}.`);
    const { widthMultiplier } = spec;
    return buildSeriesModel(tf, { preset: spec.preset, length: spec.sampleShape[1], channels: spec.sampleShape[2], numClasses: spec.numClasses, seed: spec.seed, ...(widthMultiplier ? { widthMultiplier } : {}) });
  }
  const { preset, sampleShape, layout, numClasses, seed } = spec;
  const [height, widthPx] = layout === 'NCHW' ? [sampleShape[1], sampleShape[2]] : [sampleShape[0], sampleShape[1]];
  // A larger input is averaged down first (stemPatchPx), so the stages see a grid of at most STEM_GRID_PX.
  const patch = preset === 'mlp' ? 1 : stemPatchPx(Math.max(height, widthPx));
  const widthMultiplier = spec.widthMultiplier ?? 1;
  const width = (units: number) => Math.max(1, Math.round(units * widthMultiplier));
  if (numClasses < 2) throw new Error(`A classifier needs at least 2 classes, the data has ${numClasses}.`);
  if (sampleShape.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`Bad sample shape [${sampleShape.join(', ')}]: every dimension must be a positive integer.`);
  // Layer k draws its initial weights (and dropout masks) from seed + k, so a seed gives the same model every time.
  let layerSeed = seed * 1000;
  const glorot = () => tf.initializers.glorotUniform({ seed: layerSeed++ });
  const he = () => tf.initializers.heNormal({ seed: layerSeed++ });

  const model = tf.sequential({ name: `augplay_${preset.replace('-', '_')}` });
  const inputShape = [...sampleShape];
  if (layout === 'NCHW') {
    model.add(tf.layers.permute({ dims: [2, 3, 1], inputShape, name: 'to_nhwc' }));
  } else {
    model.add(tf.layers.inputLayer({ inputShape, name: 'input' }));
  }
  // The feature map's size as the stages shrink it.
  let [h, w] = [height, widthPx];
  const pool = (name: string) => {
    if (Math.floor(Math.min(h, w) / 2) < MIN_POOLED_SIZE) return;
    model.add(tf.layers.maxPooling2d({ poolSize: 2, name }));
    [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
  };
  let stemDone = patch === 1;
  const convBnRelu = (filters: number, name: string) => {
    if (stemDone) {
      model.add(tf.layers.conv2d({ filters, kernelSize: KERNEL_SIZE, padding: 'same', useBias: false, kernelInitializer: he(), name: `${name}_conv` }));
    } else {
      // Each patch x patch block averaged to one cell, then the usual 3x3 conv on the grid. 'valid': a last
      // side % patch rows or columns are left out (the PyTorch export maps unpadded pooling only).
      model.add(tf.layers.averagePooling2d({ poolSize: patch, strides: patch, padding: 'valid', name: 'stem_pool' }));
      [h, w] = [Math.floor(h / patch), Math.floor(w / patch)];
      stemDone = true;
      model.add(tf.layers.conv2d({ filters, kernelSize: KERNEL_SIZE, padding: 'same', useBias: false, kernelInitializer: he(), name: `${name}_conv` }));
    }
    model.add(tf.layers.batchNormalization({ name: `${name}_bn` }));
    model.add(tf.layers.activation({ activation: 'relu', name: `${name}_relu` }));
  };
  const head = (channels: number) => {
    if (h * w * channels <= FLATTEN_MAX_FEATURES) model.add(tf.layers.flatten({ name: 'flatten' }));
    else model.add(tf.layers.globalAveragePooling2d({ name: 'global_pool' }));
  };

  if (preset === 'mlp') {
    model.add(tf.layers.flatten({ name: 'flatten' }));
    model.add(tf.layers.dense({ units: width(MLP_HIDDEN_UNITS), activation: 'relu', kernelInitializer: he(), name: 'hidden' }));
  } else if (preset === 'cnn-small') {
    SMALL_CNN_FILTERS.forEach((filters, i) => {
      convBnRelu(width(filters), `stage${i + 1}`);
      pool(`pool${i + 1}`);
    });
    head(width(SMALL_CNN_FILTERS.at(-1)!));
  } else {
    DEEP_CNN_FILTERS.forEach((filters, block) => {
      for (let j = 0; j < 2; j++) convBnRelu(width(filters), `block${block + 1}_${j + 1}`);
      if (block < DEEP_CNN_FILTERS.length - 1) pool(`block${block + 1}_pool`);
    });
    head(width(DEEP_CNN_FILTERS.at(-1)!));
  }
  model.add(tf.layers.dropout({ rate: HEAD_DROPOUT, seed: layerSeed++, name: 'dropout' }));
  model.add(tf.layers.dense({ units: numClasses, kernelInitializer: glorot(), name: 'logits' }));
  return model;
}

function shapeText(shape: unknown): string {
  // outputShape is Shape | Shape[]; null is the batch dimension.
  const one = Array.isArray(shape) && Array.isArray(shape[0]) ? (shape[0] as unknown[]) : (shape as unknown[]);
  return `[${one.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}

export function summarize(model: tfTypes.LayersModel, preset: ModelPreset): ModelSummary {
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: shapeText(layer.outputShape),
    params: layer.countParams(),
  }));
  const count = (weights: tfTypes.LayerVariable[]) => weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  const input = model.inputs[0]?.shape ?? [];
  return {
    preset,
    inputShape: input.slice(1).map((d) => d ?? 0),
    layers,
    totalParams: count(model.weights),
    trainableParams: count(model.trainableWeights),
  };
}
