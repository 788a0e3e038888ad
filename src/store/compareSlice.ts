// Compare runs (issue 15): trains variants of the pipeline one after another with the same split,
// weight seed, epochs and settings, keeps each finished run (IndexedDB), and stops at any time
// keeping those finished. Runs go through the one training session, so the Training panel shows
// each run's progress as usual.

import type { StateCreator } from 'zustand';
import { errorMessage } from '../pipeline/errorMessage.js';
import { parsePipeline } from '../pipeline/index.js';
import { defaultVariants, runFromHistory, type CompareRun } from '../train/compare.js';
import { isBusy, type TrainingSession } from '../train/session.js';
import type { AppState } from './appStore.js';
import type { CompareStorage } from './compareRuns.js';
import { trainingDataFrom } from './trainingData.js';

// What the Compare view shows of the runs, from the layer below (ui imports the store, not train/).
export { comparisonCsv, comparisonJson, defaultVariants, stepEffects, summarize, type CompareRun } from '../train/compare.js';

export interface CompareState {
  status: 'idle' | 'running' | 'stopping';
  /** How many variants the next comparison trains. */
  count: number;
  runs: CompareRun[];
  /** The variant in training and its place, while running. */
  current: { name: string; index: number; total: number } | null;
  error: string | null;
  /** After a stop: the run it cut short, which is not kept (it stays in Training, stopped, where Resume continues it). */
  stopped: string | null;
}

export interface CompareSlice {
  compare: CompareState;
  setCompareCount: (count: number) => void;
  /** Trains the default variants of the current pipeline; finished runs replace the last comparison's. */
  runComparison: () => Promise<void>;
  /** Stops after the run in training (which is stopped too); finished runs stay. */
  stopComparison: () => void;
  /** Makes a finished run's pipeline the current one (one undoable change). */
  adoptComparedPipeline: (index: number) => void;
  loadComparison: () => Promise<void>;
}

export function makeCompareSlice(session: TrainingSession, storage: CompareStorage): StateCreator<AppState, [], [], CompareSlice> {
  return (set, get, store) => {
    const patch = (changes: Partial<CompareState>) => set({ compare: { ...get().compare, ...changes } });
    const data = trainingDataFrom(store, () => undefined);
    /** Resolves once the session's run is over (a delegated run reports through events only). */
    const settled = () =>
      new Promise<void>((resolve) => {
        if (!isBusy(get().training.status)) return resolve();
        const stop = store.subscribe((s) => {
          if (!isBusy(s.training.status)) {
            stop();
            resolve();
          }
        });
      });

    return {
      compare: { status: 'idle', count: 4, runs: [], current: null, error: null, stopped: null },
      setCompareCount: (count) => patch({ count: Math.max(2, Math.min(12, Math.round(count))) }),
      runComparison: async () => {
        if (get().compare.status !== 'idle' || isBusy(get().training.status)) return;
        const settings = { ...get().training.settings };
        const variants = defaultVariants(get().pipeline, get().compare.count);
        patch({ status: 'running', runs: [], error: null, stopped: null });
        const runs: CompareRun[] = [];
        // A stop pressed before the session's trainer runs (while it prepares the backend, data and
        // model, or as the trainer starts, which clears earlier stops) reaches no trainer: pass it on
        // once the run is under way, and again after each batch until the run ends.
        const relay = store.subscribe((s, prev) => {
          if (s.compare.status !== 'stopping' || (s.training.status !== 'running' && s.training.status !== 'paused')) return;
          const moved = prev.compare.status !== 'stopping' || prev.training.status !== s.training.status || prev.training.series.x.length !== s.training.series.x.length;
          if (moved) setTimeout(() => session.stop(), 0);
        });
        try {
          for (let i = 0; i < variants.length && get().compare.status === 'running'; i++) {
            const variant = variants[i]!;
            patch({ current: { name: variant.name, index: i, total: variants.length } });
            const started = performance.now();
            await session.start({ settings, pipeline: variant.pipeline, data });
            await settled();
            const { status, epochs, error } = get().training;
            if (status !== 'done') {
              if (status === 'failed') patch({ error: `${variant.name}: ${error ?? 'training failed'}` });
              if (status === 'stopped') patch({ stopped: `${variant.name}: stopped at epoch ${epochs.length + 1} of ${settings.epochs}; a partial run is not kept (Training shows it, and Resume continues it)` });
              break;
            }
            runs.push(runFromHistory(variant, epochs, performance.now() - started, new Date()));
            patch({ runs: [...runs] });
            await storage.save(runs);
          }
          // Stopped or failed before any run finished: the saved comparison is the (empty) one shown.
          if (runs.length === 0) await storage.save(runs);
        } catch (e) {
          patch({ error: errorMessage(e) });
        } finally {
          relay();
          patch({ status: 'idle', current: null });
        }
      },
      stopComparison: () => {
        if (get().compare.status !== 'running') return;
        patch({ status: 'stopping' });
        session.stop();
      },
      adoptComparedPipeline: (index) => {
        const run = get().compare.runs[index];
        if (run) get().editPipeline(() => parsePipeline(JSON.parse(JSON.stringify(run.pipeline))));
      },
      loadComparison: async () => {
        try {
          const runs = await storage.load();
          if (get().compare.runs.length === 0) patch({ runs });
        } catch (e) {
          patch({ error: `The saved comparison could not be read: ${errorMessage(e)}` });
        }
      },
    };
  };
}
