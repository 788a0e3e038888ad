// Models for time series, sized from the series length and channel count: the "1-D CNN" (blocks of
// convolution + batch norm + ReLU + pooling over time, then global average pooling) and an MLP.
// A series of L steps and C channels is a 1 x L x C sample (the 3-axis sample shape the batch
// sources, the trainer and the export already speak), and each 1-D convolution is a 1 x k
// convolution over it: the same arithmetic as Conv1D, through the same conv kernels (ours on WebGPU)
// and the same PyTorch export as the image presets.
import type * as tfTypes from '@tensorflow/tfjs';
import { MODEL_PRESET_LABELS, SERIES_MODEL_PRESETS, type SeriesModelPreset } from './types.js';

type Tf = typeof tfTypes;

export { SERIES_MODEL_PRESETS, type SeriesModelPreset };
export const SERIES_MODEL_LABELS: Record<SeriesModelPreset, string> = { cnn1d: MODEL_PRESET_LABELS.cnn1d, mlp1d: MODEL_PRESET_LABELS.mlp1d };

/**
 * Filters and kernel sizes of the 1-D CNN's blocks: Wang et al. 2017's fully convolutional baseline
 * for the UCR archive (128-256-128 filters, kernels 8-5-3, batch norm, ReLU, global average pooling),
 * at half width (64-128-64) for the browser, with a 2x pooling after the first two blocks.
 */
const CNN1D_BLOCKS = [
  { filters: 64, kernel: 8 },
  { filters: 128, kernel: 5 },
  { filters: 64, kernel: 3 },
] as const;
/** Pool over time only while at least this many steps remain. */
const MIN_POOLED_STEPS = 8;
/** The MLP's hidden layers: Wang et al. 2017's MLP baseline (3 x 500, dropout) at a quarter of the width. */
const MLP_HIDDEN = [128, 128] as const;
const MLP_DROPOUT = 0.2;
const HEAD_DROPOUT = 0.3;
/**
 * Batch norm's moving-average momentum: 0.9, not Keras' 0.99, so the inference statistics settle in
 * the few hundred steps a small series set trains for (at 0.99 a 20-step run validates at chance).
 */
const BN_MOMENTUM = 0.9;

export interface SeriesModelSpec {
  preset: SeriesModelPreset;
  length: number;
  channels: number;
  numClasses: number;
  seed: number;
  /** Scales every layer's width; tests use a fraction. */
  widthMultiplier?: number;
}

/** The sample shape a series model takes: 1 x length x channels. */
export function seriesSampleShape(length: number, channels: number): [number, number, number] {
  return [1, length, channels];
}

export function buildSeriesModel(tf: Tf, spec: SeriesModelSpec): tfTypes.LayersModel {
  const { preset, length, channels, numClasses, seed } = spec;
  if (numClasses < 2) throw new Error(`A classifier needs at least 2 classes, the data has ${numClasses}.`);
  if (!Number.isInteger(length) || length < 2 || !Number.isInteger(channels) || channels < 1) throw new Error(`Bad series shape: ${length} steps x ${channels} channels.`);
  const width = (units: number) => Math.max(1, Math.round(units * (spec.widthMultiplier ?? 1)));
  let layerSeed = seed * 1000;
  const model = tf.sequential({ name: `augplay_series_${preset}` });
  model.add(tf.layers.inputLayer({ inputShape: seriesSampleShape(length, channels), name: 'input' }));
  if (preset === 'mlp1d') {
    model.add(tf.layers.flatten({ name: 'flatten' }));
    MLP_HIDDEN.forEach((units, i) => {
      model.add(tf.layers.dropout({ rate: MLP_DROPOUT, seed: layerSeed++, name: `dropout${i + 1}` }));
      model.add(tf.layers.dense({ units: width(units), activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: layerSeed++ }), name: `hidden${i + 1}` }));
    });
  } else {
    let steps = length;
    CNN1D_BLOCKS.forEach(({ filters, kernel }, i) => {
      const name = `conv1d_${i + 1}`;
      model.add(tf.layers.conv2d({ filters: width(filters), kernelSize: [1, Math.min(kernel, steps)], padding: 'same', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: layerSeed++ }), name }));
      model.add(tf.layers.batchNormalization({ momentum: BN_MOMENTUM, name: `${name}_bn` }));
      model.add(tf.layers.activation({ activation: 'relu', name: `${name}_relu` }));
      if (i < CNN1D_BLOCKS.length - 1 && Math.floor(steps / 2) >= MIN_POOLED_STEPS) {
        model.add(tf.layers.maxPooling2d({ poolSize: [1, 2], name: `${name}_pool` }));
        steps = Math.floor(steps / 2);
      }
    });
    model.add(tf.layers.globalAveragePooling2d({ name: 'global_pool' }));
  }
  model.add(tf.layers.dropout({ rate: HEAD_DROPOUT, seed: layerSeed++, name: 'dropout' }));
  model.add(tf.layers.dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }), name: 'logits' }));
  return model;
}
