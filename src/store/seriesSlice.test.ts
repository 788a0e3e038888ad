// The series slice in Node: switching modality loads the built-in sample once; a UCR file with two
// bad lines imports the rest and reports both by line; the preview follows the pipeline (a wider
// range changes it); a pipeline exports and loads back; training (tfjs CPU) gives an evaluation and
// a prediction; each modality keeps its own pipeline.
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSeriesSession } from '../train/seriesSession.js';
import { createAppStore } from './appStore.js';
import { parseSeriesText } from './seriesSlice.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function store() {
  // The series session on tfjs's CPU backend (no measuring in Node).
  const session = createSeriesSession(async () => tf, { chooseBackend: async (t) => (await t.setBackend('cpu'), { name: 'cpu', skipped: [] }), scheduler: (f) => f() });
  return createAppStore({ seriesServices: { session: async () => session } });
}

const ucr = (lines: string[]) => [{ path: 'Tiny_TRAIN.tsv', size: 1, read: async () => strToU8(lines.join('\n')) }];
const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('series slice', () => {
  it('loads the built-in sample on the first switch to Time series; the image pipeline is untouched', async () => {
    const s = store();
    const imagePipeline = s.getState().pipeline;
    s.getState().setModality('series');
    await waitFor(() => s.getState().seriesDataset !== null);
    expect(s.getState().seriesDataset!.classes).toEqual(['circle', 'shake', 'swipe', 'tap']);
    expect(s.getState().seriesPreview.variants).toHaveLength(4);
    expect(s.getState().pipeline).toBe(imagePipeline);
    expect(s.getState().seriesPipeline.modality).toBe('series');
  });

  it('imports a UCR file with two bad lines: the rest imported, each bad line reported with its number', async () => {
    const s = store();
    const good = Array.from({ length: 12 }, (_, i) => `${i % 2 + 1}\t${Array.from({ length: 20 }, (_, t) => Math.sin(t * (i % 2 ? 0.3 : 1.1)).toFixed(3)).join('\t')}`);
    await s.getState().importSeries(ucr([...good.slice(0, 4), '1\t0.1\tabc\t0.3', ...good.slice(4), '', '2']));
    expect(s.getState().seriesDataset!.labels).toHaveLength(12);
    expect(s.getState().seriesReport).toEqual([
      { file: 'Tiny_TRAIN.tsv, line 5', reason: 'column 3: "abc" is not a number' },
      { file: 'Tiny_TRAIN.tsv, line 15', reason: 'expected a label and at least one value' },
    ]);
    expect(s.getState().seriesDataset!.length).toBe(128);
  });

  it('previews again when a range widens, and exports a pipeline that loads back', async () => {
    const s = store();
    await s.getState().loadSeriesSample();
    const jitterAt = s.getState().seriesPipeline.steps.findIndex((st) => st.op === 'jitter');
    s.getState().editSeriesStep(jitterAt, { p: 1 });
    const before = s.getState().seriesPreview.variants.map((v) => v.series.data);
    s.getState().editSeriesStep(jitterAt, { params: { sigma: [0.03, 0.5] } });
    const after = s.getState().seriesPreview.variants.map((v) => v.series.data);
    expect(after[0]).not.toEqual(before[0]);
    s.getState().useDatasetStatistics(0);
    const standardize = s.getState().seriesPipeline.steps[0]!;
    expect(standardize.params).toMatchObject({ statistics: 'dataset' });
    expect((standardize.params.mean as number[]).length).toBe(3);
    expect((standardize.params.std as number[]).every((v) => v > 0)).toBe(true);
    const json = s.getState().seriesPipelineJson();
    expect(JSON.parse(json).modality).toBe('series');
    s.getState().removeSeriesStep(jitterAt);
    s.getState().loadSeriesPipeline(json);
    expect(s.getState().seriesPipeline.steps[jitterAt]!.params.sigma).toEqual([0.03, 0.5]);
    s.getState().loadSeriesPipeline('{"format":"augplay.pipeline","version":1,"steps":[]}');
    expect(s.getState().seriesPipelineError).toMatch(/for images/);
    s.getState().editSeriesStep(jitterAt, { params: { sigma: [0.5, 0.1] } });
    expect(s.getState().seriesPipelineError).toMatch(/steps\[\d\]\.params\.sigma/);
  });

  it('trains the 1-D CNN an epoch on imported series, shows the confusion matrix, and predicts a pasted series', async () => {
    const s = store();
    s.getState().setSeriesLength(16, 'resample');
    const lines = Array.from({ length: 24 }, (_, i) => `${['circle', 'shake', 'swipe', 'tap'][i % 4]} ${Array.from({ length: 16 }, (_, t) => Math.sin(t * (1 + (i % 4))).toFixed(3)).join(' ')}`);
    await s.getState().importSeries(ucr(lines));
    s.getState().setSeriesTrainingSettings({ preset: 'cnn1d', epochs: 1 });
    await s.getState().trainSeries();
    const t = s.getState().seriesTraining;
    expect(t.status).toBe('done');
    expect(t.epochs).toHaveLength(1);
    expect(t.series.loss.length).toBeGreaterThan(0);
    expect(t.evaluation!.confusion).toHaveLength(4);
    const series = Array.from({ length: 40 }, (_, i) => Math.sin(i / 3).toFixed(3)).join('\n');
    await s.getState().predictSeries(series);
    const result = s.getState().seriesPrediction.result!;
    expect(result.map((r) => r.className).sort()).toEqual(['circle', 'shake', 'swipe', 'tap']);
    expect(result.reduce((a, r) => a + r.probability, 0)).toBeCloseTo(1, 4);
    const bytes = await s.getState().exportSeriesModel();
    const zip = unzipSync(bytes);
    expect(Object.keys(zip).filter((k) => !k.startsWith('pytorch/')).sort()).toEqual(['classes.json', 'metadata.json', 'model.json', 'pipeline.json', 'weights.bin']);
    expect(Object.keys(zip)).toEqual(expect.arrayContaining(['pytorch/model.py', 'pytorch/predict.py', 'pytorch/weights.bin', 'pytorch/model_config.json', 'pytorch/augplay/series.py']));
    expect(JSON.parse(strFromU8(zip['metadata.json']!))).toMatchObject({ modality: 'series', preset: 'cnn1d', sampleShape: [1, 16, 1], workingLength: 16, lengthRule: 'resample' });
    expect(JSON.parse(strFromU8(zip['pipeline.json']!)).modality).toBe('series');
    await s.getState().predictSeries('1,2\n3');
    expect(s.getState().seriesPrediction.error).toBe('Series to predict, line 2: 1 values, the first line has 2.');

    // The export imports back into a fresh page: the imported model predicts the same.
    const fresh = store();
    await fresh.getState().importSeriesModel(bytes, 'augplay-series-model.zip');
    expect(fresh.getState().seriesTraining.model).toMatchObject({ origin: 'imported', classes: ['circle', 'shake', 'swipe', 'tap'] });
    await fresh.getState().predictSeries(series);
    expect(fresh.getState().seriesPrediction.result).toEqual(result);
    await fresh.getState().importSeriesModel(new Uint8Array([1, 2, 3]), 'notes.txt');
    expect(fresh.getState().seriesTraining.error).toMatch(/^notes\.txt is not a zip file/);
  }, 120_000);

  it("passes the page's Backend setting to series runs (a forced backend is asked for by name)", async () => {
    const asked: (string | undefined)[] = [];
    const session = createSeriesSession(async () => tf, { chooseBackend: async (t, { wanted }) => (asked.push(wanted), await t.setBackend('cpu'), { name: 'cpu', skipped: [] }), scheduler: (f) => f() });
    const s = createAppStore({ seriesServices: { session: async () => session } });
    s.getState().setSeriesLength(16, 'resample');
    await s.getState().importSeries(ucr(Array.from({ length: 12 }, (_, i) => `${i % 2} ${Array.from({ length: 16 }, (_, t) => Math.sin(t * (1 + (i % 2)))).join(' ')}`)));
    s.getState().setSeriesTrainingSettings({ preset: 'mlp1d', epochs: 1 });
    s.setState({ training: { ...s.getState().training, backendRequest: 'cpu' } });
    await s.getState().trainSeries();
    expect(asked).toContain('cpu');
    expect(s.getState().seriesTraining.status).toBe('done');
  }, 60_000);

  it('reads a one-line series as one channel', () => {
    expect(parseSeriesText('1 2 3')).toEqual({ values: Float32Array.from([1, 2, 3]), channels: 1 });
    expect(() => parseSeriesText('')).toThrow(/no values/);
  });
});
