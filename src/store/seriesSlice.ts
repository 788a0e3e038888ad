// The time-series modality: which modality the page shows, and the series side's own dataset,
// pipeline and preview (each modality keeps its own; training is seriesTrainingSlice.ts). Thin
// actions over data/series (parsers, working length, IndexedDB) and pipeline/series (the runner);
// the UI renders this state and calls these actions.
import type { StateCreator } from 'zustand';
import type { ImportEntry, ReportRow } from '../data/importTypes.js';
import { appendSeries, channelStatistics, DEFAULT_SERIES_LENGTH, seriesAt, withWorkingLength, type LengthRule, type SeriesDataset } from '../data/series/dataset.js';
import { importSeriesEntries } from '../data/series/import.js';
import type { MissingRule, RawSeries } from '../data/series/parse.js';
import { generateGestures, SAMPLE_SERIES_SEED } from '../data/series/sample.js';
import { errorMessage } from '../pipeline/errorMessage.js';
import type { StepTrace } from '../pipeline/run.js';
import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, type Modality, type Pipeline } from '../pipeline/schema/pipeline.js';
import { requireSeriesOp } from '../pipeline/series/registry.js';
import { runSeriesPipeline } from '../pipeline/series/run.js';
import type { Series } from '../pipeline/series/series.js';
import type { AppState } from './appStore.js';
import type { SeriesTrainingServices } from './seriesTrainingSlice.js';

export const SERIES_PREVIEW_VARIANTS = 4;

export interface SeriesVariant {
  series: Series;
  trace: StepTrace[];
}

export interface SeriesSlice {
  modality: Modality;
  seriesDataset: SeriesDataset | null;
  seriesReport: ReportRow[];
  seriesImporting: boolean;
  seriesLength: number;
  seriesLengthRule: LengthRule;
  seriesMissingRule: MissingRule;
  seriesPipeline: Pipeline;
  seriesPipelineError: string | null;
  seriesPreview: { original: Series | null; variants: SeriesVariant[] };
  /** Which series the preview shows (index into the dataset; clamped when the dataset shrinks). */
  seriesPreviewIndex: number;
  setModality: (modality: Modality) => void;
  /** Previews series `index` (as clicking a thumbnail does for images). */
  selectSeriesPreview: (index: number) => void;
  importSeries: (entries: ImportEntry[]) => Promise<void>;
  loadSeriesSample: () => Promise<void>;
  clearSeries: () => Promise<void>;
  setSeriesLength: (length: number, rule: LengthRule) => void;
  setSeriesMissingRule: (rule: MissingRule) => void;
  /** Replaces step i's fields (op stays); the result is validated like an imported file. */
  editSeriesStep: (index: number, patch: { p?: number; enabled?: boolean; params?: Record<string, unknown> }) => void;
  addSeriesStep: (op: string) => void;
  /** Sets a standardize step to the dataset's per-channel mean and std. */
  useDatasetStatistics: (index: number) => void;
  removeSeriesStep: (index: number) => void;
  /** Loads a pipeline file's text; refused with the parser's message naming the field. */
  loadSeriesPipeline: (text: string) => void;
  seriesPipelineJson: () => string;
}

/** The series side's runtime (the series training session, where batches are made: seriesTrainingSlice.ts) and storage. */
export interface SeriesServices extends SeriesTrainingServices {
  /** Saves or clears the series dataset (IndexedDB in the browser); absent in tests. */
  save?: (dataset: SeriesDataset | null) => Promise<void>;
  load?: () => Promise<SeriesDataset | null>;
  /** Makes the built-in sample from its seed (a worker in the browser); default: here. */
  sample?: (seed: number) => Promise<RawSeries[]>;
}

export function defaultSeriesPipeline(): Pipeline {
  return parsePipeline({
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    modality: 'series',
    name: 'Time series',
    seed: 0,
    steps: [{ op: 'standardize' }, { op: 'jitter' }, { op: 'scaling' }, { op: 'magnitudeWarp' }, { op: 'timeWarp' }, { op: 'windowSlice' }],
  });
}

/** Parses pasted values: rows are time steps, cells are channels. */
export function parseSeriesText(text: string): { values: Float32Array; channels: number } {
  const rows = text.split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l !== '');
  if (rows.length === 0) throw new Error('Series to predict: no values; paste one line per time step (channels separated by commas).');
  // One line of many values is a one-channel series.
  const cells = rows.map((r) => r.split(/[\s,;]+/));
  const byRow = rows.length === 1 ? cells[0]!.map((c) => [c]) : cells;
  const channels = byRow[0]!.length;
  const values = new Float32Array(byRow.length * channels);
  byRow.forEach((row, t) => {
    if (row.length !== channels) throw new Error(`Series to predict, line ${t + 1}: ${row.length} values, the first line has ${channels}.`);
    row.forEach((cell, c) => {
      const v = Number(cell);
      if (!Number.isFinite(v)) throw new Error(`Series to predict, line ${rows.length === 1 ? 1 : t + 1}: ${JSON.stringify(cell.slice(0, 40))} is not a number.`);
      values[t * channels + c] = v;
    });
  });
  return { values, channels };
}

