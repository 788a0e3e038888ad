// "Small U-Net": an encoder-decoder with skip connections (Ronneberger et al., 2015) sized to the
// working size and class count: per level two 3x3 conv + batch norm + ReLU, max pooling down,
// 2x upsampling and concatenation with the level's encoder features up, then 1x1 conv to
// per-pixel logits [H, W, classes] (no softmax: the loss applies it).
import type * as tfTypes from '@tensorflow/tfjs';
import type { InputLayout } from './models.js';

type Tf = typeof tfTypes;

/** Filters of the first level (doubled each level down): small enough to train in a browser. */
export const UNET_BASE_FILTERS = 16;
/** At most this many poolings: a 64 px input reaches 8 px, enough context for small objects. */
export const UNET_MAX_DEPTH = 3;
/**
 * Batch norm's moving-average momentum: 0.9 rather than Keras' 0.99, so the statistics used at
 * inference settle within the few hundred steps a small segmentation set trains for
 * (0.99^300 = 5% of the initial guess left; 0.9^50 = 0.5%).
 */
const BN_MOMENTUM = 0.9;
/** Stop pooling before a side would fall under this (as the classification presets do). */
const MIN_SIDE = 4;

export interface UNetSpec {
  /** One sample's shape in `layout` order. */
  sampleShape: readonly [number, number, number];
  layout: InputLayout;
  numClasses: number;
  seed: number;
  /** Scales every level's filters; tests on the CPU backend use a fraction. */
  widthMultiplier?: number;
}

/** Poolings that keep every side an integer and at least MIN_SIDE (0 for odd sizes: then it is a plain conv net). */
export function unetDepth(height: number, width: number): number {
  let depth = 0;
  while (depth < UNET_MAX_DEPTH && height % 2 ** (depth + 1) === 0 && width % 2 ** (depth + 1) === 0 && Math.min(height, width) / 2 ** (depth + 1) >= MIN_SIDE) depth++;
  return depth;
}

export function buildUNet(tf: Tf, spec: UNetSpec): tfTypes.LayersModel {
  const { sampleShape, layout, numClasses, seed } = spec;
  if (numClasses < 2) throw new Error(`Segmentation needs at least 2 classes (background and one more), the masks have ${numClasses}.`);
  const [height, width] = layout === 'NCHW' ? [sampleShape[1], sampleShape[2]] : [sampleShape[0], sampleShape[1]];
  const filters = (level: number) => Math.max(1, Math.round(UNET_BASE_FILTERS * 2 ** level * (spec.widthMultiplier ?? 1)));
  let layerSeed = seed * 1000;
  const he = () => tf.initializers.heNormal({ seed: layerSeed++ });
  const input = tf.input({ shape: [...sampleShape], name: 'input' });
  let x: tfTypes.SymbolicTensor = layout === 'NCHW' ? (tf.layers.permute({ dims: [2, 3, 1], name: 'to_nhwc' }).apply(input) as tfTypes.SymbolicTensor) : input;
  const block = (t: tfTypes.SymbolicTensor, f: number, name: string) => {
    for (const k of [1, 2]) {
      t = tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: he(), name: `${name}_conv${k}` }).apply(t) as tfTypes.SymbolicTensor;
      t = tf.layers.batchNormalization({ momentum: BN_MOMENTUM, name: `${name}_bn${k}` }).apply(t) as tfTypes.SymbolicTensor;
      t = tf.layers.activation({ activation: 'relu', name: `${name}_relu${k}` }).apply(t) as tfTypes.SymbolicTensor;
    }
    return t;
  };
  const depth = unetDepth(height, width);
  const skips: tfTypes.SymbolicTensor[] = [];
  for (let level = 0; level < depth; level++) {
    x = block(x, filters(level), `down${level}`);
    skips.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level}` }).apply(x) as tfTypes.SymbolicTensor;
  }
  x = block(x, filters(depth), 'bottom');
  for (let level = depth - 1; level >= 0; level--) {
    x = tf.layers.upSampling2d({ size: [2, 2], name: `up${level}` }).apply(x) as tfTypes.SymbolicTensor;
    x = tf.layers.concatenate({ name: `skip${level}` }).apply([x, skips[level]!]) as tfTypes.SymbolicTensor;
    x = block(x, filters(level), `dec${level}`);
  }
  const logits = tf.layers.conv2d({ filters: numClasses, kernelSize: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed++ }), name: 'logits' }).apply(x) as tfTypes.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'augplay_small_unet' });
}
