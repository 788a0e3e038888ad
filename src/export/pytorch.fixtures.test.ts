// The PyTorch bundle of real tfjs models (every preset, both input layouts, on the tfjs CPU
// backend), with the tfjs logits for random inputs: python/tests/test_torch.py loads each bundle in
// PyTorch and compares. Writes them when AUGPLAY_FIXTURES_DIR is set; always checks the conversion.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { modelToArtifacts } from '../train/artifacts.js';
import { buildModel, type InputLayout } from '../train/models.js';
import { MODEL_PRESETS, type ModelPreset } from '../train/types.js';
import { pytorchBundle, transposeAxes, type PytorchInput } from './pytorch.js';

const PYTHON = join(__dirname, '../../python');

/** python/augplay/*.py and python/export/*.py by path relative to python/, as the app bundles them. */
function pythonSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of ['augplay', 'export']) {
    for (const f of readdirSync(join(PYTHON, dir))) if (f.endsWith('.py')) out[`${dir}/${f}`] = readFileSync(join(PYTHON, dir, f), 'utf8');
  }
  return out;
}

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2147483648 - 1;
  });
}

interface Made {
  name: string;
  input: PytorchInput;
  inputs: Float32Array;
  logits: Float32Array;
  batch: number;
}

async function make(preset: ModelPreset, layout: InputLayout, size: number, seed: number): Promise<Made> {
  const sampleShape: [number, number, number] = layout === 'NHWC' ? [size, size, 3] : [3, size, size];
  const model = buildModel(tf, { preset, sampleShape, layout, numClasses: 3, seed, widthMultiplier: 0.25 });
  // Batch-norm statistics and biases away from their initial 0/1, so that a wrong mapping shows.
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, seed * 100 + i).map((v) => (/variance/.test(model.weights[i]!.originalName) ? 0.5 + v * v : v * 0.3)), w.shape)));
  const batch = 4;
  const inputs = values(batch * sampleShape.reduce((a, b) => a * b, 1), seed + 7).map((v) => v * 2);
  const out = model.predict(tf.tensor(inputs, [batch, ...sampleShape])) as tf.Tensor;
  const logits = (await out.data()) as Float32Array;
  out.dispose();
  const artifacts = await modelToArtifacts(tf, model);
  model.dispose();
  const pipeline = presetPipeline('standard');
  return {
    name: `${preset}-${layout}`,
    batch,
    inputs,
    logits,
    input: {
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
      weightData: artifacts.weightData,
      pipeline: { ...pipeline, output: { ...pipeline.output, layout } },
      classes: ['circle', 'square', 'triangle'],
      metadata: { preset, sampleShape, layout, inputSize: { width: size, height: size }, settings: { learningRate: 0.01 } },
      python: pythonSources(),
    },
  };
}

describe('PyTorch bundle', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('transposes axes: HWIO to OIHW', () => {
    // shape [2, 1, 1, 3] (H, W, I, O): value = h * 3 + o.
    const src = Float32Array.from([0, 1, 2, 3, 4, 5]);
    expect([...transposeAxes(src, [2, 1, 1, 3], [3, 2, 0, 1])]).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('converts every preset, and still writes the rest when a layer has no mapping', async () => {
    for (const preset of MODEL_PRESETS) {
      const made = await make(preset, 'NHWC', 12, 1);
      const bundle = pytorchBundle(made.input);
      expect(bundle.problems, preset).toEqual([]);
      expect(Object.keys(bundle.files)).toEqual(expect.arrayContaining(['model.py', 'train.py', 'predict.py', 'weights.bin', 'weights.json', 'model_config.json', 'pipeline.json', 'augplay/__init__.py']));
      const floats = made.input.weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
      expect(bundle.files['weights.bin']!.byteLength).toBe(floats * 4);
    }
    const made = await make('mlp', 'NHWC', 8, 2);
    const topology = JSON.parse(JSON.stringify(made.input.modelTopology)) as { config: { layers: { class_name: string }[] } };
    topology.config.layers.at(-1)!.class_name = 'LSTM';
    const bundle = pytorchBundle({ ...made.input, modelTopology: topology });
    expect(bundle.problems.join()).toMatch(/LSTM has no PyTorch mapping yet/);
    expect(bundle.files['model.py']).toBeUndefined();
    expect(bundle.files['pipeline.json']).toBeDefined();
    expect(new TextDecoder().decode(bundle.files['README.md'])).toMatch(/could not be converted: .*LSTM/);
  });

  const dir = process.env.AUGPLAY_FIXTURES_DIR;
  it.runIf(dir)('writes bundles and tfjs logits for the Python tests', { timeout: 60_000 }, async () => {
    const root = join(dir!, 'torch');
    rmSync(root, { recursive: true, force: true });
    const cases = [];
    let seed = 3;
    for (const preset of MODEL_PRESETS) {
      for (const layout of ['NHWC', 'NCHW'] as const) {
        const made = await make(preset, layout, 16, seed++);
        const bundle = pytorchBundle(made.input);
        for (const [path, bytes] of Object.entries(bundle.files)) {
          mkdirSync(dirname(join(root, made.name, 'pytorch', path)), { recursive: true });
          writeFileSync(join(root, made.name, 'pytorch', path), bytes);
        }
        writeFileSync(join(root, made.name, 'inputs.bin'), new Uint8Array(made.inputs.buffer));
        writeFileSync(join(root, made.name, 'logits.bin'), new Uint8Array(made.logits.buffer));
        cases.push({ name: made.name, batch: made.batch, sampleShape: made.input.metadata.sampleShape, classes: 3, problems: bundle.problems });
      }
    }
    writeFileSync(join(root, 'cases.json'), JSON.stringify(cases, null, 1));
  });
});
