// Model presets, sized by the pipeline's output shape and the number of classes. Every model ends
// in logits (no softmax): the loss applies softmax itself, which is numerically safer, and
// prediction applies it explicitly.
import type * as tfTypes from '@tensorflow/tfjs';
import type { ModelPreset, ModelSummary } from './types.js';

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
}

/** Hidden width of the MLP; small enough that a 64x64x3 input stays under ~1.6 M parameters. */
const MLP_HIDDEN_UNITS = 128;
/** Filters per conv stage of the small CNN: the conv32-conv64-conv128 net the GPU figures in shared/gpu use. */
const SMALL_CNN_FILTERS = [32, 64, 128] as const;
/** Filters per block of the deeper CNN (two conv + batch norm per block). */
const DEEP_CNN_FILTERS = [32, 64, 128] as const;
const KERNEL_SIZE = 3;

export function buildModel(tf: Tf, spec: ModelSpec): tfTypes.LayersModel {
  const { preset, sampleShape, layout, numClasses, seed } = spec;
  const widthMultiplier = spec.widthMultiplier ?? 1;
  const width = (units: number) => Math.max(1, Math.round(units * widthMultiplier));
  if (numClasses < 2) throw new Error(`A classifier needs at least 2 classes, the data has ${numClasses}.`);
  if (sampleShape.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`Bad sample shape [${sampleShape.join(', ')}]: every dimension must be a positive integer.`);
  // Layer k draws its initial weights from seed + k, so a seed gives the same model every time.
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
  const [height, widthPx] = layout === 'NCHW' ? [sampleShape[1], sampleShape[2]] : [sampleShape[0], sampleShape[1]];

  if (preset === 'mlp') {
    model.add(tf.layers.flatten({ name: 'flatten' }));
    model.add(tf.layers.dense({ units: width(MLP_HIDDEN_UNITS), activation: 'relu', kernelInitializer: he(), name: 'hidden' }));
  } else if (preset === 'cnn-small') {
    let size = Math.min(height, widthPx);
    SMALL_CNN_FILTERS.forEach((filters, i) => {
      model.add(tf.layers.conv2d({ filters: width(filters), kernelSize: KERNEL_SIZE, padding: 'same', activation: 'relu', kernelInitializer: he(), name: `conv${i + 1}` }));
      // Pool only while there is something left to halve, so tiny inputs still build.
      if (size >= 2) {
        model.add(tf.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }));
        size = Math.floor(size / 2);
      }
    });
    model.add(tf.layers.globalAveragePooling2d({ name: 'global_pool' }));
  } else {
    let size = Math.min(height, widthPx);
    DEEP_CNN_FILTERS.forEach((filters, block) => {
      for (let j = 0; j < 2; j++) {
        model.add(tf.layers.conv2d({ filters: width(filters), kernelSize: KERNEL_SIZE, padding: 'same', useBias: false, kernelInitializer: he(), name: `block${block + 1}_conv${j + 1}` }));
        model.add(tf.layers.batchNormalization({ name: `block${block + 1}_bn${j + 1}` }));
        model.add(tf.layers.activation({ activation: 'relu', name: `block${block + 1}_relu${j + 1}` }));
      }
      if (size >= 2 && block < DEEP_CNN_FILTERS.length - 1) {
        model.add(tf.layers.maxPooling2d({ poolSize: 2, name: `block${block + 1}_pool` }));
        size = Math.floor(size / 2);
      }
    });
    model.add(tf.layers.globalAveragePooling2d({ name: 'global_pool' }));
  }
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
