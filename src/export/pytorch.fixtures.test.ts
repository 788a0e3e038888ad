// The PyTorch bundle of real tfjs models (every preset, both input layouts, on the tfjs CPU
// backend), with the tfjs logits for random inputs: python/tests/test_torch.py loads each bundle in
// PyTorch and compares. Series models (every series preset) go through the app's own export zip
// (exportSeriesModelZip + addPytorchFolder), with raw series files of other lengths and the tfjs
// logits after the app's prediction path (working length, pipeline): python/tests/test_torch_series.py.
// Writes them when AUGPLAY_FIXTURES_DIR is set; always checks the conversion.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { toWorkingLength, type LengthRule } from '../data/series/dataset.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, presetPipeline, runSeriesPipeline } from '../pipeline/index.js';
import { modelToArtifacts } from '../train/artifacts.js';
import { buildModel, type InputLayout } from '../train/models.js';
import { buildSeriesModel, SERIES_MODEL_PRESETS, type SeriesModelPreset } from '../train/models1d.js';
import { exportSeriesModelZip } from '../train/seriesExport.js';
import { MODEL_PRESETS, type ModelPreset } from '../train/types.js';
import { addPytorchFolder } from './modelZip.js';
import { pytorchBundle, samePadding, torchLayers, transposeAxes, type PytorchInput } from './pytorch.js';

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
  perturb(model, seed);
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

/** Batch-norm statistics and biases away from their initial 0/1, so that a wrong mapping shows. */
function perturb(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, seed * 100 + i).map((v) => (/variance/.test(model.weights[i]!.originalName) ? 0.5 + v * v : v * 0.3)), w.shape)));
}

interface MadeSeries {
  name: string;
  /** The export zip's pytorch/ files. */
  files: Record<string, Uint8Array>;
  problems: string[];
  /** Raw series (own lengths, before the working length) as the text files predict.py reads. */
  series: string[];
  logits: Float32Array;
  sampleShape: number[];
}

const SERIES_CLASSES = ['tap', 'swipe', 'shake'];

