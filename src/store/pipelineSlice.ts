// The pipeline being edited, its undo history and the edit actions. An edit that would make the
// pipeline invalid is refused and its message kept in `pipelineError`; nothing else changes.

import type { StateCreator } from 'zustand';
import { defaultPipeline, parsePipeline, PipelineError, presetPipeline, type Pipeline, type PresetName } from '../pipeline/index.js';
import { PreprocessorConfigError, RESIZE_NOTES, toPreprocessorConfig } from '../export/hf.js';
import type { AppState } from './appStore.js';
import * as edits from './pipelineEdits.js';

/** Edits of the same control within this window merge into one undo step (a slider drag). */
export const COALESCE_MS = 800;
export const MAX_HISTORY = 100;

export interface PipelineSlice {
  pipeline: Pipeline;
  past: Pipeline[];
  future: Pipeline[];
  /** Why the last edit or import was refused (names the field), or null. */
  pipelineError: string | null;
  /** Key and time of the last edit, for merging slider drags into one undo step. */
  lastEdit: { key: string; atMs: number } | null;
  addStep: (opName: string) => number | null;
  removeStep: (index: number) => void;
  duplicateStep: (index: number) => void;
  moveStep: (from: number, to: number) => void;
  setEnabled: (index: number, enabled: boolean) => void;
  setProbability: (index: number, p: number) => void;
  setParams: (index: number, params: Record<string, unknown>) => void;
  setSeed: (seed: number) => void;
  /** Any other edit (groups: groupEdits.ts), as one undoable change; refused edits set pipelineError. */
  editPipeline: (edit: (p: Pipeline) => Pipeline) => void;
  rerollSeed: () => void;
  applyPreset: (name: PresetName) => void;
  /** Replaces the pipeline with `json` if valid (one undoable change); returns the error message otherwise. */
  importPipeline: (json: string) => string | null;
  undo: () => void;
  redo: () => void;
  clearPipelineError: () => void;
  /** The pipeline as a Hugging Face preprocessor_config.json, or the message naming the step that has no exact equivalent and why. */
  preprocessorConfig: () => PreprocessorConfigExport;
}

export type PreprocessorConfigExport =
  | { ok: true; fileName: 'preprocessor_config.json'; json: string; notes: readonly string[] }
  | { ok: false; message: string };

export const createPipelineSlice: StateCreator<AppState, [], [], PipelineSlice> = (set, get) => {
  /** Applies an edit; `key` merges quick successive edits of one control into one undo step. */
  const commit = (edit: (p: Pipeline) => Pipeline, key?: string): boolean => {
    const { pipeline, past, lastEdit } = get();
    let next: Pipeline;
    try {
      next = edit(pipeline);
    } catch (error) {
      set({ pipelineError: error instanceof PipelineError ? error.message : String(error) });
      return false;
    }
    if (next === pipeline) return true;
    const now = Date.now();
    const merge = key !== undefined && lastEdit?.key === key && now - lastEdit.atMs < COALESCE_MS;
    set({
      pipeline: next,
      past: merge ? past : [...past, pipeline].slice(-MAX_HISTORY),
      future: [],
      pipelineError: null,
      lastEdit: key === undefined ? null : { key, atMs: now },
    });
    return true;
  };

  return {
    pipeline: defaultPipeline(),
    past: [],
    future: [],
    pipelineError: null,
    lastEdit: null,
    addStep: (opName) => {
      let index: number | null = null;
      commit((p) => {
        const added = edits.addStep(p, opName);
        index = added.index;
        return added.pipeline;
      });
      return index;
    },
    removeStep: (index) => void commit((p) => edits.removeStep(p, index)),
    duplicateStep: (index) => void commit((p) => edits.duplicateStep(p, index)),
    moveStep: (from, to) => void commit((p) => edits.moveStep(p, from, to)),
    setEnabled: (index, enabled) => void commit((p) => edits.setEnabled(p, index, enabled)),
    setProbability: (index, p) => void commit((pl) => edits.setProbability(pl, index, p), `p:${index}`),
    setParams: (index, params) => void commit((p) => edits.setParams(p, index, params), `params:${index}:${Object.keys(params).join(',')}`),
    setSeed: (seed) => void commit((p) => edits.setSeed(p, seed), 'seed'),
    editPipeline: (edit) => void commit(edit),
    // A fresh 32-bit seed; crypto when there is one (Node tests have it too).
    rerollSeed: () => void commit((p) => edits.setSeed(p, crypto.getRandomValues(new Uint32Array(1))[0]!)),
    applyPreset: (name) => void commit((p) => ({ ...presetPipeline(name, p.seed), output: p.output })),
    importPipeline: (json) => {
      try {
        const next = parsePipeline(json);
        commit(() => next);
        return null;
      } catch (error) {
        const message = error instanceof PipelineError ? error.message : String(error);
        set({ pipelineError: message });
        return message;
      }
    },
    undo: () => {
      const { past, pipeline, future } = get();
      const previous = past[past.length - 1];
      if (!previous) return;
      set({ pipeline: previous, past: past.slice(0, -1), future: [pipeline, ...future], pipelineError: null, lastEdit: null });
    },
    redo: () => {
      const { past, pipeline, future } = get();
      const next = future[0];
      if (!next) return;
      set({ pipeline: next, past: [...past, pipeline], future: future.slice(1), pipelineError: null, lastEdit: null });
    },
    clearPipelineError: () => set({ pipelineError: null }),
    preprocessorConfig: () => {
      try {
        const config = toPreprocessorConfig(get().pipeline);
        return { ok: true, fileName: 'preprocessor_config.json', json: `${JSON.stringify(config, null, 2)}\n`, notes: RESIZE_NOTES };
      } catch (error) {
        if (!(error instanceof PreprocessorConfigError)) throw error;
        return { ok: false, message: `No Hugging Face preprocessor config for this pipeline: ${error.message}` };
      }
    },
  };
};