export function makeSeriesSlice(services: SeriesServices): StateCreator<AppState, [], [], SeriesSlice> {
  return (set, get) => {
    const refresh = () => {
      const { seriesDataset: d, seriesPipeline: pipeline } = get();
      if (!d || d.labels.length === 0) return set({ seriesPreview: { original: null, variants: [] }, seriesPreviewIndex: 0 });
      const index = Math.min(get().seriesPreviewIndex, d.labels.length - 1);
      const original = seriesAt(d, index);
      try {
        // The sample's own index, so the preview shows what training draws for it in epochs 0..3.
        const variants = Array.from({ length: SERIES_PREVIEW_VARIANTS }, (_, k) => {
          const out = runSeriesPipeline(pipeline, original, { epoch: k, index, mode: 'train' });
          return { series: { length: out.length, channels: out.channels, data: out.data }, trace: out.trace };
        });
        set({ seriesPreview: { original, variants }, seriesPreviewIndex: index, seriesPipelineError: null });
      } catch (e) {
        set({ seriesPipelineError: errorMessage(e) });
      }
    };
    const setDataset = async (dataset: SeriesDataset | null, report: ReportRow[]) => {
      set({ seriesDataset: dataset, seriesReport: report, seriesPrediction: { result: null, error: null } });
      refresh();
      try {
        await services.save?.(dataset);
      } catch (e) {
        set({ seriesReport: [...get().seriesReport, { file: 'browser storage', reason: errorMessage(e) }] });
      }
    };
    const setPipeline = (raw: unknown) => {
      try {
        set({ seriesPipeline: parsePipeline(raw), seriesPipelineError: null });
        refresh();
      } catch (e) {
        set({ seriesPipelineError: errorMessage(e) });
      }
    };
    return {
      modality: 'image',
      seriesDataset: null,
      seriesReport: [],
      seriesImporting: false,
      seriesLength: DEFAULT_SERIES_LENGTH,
      seriesLengthRule: 'resample',
      seriesMissingRule: 'interpolate',
      seriesPipeline: defaultSeriesPipeline(),
      seriesPipelineError: null,
      seriesPreview: { original: null, variants: [] },
      seriesPreviewIndex: 0,
      setModality: (modality) => {
        set({ modality });
        if (modality === 'series' && !get().seriesDataset) {
          // Busy while the saved set (or the built-in sample) loads: the panel says so instead of "No time series loaded".
          set({ seriesImporting: true });
          void (async () => {
            try {
              const saved = await services.load?.().catch(() => null);
              if (get().seriesDataset) return;
              if (saved) {
                set({ seriesDataset: saved, seriesLength: saved.length, seriesLengthRule: saved.lengthRule });
                refresh();
              } else await get().loadSeriesSample();
            } finally {
              set({ seriesImporting: false });
            }
          })();
        }
      },
      selectSeriesPreview: (index) => {
        const n = get().seriesDataset?.labels.length ?? 0;
        if (!Number.isInteger(index) || index < 0 || index >= n) return;
        set({ seriesPreviewIndex: index });
        refresh();
      },
      importSeries: async (entries) => {
        set({ seriesImporting: true });
        try {
          const { series, report } = await importSeriesEntries(entries, get().seriesMissingRule);
          const { dataset, report: more } = appendSeries(get().seriesDataset, series, get().seriesLength, get().seriesLengthRule);
          await setDataset(dataset, [...report, ...more]);
        } finally {
          set({ seriesImporting: false });
        }
      },
      loadSeriesSample: async () => {
        const series = services.sample ? await services.sample(SAMPLE_SERIES_SEED) : generateGestures(SAMPLE_SERIES_SEED);
        const { dataset } = appendSeries(null, series, get().seriesLength, get().seriesLengthRule);
        await setDataset(dataset, []);
      },
      clearSeries: () => setDataset(null, []),
      setSeriesLength: (length, rule) => {
        const d = get().seriesDataset;
        try {
          const next = d ? withWorkingLength(d, length, rule) : null;
          set({ seriesLength: length, seriesLengthRule: rule });
          if (next) void setDataset(next, get().seriesReport);
        } catch (e) {
          set({ seriesReport: [...get().seriesReport, { file: 'Working length', reason: errorMessage(e) }] });
        }
      },
      setSeriesMissingRule: (rule) => set({ seriesMissingRule: rule }),
      editSeriesStep: (index, patch) => {
        const p = get().seriesPipeline;
        setPipeline({ ...p, steps: p.steps.map((s, i) => (i === index ? { ...s, ...patch, params: { ...s.params, ...(patch.params ?? {}) } } : s)) });
      },
      useDatasetStatistics: (index) => {
        const d = get().seriesDataset;
        if (!d) return set({ seriesPipelineError: 'Dataset statistics: load time series first.' });
        const { mean, std } = channelStatistics(d);
        get().editSeriesStep(index, { params: { statistics: 'dataset', mean, std } });
      },
      addSeriesStep: (op) => {
        const def = requireSeriesOp(op);
        const p = get().seriesPipeline;
        setPipeline({ ...p, steps: [...p.steps, { op: def.name }] });
      },
      removeSeriesStep: (index) => {
        const p = get().seriesPipeline;
        setPipeline({ ...p, steps: p.steps.filter((_, i) => i !== index) });
      },
      loadSeriesPipeline: (text) => {
        try {
          const pipeline = parsePipeline(text);
          if (pipeline.modality !== 'series') throw new Error('This pipeline is for images (modality "image"): switch Modality to Images to use it.');
          set({ seriesPipeline: pipeline, seriesPipelineError: null });
          refresh();
        } catch (e) {
          set({ seriesPipelineError: errorMessage(e) });
        }
      },
      seriesPipelineJson: () => JSON.stringify(get().seriesPipeline, null, 2),
    };
  };
}
