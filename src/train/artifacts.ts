// A layers model to and from plain, structured-clonable artifacts (topology JSON, weight specs,
// one ArrayBuffer of weights): what the export file and the IndexedDB checkpoint both hold.
import type * as tfTypes from '@tensorflow/tfjs';

import { graphLayerClass } from './graphLayer.js';

type Tf = typeof tfTypes;

export interface PlainArtifacts {
  modelTopology: object;
  weightSpecs: tfTypes.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export async function modelToArtifacts(tf: Tf, model: tfTypes.LayersModel): Promise<PlainArtifacts> {
  let captured: tfTypes.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) throw new Error('tfjs saved the model without its topology or weights');
  // weightData may come as several buffers; one is simpler to store and zip.
  return {
    modelTopology: captured.modelTopology as object,
    weightSpecs: captured.weightSpecs,
    weightData: tf.io.CompositeArrayBuffer.join(captured.weightData),
  };
}

export async function modelFromArtifacts(tf: Tf, artifacts: PlainArtifacts): Promise<tfTypes.LayersModel> {
  // A head stacked on a graph backbone holds our one custom layer: tfjs must know its class first.
  graphLayerClass(tf);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData }));
}
