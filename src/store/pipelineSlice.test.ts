import { afterEach, describe, expect, it, vi } from 'vitest';
import { presetPipeline } from '../pipeline/index.js';
import { createAppStore } from './appStore.js';
import { persistPipeline, PIPELINE_STORAGE_KEY, SAVE_DELAY_MS } from './persistPipeline.js';

const ops = (store: ReturnType<typeof createAppStore>) => store.getState().pipeline.steps.map((s) => s.op);

describe('pipeline editing', () => {
  afterEach(() => vi.useRealTimers());

  it('adds a colour step before rescale so the pipeline stays valid, and a preprocess step at the end', () => {
    const store = createAppStore();
    store.getState().applyPreset('none');
    expect(store.getState().addStep('brightness')).toBe(0);
    expect(ops(store)).toEqual(['brightness', 'rescale']);
    store.getState().addStep('standardize');
    expect(ops(store)).toEqual(['brightness', 'rescale', 'standardize']);
  });

  it('refuses a move that puts a colour step after normalise, with the reason, and changes nothing', () => {
    const store = createAppStore();
    store.getState().applyPreset('light');
    const before = store.getState().pipeline;
    store.getState().moveStep(1, 2);
    expect(store.getState().pipeline).toBe(before);
    expect(store.getState().pipelineError).toMatch(/brightness works on pixel values 0-255, so it must come before rescale/);
  });

  it('undoes and redoes each change; a slider drag is one undo step', () => {
    vi.useFakeTimers();
    const store = createAppStore();
    const start = store.getState().pipeline;
    const rotate = ops(store).indexOf('rotate');
    for (const hi of [16, 20, 25, 30]) {
      store.getState().setParams(rotate, { degrees: [-15, hi] });
      vi.advanceTimersByTime(50);
    }
    store.getState().removeStep(0);
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().pipeline.steps[rotate]!.params.degrees).toEqual([-15, 30]);
    store.getState().undo();
    expect(store.getState().pipeline).toEqual(start);
    store.getState().redo();
    expect(store.getState().pipeline.steps[rotate]!.params.degrees).toEqual([-15, 30]);
    // A pause longer than the merge window starts a new undo step.
    vi.advanceTimersByTime(2000);
    store.getState().setParams(rotate, { degrees: [-15, 40] });
    expect(store.getState().past).toHaveLength(2);
  });

  it('duplicates, toggles and removes steps', () => {
    const store = createAppStore();
    store.getState().applyPreset('light');
    store.getState().duplicateStep(0);
    expect(ops(store)).toEqual(['flip', 'flip', 'brightness', 'rescale']);
    store.getState().setEnabled(1, false);
    expect(store.getState().pipeline.steps[1]!.enabled).toBe(false);
    store.getState().removeStep(1);
    expect(ops(store)).toEqual(['flip', 'brightness', 'rescale']);
  });

  it('imports a valid pipeline as one undoable change, and keeps the current one on a bad file', () => {
    const store = createAppStore();
    const current = store.getState().pipeline;
    const error = store.getState().importPipeline(JSON.stringify({ ...current, steps: [{ op: 'rotate', params: { degrees: [9, 1] } }] }));
    expect(error).toMatch(/^steps\[0\]\.params\.degrees: expected \[min, max\] with min <= max/);
    expect(store.getState().pipeline).toBe(current);
    const heavy = presetPipeline('heavy', 5);
    expect(store.getState().importPipeline(JSON.stringify(heavy))).toBeNull();
    expect(store.getState().pipeline).toEqual(heavy);
    store.getState().undo();
    expect(store.getState().pipeline).toEqual(current);
  });

  it('re-rolls the seed', () => {
    const store = createAppStore();
    const seeds = new Set<number>();
    for (let i = 0; i < 5; i++) {
      store.getState().rerollSeed();
      seeds.add(store.getState().pipeline.seed);
    }
    expect(seeds.size).toBe(5);
  });
});

describe('pipeline persistence', () => {
  const memory = () => {
    const map = new Map<string, string>();
    return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
  };

  it('saves after edits and restores in a new store', () => {
    vi.useFakeTimers();
    const storage = memory();
    const first = createAppStore();
    const stop = persistPipeline(first, storage);
    first.getState().applyPreset('heavy');
    first.getState().setSeed(1234);
    vi.advanceTimersByTime(SAVE_DELAY_MS + 10);
    stop();
    const second = createAppStore();
    persistPipeline(second, storage);
    expect(second.getState().pipeline).toEqual(first.getState().pipeline);
    vi.useRealTimers();
  });

  it('reports a stored pipeline it cannot read and keeps the default', () => {
    const storage = memory();
    storage.setItem(PIPELINE_STORAGE_KEY, JSON.stringify({ format: 'augplay.pipeline', version: 9, steps: [] }));
    const store = createAppStore();
    const fresh = store.getState().pipeline;
    persistPipeline(store, storage);
    expect(store.getState().pipeline).toBe(fresh);
    expect(store.getState().pipelineError).toMatch(/could not be restored: version: this file is pipeline version 9/);
  });
});

describe('Hugging Face preprocessor config', () => {
  it('writes preprocessor_config.json for a pipeline of resize and rescale', () => {
    const store = createAppStore();
    const base = presetPipeline('none');
    const resize = { op: 'resize', stage: 'preprocess', params: { width: 32, height: 32, fit: 'stretch', interpolation: 'bilinear' } };
    expect(store.getState().importPipeline(JSON.stringify({ ...base, steps: [resize, ...base.steps] }))).toBeNull();
    const result = store.getState().preprocessorConfig();
    if (!result.ok) throw new Error(result.message);
    expect(result.fileName).toBe('preprocessor_config.json');
    const config = JSON.parse(result.json);
    expect(config.do_resize).toBe(true);
    expect(config.size).toEqual({ height: 32, width: 32 });
    expect(config.do_rescale).toBe(true);
    expect(config.rescale_factor).toBeCloseTo(1 / 255, 12);
    expect(result.notes.length).toBeGreaterThan(0);
  });

  it('refuses a pipeline with standardize, naming the step and why', () => {
    const store = createAppStore();
    store.getState().applyPreset('none');
    store.getState().addStep('standardize');
    const result = store.getState().preprocessorConfig();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/steps\[1\]: standardize has no exact equivalent.*own mean and standard deviation/);
  });
});
