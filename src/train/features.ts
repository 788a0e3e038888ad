// Training on a frozen backbone: its feature layer's output feeds a small head, which the usual
// Trainer trains. Features are computed per batch in inference mode and, when the pipeline has no
// augment step (every epoch sees the same pixels), cached per sample so each image goes through
// the backbone once. For export the head is stacked on the backbone into one layers model.
import type * as tfTypes from '@tensorflow/tfjs';
import type { Pipeline } from '../pipeline/index.js';
import type { Batch, BatchSource, SampleShape } from '../workers/types.js';
import { checkFeatureLayer, type Backbone, type InputRange } from './backbone.js';
import { graphWeights, makeGraphLayer } from './graphLayer.js';

type Tf = typeof tfTypes;

/** Dropout of the head: the presets' rate (models.ts HEAD_DROPOUT), the head being the same kind of classifier. */
export const BACKBONE_HEAD_DROPOUT = 0.3;

export type FeatureExtractor = (x: tfTypes.Tensor) => tfTypes.Tensor;

/** The backbone cut at `layerName`: pixels in, that layer's output out (inference mode). */
export function featureExtractor(tf: Tf, backbone: Backbone, layerName: string): { extract: FeatureExtractor; model?: tfTypes.LayersModel } {
  checkFeatureLayer(backbone, layerName);
  if (backbone.layers) {
    const model = tf.model({ inputs: backbone.layers.inputs, outputs: backbone.layers.getLayer(layerName).output as tfTypes.SymbolicTensor });
    return { extract: (x) => model.apply(x, { training: false }) as tfTypes.Tensor, model };
  }
  const graph = backbone.graph!;
  return { extract: (x) => graph.execute(x, layerName) as tfTypes.Tensor };
}

/** The shape of one sample's features, from one forward pass of zeros. */
export function featureShape(tf: Tf, extract: FeatureExtractor, sampleShape: SampleShape): number[] {
  return tf.tidy(() => extract(tf.zeros([1, ...sampleShape])).shape.slice(1));
}

/** A BatchSource of features: wraps a source of pixels, runs the backbone per batch, caches when it may. */
export class FeatureSource implements BatchSource {
  readonly sampleShape: SampleShape;
  private readonly featureSize: number;
  private readonly trainCache = new Map<number, Float32Array>();
  private readonly validationCache = new Map<number, Float32Array>();
  /** Samples that went through the backbone (a test and a benchmark read it to see the cache work). */
  backbonePasses = 0;

  constructor(
    private readonly tf: Tf,
    private readonly extract: FeatureExtractor,
    private readonly pixels: BatchSource,
    shape: readonly number[],
    /** True when the pipeline has no augment step: the same pixels every epoch. */
    private readonly cacheTraining: boolean,
  ) {
    // Batch sources carry three dimensions; flat features are [1, 1, n], which the head flattens back.
    this.sampleShape = shape.length === 3 ? (shape as unknown as SampleShape) : [1, 1, shape.reduce((a, b) => a * b, 1)];
    this.featureSize = shape.reduce((a, b) => a * b, 1);
  }

  get numClasses(): number {
    return this.pixels.numClasses;
  }

  trainBatches(batchSize: number): number {
    return this.pixels.trainBatches(batchSize);
  }

  train(epoch: number, batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    return this.map(this.pixels.train(epoch, batchSize, signal), this.cacheTraining ? this.trainCache : undefined);
  }

  validation(batchSize: number, signal?: AbortSignal): AsyncIterable<Batch> {
    return this.map(this.pixels.validation(batchSize, signal), this.validationCache);
  }

  private async *map(batches: AsyncIterable<Batch>, cache: Map<number, Float32Array> | undefined): AsyncGenerator<Batch> {
    const { tf } = this;
    for await (const batch of batches) {
      const x = new Float32Array(batch.size * this.featureSize);
      const cached = cache && Array.from(batch.sampleIndices).every((i) => cache.has(i));
      if (cached) {
        batch.sampleIndices.forEach((id, i) => x.set(cache.get(id)!, i * this.featureSize));
      } else {
        const features = tf.tidy(() => this.extract(tf.tensor(batch.x, [batch.size, ...this.pixels.sampleShape])));
        x.set(await features.data());
        features.dispose();
        this.backbonePasses += batch.size;
        if (cache) batch.sampleIndices.forEach((id, i) => cache.set(id, x.slice(i * this.featureSize, (i + 1) * this.featureSize)));
      }
      yield { ...batch, x };
    }
  }
}

/** A small head: global average pooling over a feature map (flatten otherwise), dropout, logits. */
export function buildHead(tf: Tf, shape: SampleShape, numClasses: number, seed: number): tfTypes.Sequential {
  const head = tf.sequential({ name: 'augplay_head' });
  head.add(tf.layers.inputLayer({ inputShape: [...shape], name: 'head_input' }));
  head.add(shape[0] > 1 || shape[1] > 1 ? tf.layers.globalAveragePooling2d({ name: 'head_pool' }) : tf.layers.flatten({ name: 'head_flatten' }));
  head.add(tf.layers.dropout({ rate: BACKBONE_HEAD_DROPOUT, seed, name: 'head_dropout' }));
  head.add(tf.layers.dense({ units: numClasses, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), name: 'head_logits' }));
  return head;
}

