// What a training session needs to train a head on an imported backbone: the checks against the
// data and pipeline, the feature source (cached when the pipeline has no augment step), the head,
// and backbone + head stacked into one model for prediction and export. With fine-tuning on, the
// trainer trains backbone + head on pixels instead (no feature cache), the unfrozen backbone layers
// at a share of the rate.
import type * as tfTypes from '@tensorflow/tfjs';
import type { Pipeline } from '../pipeline/index.js';
import type { SampleShape } from '../workers/types.js';
import { checkBackboneInput, checkFeatureLayer, disposeBackbone, loadBackbone, type Backbone, type BackboneFile } from './backbone.js';
import type { SlowWeights } from './fineTune.js';
import { buildHead, featureExtractor, featureShape, FeatureSource, hasNoAugmentation, pipelineValueRange, stackHead, unfreezeLast, weightNames } from './features.js';
import type { TrainSettings } from './types.js';

type Tf = typeof tfTypes;

/** The backbone as the page shows it (plain data). */
export interface BackboneInfo {
  fileName: string;
  inputShape: readonly (number | null)[];
  inputRange: readonly number[] | null;
  layerNames: string[];
  featureLayer: string;
  kind: Backbone['kind'];
  /** Layers with weights up to the feature layer: how many fine-tuning can unfreeze (0 for a graph model). */
  tunableLayers: number;
}

export function backboneInfo(backbone: Backbone, featureLayer: string): BackboneInfo {
  const upTo = backbone.layerNames.indexOf(featureLayer);
  const tunableLayers = backbone.layers ? backbone.layers.layers.slice(0, upTo + 1).filter((l) => l.countParams() > 0).length : 0;
  return { fileName: backbone.fileName, inputShape: [...backbone.inputShape], inputRange: backbone.inputRange ? [...backbone.inputRange] : null, layerNames: backbone.layerNames, featureLayer, kind: backbone.kind, tunableLayers };
}

/** Loads a backbone (layers or graph model) at `featureLayer` or its default; a bad layer name frees it and names the file. */
export async function loadPageBackbone(tf: Tf, files: readonly BackboneFile[], featureLayer?: string): Promise<{ backbone: Backbone; featureLayer: string }> {
  const backbone = await loadBackbone(tf, files);
  try {
    return { backbone, featureLayer: checkFeatureLayer(backbone, featureLayer ?? backbone.defaultFeatureLayer) };
  } catch (error) {
    disposeBackbone(backbone);
    throw error;
  }
}

export interface BackboneRun {
  /** What the trainer trains: features in, logits out. */
  head: tfTypes.Sequential;
  /** Pixels in, logits out (shares the head's layers): prediction and export use it. */
  stacked: tfTypes.LayersModel;
  /** Features (frozen backbone), or the pixels when fine-tuning. */
  source: FeatureSource | FeatureSourcePixels;
  /** Fine-tuning: the trainer trains `stacked`, these weights at the lower rate. */
  fineTune?: { model: tfTypes.LayersModel; slowWeights: SlowWeights };
}

/** Checks the data against the backbone and sets up a head run (fine-tuning the last layers when asked); errors name the backbone's file and what to change. */
export function prepareBackboneRun(tf: Tf, backbone: Backbone, featureLayer: string, pipeline: Pipeline, pixels: FeatureSourcePixels, numClasses: number, settings: Pick<TrainSettings, 'initSeed' | 'fineTuneLayers' | 'fineTuneRateFactor'>): BackboneRun {
  if (pipeline.output.layout !== 'NHWC') throw new Error(`${backbone.fileName} takes channels-last (NHWC) images: set the pipeline's output layout to NHWC.`);
  const problems = checkBackboneInput(backbone, pixels.sampleShape, pipelineValueRange(pipeline));
  if (problems.length) throw new Error(problems.join(' '));
  // A graph model trains a head only (the page says so beside the fine-tune setting).
  const tune = backbone.layers ? settings.fineTuneLayers : 0;
  const { extract } = featureExtractor(tf, backbone, featureLayer);
  const source = new FeatureSource(tf, extract, pixels, featureShape(tf, extract, pixels.sampleShape), hasNoAugmentation(pipeline) && tune === 0);
  const head = buildHead(tf, source.sampleShape, numClasses, settings.initSeed);
  const stacked = stackHead(tf, backbone, featureLayer, head, pixels.sampleShape);
  if (!backbone.layers) return { head, stacked, source };
  restorePretrained(backbone);
  const unfrozen = unfreezeLast(stacked, head, tune);
  if (unfrozen.length === 0) return { head, stacked, source };
  // Each run starts from the imported weights: keep them before this run changes them.
  backbone.pretrained = unfrozen.map((name) => {
    const layer = backbone.layers!.getLayer(name);
    return { layer, weights: layer.getWeights().map((w) => tf.keep(w.clone())) };
  });
  return { head, stacked, source: pixels, fineTune: { model: stacked, slowWeights: { names: weightNames(stacked, unfrozen), factor: settings.fineTuneRateFactor } } };
}

/** Puts back the weights an earlier fine-tuning run changed. */
function restorePretrained(backbone: Backbone): void {
  for (const { layer, weights } of backbone.pretrained ?? []) {
    layer.setWeights(weights);
    weights.forEach((w) => w.dispose());
  }
  backbone.pretrained = undefined;
}

type FeatureSourcePixels = ConstructorParameters<typeof FeatureSource>[2] & { sampleShape: SampleShape };
