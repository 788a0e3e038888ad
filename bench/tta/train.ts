// Time to accuracy in Node: one dataset (PNG class folders), each variant trained with the app's
// train layer (buildModel, Trainer, budget, working size from data) on tfjs WASM (or CPU), on the
// data panel's stratified split. Writes the split (files, labels, indices) for the scikit-learn
// baselines and prints one JSON line: [{dataset, variant, backend, val_accuracy, seconds, ...}].
// Env: TTA_DATA (folder), TTA_NAME, TTA_VARIANTS ("defaults,mlp:none,..."; preset:pipeline[:key=value]),
// (keys: any TrainSettings field, steps = step budget, width = the preset's width multiplier),
// TTA_SPLIT_OUT (split JSON path), TTA_BACKEND (wasm | cpu, default wasm), TTA_SPLIT_SEED (default 1).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { stratifiedSplit } from '../../src/data/dataset.js';
import { workingSizeFromData } from '../../src/data/workingSize.js';
import { defaultPipeline, presetPipeline, PRESET_NAMES, type Pipeline, type PresetName } from '../../src/pipeline/index.js';
import { budgetEpochs } from '../../src/train/budget.js';
import { registerConvGradKernels } from '../../src/train/kernels/index.js';
import { buildModel } from '../../src/train/models.js';
import { Trainer } from '../../src/train/trainer.js';
import { DEFAULT_SETTINGS, MODEL_PRESETS, type ModelPreset, type TrainSettings } from '../../src/train/types.js';
import { decodePngRgb } from './png.js';
import { SplitSource } from './source.js';

/** What a new user starts with (src/pipeline/presets.ts defaultPipeline(): the standard preset without its flip). */
const DEFAULT_PIPELINE = 'default';
/** Pipelines beyond the presets: the default one, and the standard one without its horizontal flip (the same steps). */
const EXTRA_PIPELINES: Record<string, () => Pipeline> = {
  default: () => defaultPipeline(),
  'standard-noflip': () => ({ ...presetPipeline('standard'), name: 'standard-noflip', steps: presetPipeline('standard').steps.filter((s) => s.op !== 'flip') }),
};
const VALIDATION_FRACTION = 0.2;
const log = (line: string) => process.stderr.write(`${line}\n`);

function readFolders(dir: string) {
  const classes = readdirSync(dir).filter((d) => !d.startsWith('.')).sort();
  const files: string[] = [];
  const labels: number[] = [];
  classes.forEach((name, k) => {
    for (const file of readdirSync(join(dir, name)).sort()) {
      files.push(join(dir, name, file));
      labels.push(k);
    }
  });
  const images = files.map((file) => decodePngRgb(new Uint8Array(readFileSync(file)), file));
  return { classes, files, labels: Int32Array.from(labels), images };
}

interface Variant {
  name: string;
  preset: ModelPreset;
  pipeline: string;
  overrides: Partial<TrainSettings>;
}

function parseVariant(text: string): Variant {
  if (text === 'defaults') return { name: 'defaults', preset: DEFAULT_SETTINGS.preset, pipeline: DEFAULT_PIPELINE, overrides: {} };
  const [preset, pipeline, ...rest] = text.split(':');
  if (!(MODEL_PRESETS as readonly string[]).includes(preset!)) throw new Error(`TTA_VARIANTS: unknown preset ${preset}`);
  if (!PRESET_NAMES.includes(pipeline as PresetName) && !EXTRA_PIPELINES[pipeline!]) throw new Error(`TTA_VARIANTS: unknown pipeline ${pipeline}`);
  const overrides: Record<string, number | string> = {};
  for (const kv of rest) {
    const [key, value] = kv.split('=');
    overrides[key!] = Number.isFinite(Number(value)) ? Number(value) : value!;
  }
  return { name: text, preset: preset as ModelPreset, pipeline: pipeline!, overrides: overrides as Partial<TrainSettings> };
}

async function main() {
  const dir = process.env.TTA_DATA!;
  const dataset = process.env.TTA_NAME ?? dir;
  const backend = process.env.TTA_BACKEND ?? 'wasm';
  // What the page does (backend.ts loadTf): tfjs-wasm 4.22 has no Conv2DBackpropFilter of its own.
  registerConvGradKernels(tf, { backends: ['wasm'] });
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  const { classes, files, labels, images } = readFolders(dir);
  const working = workingSizeFromData(images);
  if (images.some((im) => im.width !== working.sizePx || im.height !== working.sizePx)) throw new Error(`${dir}: the benchmark expects square images of the working size ${working.sizePx} px`);
  const split = stratifiedSplit(labels, classes.length, VALIDATION_FRACTION, Number(process.env.TTA_SPLIT_SEED ?? 1));
  if (process.env.TTA_SPLIT_OUT) writeFileSync(process.env.TTA_SPLIT_OUT, JSON.stringify({ files, labels: [...labels], train: [...split.train], validation: [...split.validation] }));
  log(`${dataset}: ${images.length} images, ${classes.length} classes, working size ${working.sizePx} px, ${split.train.length}/${split.validation.length} train/validation, ${tf.getBackend()}`);

  const results = [];
  for (const variant of (process.env.TTA_VARIANTS ?? 'defaults').split(',').map(parseVariant)) {
    const pipeline = EXTRA_PIPELINES[variant.pipeline]?.() ?? presetPipeline(variant.pipeline as PresetName);
    const source = new SplitSource(images, labels, pipeline, classes.length, [...split.train], [...split.validation]);
    const base = { ...DEFAULT_SETTINGS, preset: variant.preset, ...variant.overrides };
    const budget = budgetEpochs(split.train.length, base.batchSize, (variant.overrides as { steps?: number }).steps);
    const settings: TrainSettings = { ...base, epochs: variant.overrides.epochs ?? budget.epochs };
    const started = performance.now();
    const widthMultiplier = (variant.overrides as { width?: number }).width;
    const model = buildModel(tf, { preset: variant.preset, sampleShape: source.sampleShape, layout: pipeline.output.layout, numClasses: classes.length, seed: 1, widthMultiplier });
    const trainer = new Trainer(tf, model, source, settings, { scheduler: (cb) => cb() });
    const outcome = await trainer.run();
    const seconds = (performance.now() - started) / 1000;
    const chosen = trainer.history[trainer.bestEpoch ?? trainer.history.length - 1]!;
    const valAccuracy = chosen.valAccuracy ?? NaN;
    const best = Math.max(...trainer.history.map((e) => e.valAccuracy ?? 0));
    const reachedAt = trainer.history.findIndex((e) => (e.valAccuracy ?? 0) >= valAccuracy);
    const secondsToReach = trainer.history.slice(0, reachedAt + 1).reduce((s, e) => s + e.durationMs / 1000, 0);
    const row = {
      dataset,
      variant: variant.name,
      backend: tf.getBackend(),
      preset: variant.preset,
      pipeline: variant.pipeline,
      working_size_px: working.sizePx,
      epochs: trainer.history.length,
      steps: trainer.position.step,
      outcome,
      val_accuracy: valAccuracy,
      best_epoch_val_accuracy: best,
      seconds,
      seconds_to_reach: secondsToReach,
      params: model.countParams(),
    };
    log(JSON.stringify(row));
    results.push(row);
    trainer.dispose();
    model.dispose();
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