/**
 * Backbone (up to the feature layer) and head as one layers model, pixels in, logits out: what
 * is exported, predicted with, and fine-tuned. The head's layers are shared, not copied. A graph
 * backbone becomes one frozen layer (graphLayer.ts), fed `sampleShape` images.
 */
export function stackHead(tf: Tf, backbone: Backbone, layerName: string, head: tfTypes.Sequential, sampleShape?: SampleShape): tfTypes.LayersModel {
  checkFeatureLayer(backbone, layerName);
  let input: tfTypes.SymbolicTensor;
  let x: tfTypes.SymbolicTensor;
  if (backbone.layers) {
    input = backbone.layers.inputs[0]!;
    x = backbone.layers.getLayer(layerName).output as tfTypes.SymbolicTensor;
  } else {
    const graph = backbone.graph!;
    const [h, w, c] = backbone.inputShape;
    const shape = sampleShape ?? [h, w, c];
    if (shape.some((d) => d === null)) throw new Error(`${backbone.fileName} takes images of any size: stacking a head on it needs the size of the data's images.`);
    input = tf.input({ shape: shape as number[], name: 'backbone_input' });
    const spec = {
      modelTopology: backbone.graphSpec!.modelTopology,
      weights: graphWeights(backbone.graphSpec!.weights, backbone.fileName),
      inputNode: graph.inputNodes[0]!,
      outputNode: layerName,
      outputShape: featureShape(tf, featureExtractor(tf, backbone, layerName).extract, shape as SampleShape),
    };
    const made = makeGraphLayer(tf, graph, spec, input, backbone.fileName);
    backbone.owned.push({ dispose: () => made.layer.weights.forEach((w) => w.dispose()) });
    x = made.output;
  }
  const [, ...rest] = head.layers;
  if (x.shape.length === 2) x = tf.layers.reshape({ targetShape: [1, 1, x.shape[1]!], name: 'head_reshape' }).apply(x) as tfTypes.SymbolicTensor;
  for (const layer of rest) x = layer.apply(x) as tfTypes.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name: 'augplay_backbone_head' });
}

/**
 * Unfreezes the last `count` layers with weights before the head; the rest stay frozen and run as
 * at inference while the model trains (Keras does so for batch norm: moving statistics and dropout
 * stay still). Returns the unfrozen layers' names.
 */
export function unfreezeLast(stacked: tfTypes.LayersModel, head: tfTypes.Sequential, count: number): string[] {
  const headLayers = new Set(head.layers.map((l) => l.name));
  const backboneLayers = stacked.layers.filter((l) => !headLayers.has(l.name) && l.name !== 'head_reshape');
  backboneLayers.forEach((l) => {
    l.trainable = false;
    frozenRunsAsInference(l);
  });
  const withWeights = count > 0 ? backboneLayers.filter((l) => l.countParams() > 0).slice(-count) : [];
  withWeights.forEach((l) => (l.trainable = true));
  return withWeights.map((l) => l.name);
}

/** The tf.Variable names of these layers' trainable weights: what the trainer updates at the fine-tune rate. */
export function weightNames(model: tfTypes.LayersModel, layerNames: readonly string[]): Set<string> {
  return new Set(layerNames.flatMap((name) => model.getLayer(name).trainableWeights.map((w) => (w.read() as tfTypes.Variable).name)));
}

const patched = new WeakSet<object>();
type Call = tfTypes.layers.Layer['call'];

function frozenRunsAsInference(layer: tfTypes.layers.Layer): void {
  if (patched.has(layer)) return;
  patched.add(layer);
  const call: Call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
}

/** The value range of the pipeline's output from its preprocess steps (pixels start at [0, 255]); undefined when a step makes it depend on the data. */
export function pipelineValueRange(pipeline: Pipeline): InputRange | undefined {
  let [lo, hi] = [0, 255];
  for (const step of pipeline.steps) {
    if (!step.enabled || step.stage !== 'preprocess') continue;
    const params = step.params as Record<string, unknown>;
    if (step.op === 'rescale') {
      const scale = Number(params.scale);
      const offset = Number(params.offset);
      [lo, hi] = [lo * scale + offset, hi * scale + offset].sort((a, b) => a - b) as [number, number];
    } else if (step.op === 'normalize') {
      const mean = (params.mean as number[])[0]!;
      const std = (params.std as number[])[0]!;
      const max = Number(params.maxPixelValue);
      [lo, hi] = [(lo / max - mean) / std, (hi / max - mean) / std];
    } else if (step.op === 'standardize') {
      return undefined;
    }
  }
  return [lo, hi];
}

/** True when every epoch sees the same pixels: no enabled augment step. */
export function hasNoAugmentation(pipeline: Pipeline): boolean {
  return !pipeline.steps.some((s) => s.enabled && s.stage === 'augment');
}