/** A series model exported by the app (zip + pytorch/), and tfjs's logits for raw series through the app's prediction path. */
async function makeSeries(preset: SeriesModelPreset, length: number, channels: number, rule: LengthRule, seed: number): Promise<MadeSeries> {
  const model = buildSeriesModel(tf, { preset, length, channels, numClasses: SERIES_CLASSES.length, seed, widthMultiplier: 0.25 });
  perturb(model, seed);
  const pipeline = parsePipeline({
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    modality: 'series',
    seed,
    steps: [{ op: 'standardize' }, { op: 'jitter', p: 1 }, { op: 'randomNoiseDistortion', p: 1 }, { op: 'smooth', params: { window: 3 } }],
  });
  // Raw lengths around the working length, so both the stretch/cut and the pipeline are exercised.
  const rawLengths = [length, length + 7, Math.max(2, length - 5), 2 * length + 1];
  const raws = rawLengths.map((n, k) => values(n * channels, seed * 31 + k).map((v, i) => 3 * v + Math.sin(i / channels / 3) * (1 + (i % channels))));
  const sampleSize = length * channels;
  const x = new Float32Array(raws.length * sampleSize);
  raws.forEach((raw, k) => {
    const working = toWorkingLength(raw, channels, length, rule);
    x.set(runSeriesPipeline(pipeline, { length, channels, data: working }, { epoch: 0, index: 0, mode: 'inference' }).data, k * sampleSize);
  });
  const sampleShape = [1, length, channels];
  const out = model.predict(tf.tensor(x, [raws.length, ...sampleShape])) as tf.Tensor;
  const logits = (await out.data()) as Float32Array;
  out.dispose();
  const zip = await exportSeriesModelZip(tf, { model, pipeline, classes: SERIES_CLASSES, metadata: { preset, sampleShape: [1, length, channels], workingLength: length, lengthRule: rule, channels, backend: 'cpu' } });
  model.dispose();
  const { zip: withTorch, problems } = addPytorchFolder(zip);
  const files: Record<string, Uint8Array> = {};
  for (const [path, bytes] of Object.entries(unzipSync(withTorch))) if (path.startsWith('pytorch/')) files[path.slice('pytorch/'.length)] = bytes;
  // One line per time step; 9 significant digits give back the same float32.
  const text = (raw: Float32Array) => Array.from({ length: raw.length / channels }, (_, t) => Array.from(raw.subarray(t * channels, (t + 1) * channels), (v) => v.toPrecision(9)).join(',')).join('\n');
  return { name: `series-${preset}-${length}x${channels}-${rule}`, files, problems, series: raws.map(text), logits, sampleShape };
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

  it("pads as TensorFlow's \"same\" does: the odd one after, any stride", () => {
    expect(samePadding(24, 8, 1, 1)).toEqual([3, 4]);
    expect(samePadding(24, 5, 1, 1)).toEqual([2, 2]);
    expect(samePadding(1, 1, 1, 1)).toEqual([0, 0]);
    expect(samePadding(7, 3, 2, 1)).toEqual([1, 1]);
    expect(samePadding(8, 3, 2, 1)).toEqual([0, 1]);
    expect(samePadding(9, 3, 1, 2)).toEqual([2, 2]);
  });

  it('converts every series preset from the export zip: pytorch/ with the 1-D CNN\'s even kernel padded after', async () => {
    for (const preset of SERIES_MODEL_PRESETS) {
      const made = await makeSeries(preset, 24, 3, 'resample', 1);
      expect(made.problems, preset).toEqual([]);
      expect(Object.keys(made.files)).toEqual(expect.arrayContaining(['model.py', 'predict.py', 'train.py', 'weights.bin', 'weights.json', 'model_config.json', 'pipeline.json', 'augplay/series.py']));
      const config = JSON.parse(strFromU8(made.files['model_config.json']!)) as { preset: string; sampleShape: number[]; layers: { type: string; pad?: number[]; padding?: number[] }[] };
      expect(config.preset).toBe(preset);
      expect(config.sampleShape).toEqual([1, 24, 3]);
      expect(strFromU8(made.files['README.md']!)).toMatch(/predict\.py path\/to\/series\.csv/);
      if (preset === 'cnn1d') {
        const convs = config.layers.filter((l) => l.type === 'conv2d');
        expect(convs.map((l) => l.pad ?? l.padding)).toEqual([[3, 4, 0, 0], [0, 2], [0, 1]]);
        expect(config.layers.map((l) => l.type)).toContain('globalavgpool2d');
      }
    }
    // The shape is followed through the even-kernel padding: the head's input is the last conv's filters.
    const model = buildSeriesModel(tf, { preset: 'cnn1d', length: 10, channels: 2, numClasses: 3, seed: 1, widthMultiplier: 0.25 });
    const layers = torchLayers((await modelToArtifacts(tf, model)).modelTopology, [1, 10, 2]);
    model.dispose();
    expect(layers.at(-1)).toMatchObject({ type: 'dense', inFeatures: 16 });
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

  it.runIf(dir)('writes series bundles (from the export zip), raw series files and tfjs logits for the Python tests', { timeout: 60_000 }, async () => {
    const root = join(dir!, 'torch-series');
    rmSync(root, { recursive: true, force: true });
    const cases = [];
    let seed = 11;
    for (const preset of SERIES_MODEL_PRESETS) {
      for (const [length, channels, rule] of [[24, 3, 'resample'], [13, 1, 'cropOrPad']] as const) {
        const made = await makeSeries(preset, length, channels, rule, seed++);
        expect(made.problems).toEqual([]);
        for (const [path, bytes] of Object.entries(made.files)) {
          mkdirSync(dirname(join(root, made.name, 'pytorch', path)), { recursive: true });
          writeFileSync(join(root, made.name, 'pytorch', path), bytes);
        }
        mkdirSync(join(root, made.name, 'series'), { recursive: true });
        made.series.forEach((text, k) => writeFileSync(join(root, made.name, 'series', `${k}.csv`), text));
        writeFileSync(join(root, made.name, 'logits.bin'), new Uint8Array(made.logits.buffer));
        cases.push({ name: made.name, preset, batch: made.series.length, sampleShape: made.sampleShape, classes: SERIES_CLASSES.length });
      }
    }
    writeFileSync(join(root, 'cases.json'), JSON.stringify(cases, null, 1));
  });
});
