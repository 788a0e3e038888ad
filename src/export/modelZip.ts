// Adds the pytorch/ folder to a model export zip (model.json + weights.bin + pipeline.json +
// classes.json + metadata.json): the one hook the export needs. A model with no PyTorch mapping
// still gets the folder (pipeline, Python pipeline module, a README saying why).
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { parsePipeline } from '../pipeline/index.js';
import { pytorchBundle, type WeightSpec } from './pytorch.js';
import { pythonSources } from './pythonSources.js';

const FOLDER = 'pytorch/';

export function addPytorchFolder(zip: Uint8Array): { zip: Uint8Array; problems: string[] } {
  const files = unzipSync(zip);
  const read = (name: string): unknown => {
    const bytes = files[name];
    if (!bytes) throw new Error(`model export: ${name} is missing, cannot add the PyTorch folder`);
    return JSON.parse(strFromU8(bytes));
  };
  const modelJson = read('model.json') as { modelTopology: unknown; weightsManifest: { weights: WeightSpec[] }[] };
  const weights = files['weights.bin'];
  if (!weights) throw new Error('model export: weights.bin is missing, cannot add the PyTorch folder');
  const bundle = pytorchBundle({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
    weightData: weights,
    pipeline: parsePipeline(read('pipeline.json')),
    classes: read('classes.json') as string[],
    metadata: read('metadata.json') as Record<string, unknown>,
    python: pythonSources(),
  });
  const out: Record<string, Uint8Array> = { ...files };
  for (const [path, bytes] of Object.entries(bundle.files)) out[FOLDER + path] = bytes;
  return { zip: zipSync(out), problems: bundle.problems };
}
