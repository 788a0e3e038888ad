// What a training session needs to train a head on an imported backbone: the checks against the
// data and pipeline, the feature source (cached when the pipeline has no augment step), the head,
// and backbone + head stacked into one model for prediction and export.
import type * as tfTypes from '@tensorflow/tfjs';
import type { Pipeline } from '../pipeline/index.js';
import type { SampleShape } from '../workers/types.js';
import { checkBackboneInput, checkFeatureLayer, loadBackbone, type Backbone, type BackboneFile } from './backbone.js';
import { buildHead, featureExtractor, featureShape, FeatureSource, hasNoAugmentation, pipelineValueRange, stackHead } from './features.js';

type Tf = typeof tfTypes;

/** The backbone as the page shows it (plain data). */
export interface BackboneInfo {
  fileName: string;
  inputShape: readonly (number | null)[];
  inputRange: readonly number[] | null;
  layerNames: string[];
  featureLayer: string;
}

export function backboneInfo(backbone: Backbone, featureLayer: string): BackboneInfo {
  return { fileName: backbone.fileName, inputShape: [...backbone.inputShape], inputRange: backbone.inputRange ? [...backbone.inputRange] : null, layerNames: backbone.layerNames, featureLayer };
}

/** Loads a backbone the page can train, predict and export with (a layers model), at `featureLayer` or its default. */
export async function loadPageBackbone(tf: Tf, files: readonly BackboneFile[], featureLayer?: string): Promise<{ backbone: Backbone; featureLayer: string }> {
  const backbone = await loadBackbone(tf, files);
  if (!backbone.layers) {
    backbone.graph?.dispose();
    throw new Error(`${backbone.fileName} is a graph model: the page needs a layers model to predict and export with the backbone; convert it with tensorflowjs_converter --output_format=tfjs_layers_model.`);
  }
  return { backbone, featureLayer: checkFeatureLayer(backbone, featureLayer ?? backbone.defaultFeatureLayer) };
}

export interface BackboneRun {
  /** What the trainer trains: features in, logits out. */
  head: tfTypes.Sequential;
  /** Pixels in, logits out (shares the head's layers): prediction and export use it. */
  stacked: tfTypes.LayersModel;
  source: FeatureSource;
}

/** Checks the data against the backbone and sets up a head run; errors name the backbone's file and what to change. */
export function prepareBackboneRun(tf: Tf, backbone: Backbone, featureLayer: string, pipeline: Pipeline, pixels: FeatureSourcePixels, numClasses: number, seed: number): BackboneRun {
  if (pipeline.output.layout !== 'NHWC') throw new Error(`${backbone.fileName} takes channels-last (NHWC) images: set the pipeline's output layout to NHWC.`);
  const problems = checkBackboneInput(backbone, pixels.sampleShape, pipelineValueRange(pipeline));
  if (problems.length) throw new Error(problems.join(' '));
  const { extract } = featureExtractor(tf, backbone, featureLayer);
  const source = new FeatureSource(tf, extract, pixels, featureShape(tf, extract, pixels.sampleShape), hasNoAugmentation(pipeline));
  const head = buildHead(tf, source.sampleShape, numClasses, seed);
  return { head, stacked: stackHead(tf, backbone, featureLayer, head), source };
}

type FeatureSourcePixels = ConstructorParameters<typeof FeatureSource>[2] & { sampleShape: SampleShape };
