// Comparison variants, summaries, step effects and the CSV export.
import { describe, expect, it } from 'vitest';
import { pipelineOf } from '../pipeline/testing.js';
import { comparisonCsv, defaultVariants, runFromHistory, stepEffects, summarize, type CompareRun } from './compare.js';
import type { EpochEvent } from './types.js';

const pipeline = pipelineOf([{ op: 'flip' }, { op: 'resize', params: { width: 8, height: 8 } }, { op: 'rotate', enabled: false }, { op: 'brightness' }, { op: 'rescale' }], { batch: [{ op: 'mixUp' }] });

describe('default variants', () => {
  it('no augmentation, the current pipeline, then each enabled augment and batch step left out, up to the count', () => {
    const all = defaultVariants(pipeline, 12);
    expect(all.map((v) => v.name)).toEqual(['No augmentation', 'Current pipeline', 'Without Flip (step 1)', 'Without Brightness (step 4)', 'Without MixUp']);
    expect(all[0]!.pipeline.steps.filter((s) => s.stage === 'augment').every((s) => !s.enabled)).toBe(true);
    expect(all[0]!.pipeline.batch).toBeUndefined();
    expect(all[1]!.pipeline).toBe(pipeline);
    // Left out by disabling: every other step is as it was.
    expect(all[3]!.pipeline.steps.map((s) => s.enabled)).toEqual([true, true, false, false, true]);
    expect(all[4]!.pipeline.batch![0]!.enabled).toBe(false);
    expect(defaultVariants(pipeline, 3)).toHaveLength(3);
  });
});

const epoch = (valAccuracy: number, valLoss: number, i: number): EpochEvent => ({ epoch: i, loss: 1, accuracy: 0.5, valAccuracy, valLoss, learningRate: 0.01, samplesPerSec: 1, waitFraction: 0, durationMs: 1, step: i + 1 });
const run = (name: string, acc: number[], leftOut?: string): CompareRun =>
  runFromHistory({ name, pipeline, ...(leftOut ? { leftOut } : {}) }, acc.map((a, i) => epoch(a, 1 - a, i)), 1500, new Date(0));

describe('results', () => {
  const runs = [run('Current pipeline', [0.5, 0.8, 0.7]), run('Without Flip (step 1)', [0.6, 0.6], 'Flip (step 1)'), run('Without Brightness (step 4)', [0.75], 'Brightness (step 4)'), run('Without "x", y', [0.7], 'x')];
  it('final and best validation accuracy and loss', () => {
    expect(summarize(runs[0]!)).toEqual({ name: 'Current pipeline', finalAccuracy: 0.7, bestAccuracy: 0.8, finalLoss: 1 - 0.7, bestLoss: 1 - 0.8, epochs: 3, timeMs: 1500 });
  });
  it('which step helps and which hurts most, in points of final accuracy', () => {
    const { helps, hurts } = stepEffects(runs);
    expect(helps!.step).toBe('Flip (step 1)');
    expect(helps!.points).toBeCloseTo(10, 6);
    expect(hurts!.step).toBe('Brightness (step 4)');
    expect(hurts!.points).toBeCloseTo(-5, 6);
    expect(stepEffects(runs.slice(1))).toEqual({ helps: null, hurts: null });
  });
  it('CSV: one row per run, names quoted where needed', () => {
    const lines = comparisonCsv(runs).trim().split('\n');
    expect(lines[0]).toBe('variant,final_val_accuracy,best_val_accuracy,final_val_loss,best_val_loss,epochs,time_s');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^"Without ""x"", y",0.7,0.7,/);
  });
});
