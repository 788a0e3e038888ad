// Comparing pipelines (issue 15): the variants a comparison trains by default, what each run keeps,
// which step helps or hurts most, and the JSON + CSV export. Pure functions; the store runs them.

import { getOp, type Pipeline } from '../pipeline/index.js';
import { BATCH_OP_INFO } from '../pipeline/batchMix.js';
import type { EpochEvent } from './types.js';

export interface CompareVariant {
  name: string;
  pipeline: Pipeline;
  /** For leave-one-out variants: the step (or batch step) left out, as people read it. */
  leftOut?: string;
}

/** Most variants one comparison trains. */
export const MAX_VARIANTS = 12;

/**
 * The default variants: no augmentation (preprocess only), the current pipeline, then the current
 * pipeline without each augment step in turn (disabled, so every other step keeps its draws) and
 * without each batch step; `count` of them at most.
 */
export function defaultVariants(pipeline: Pipeline, count: number): CompareVariant[] {
  const augment = pipeline.steps.flatMap((s, i) => (s.stage === 'augment' && s.enabled ? [i] : []));
  const batch = (pipeline.batch ?? []).filter((s) => s.enabled);
  const none: Pipeline = { ...pipeline, steps: pipeline.steps.map((s) => (s.stage === 'augment' ? { ...s, enabled: false } : s)) };
  delete none.batch;
  const out: CompareVariant[] = [
    { name: 'No augmentation', pipeline: none },
    { name: 'Current pipeline', pipeline },
  ];
  for (const i of augment) {
    const label = `${getOp(pipeline.steps[i]!.op)?.label ?? pipeline.steps[i]!.op} (step ${i + 1})`;
    out.push({ name: `Without ${label}`, leftOut: label, pipeline: { ...pipeline, steps: pipeline.steps.map((s, j) => (j === i ? { ...s, enabled: false } : s)) } });
  }
  for (const b of batch) {
    const label = BATCH_OP_INFO[b.op].label;
    out.push({ name: `Without ${label}`, leftOut: label, pipeline: { ...pipeline, batch: pipeline.batch!.map((s) => (s.op === b.op ? { ...s, enabled: false } : s)) } });
  }
  return out.slice(0, Math.max(1, Math.min(count, MAX_VARIANTS)));
}

/** One finished run of a comparison. */
export interface CompareRun {
  name: string;
  leftOut?: string;
  pipeline: Pipeline;
  /** Validation accuracy and loss after each epoch. */
  valAccuracy: number[];
  valLoss: number[];
  epochs: number;
  timeMs: number;
  finishedAt: string;
}

export function runFromHistory(variant: CompareVariant, history: readonly EpochEvent[], timeMs: number, finishedAt: Date): CompareRun {
  const run: CompareRun = {
    name: variant.name,
    pipeline: variant.pipeline,
    valAccuracy: history.map((e) => e.valAccuracy ?? Number.NaN),
    valLoss: history.map((e) => e.valLoss ?? Number.NaN),
    epochs: history.length,
    timeMs,
    finishedAt: finishedAt.toISOString(),
  };
  if (variant.leftOut) run.leftOut = variant.leftOut;
  return run;
}

export interface RunSummary {
  name: string;
  finalAccuracy: number;
  bestAccuracy: number;
  finalLoss: number;
  bestLoss: number;
  epochs: number;
  timeMs: number;
}

const finite = (xs: number[]) => xs.filter((x) => Number.isFinite(x));

export function summarize(run: CompareRun): RunSummary {
  const acc = finite(run.valAccuracy);
  const loss = finite(run.valLoss);
  return {
    name: run.name,
    finalAccuracy: acc.at(-1) ?? Number.NaN,
    bestAccuracy: acc.length ? Math.max(...acc) : Number.NaN,
    finalLoss: loss.at(-1) ?? Number.NaN,
    bestLoss: loss.length ? Math.min(...loss) : Number.NaN,
    epochs: run.epochs,
    timeMs: run.timeMs,
  };
}

/**
 * Which left-out step helps or hurts most: the current pipeline's final validation accuracy minus
 * that of the run without the step (positive: keeping it helps). Null without the runs to say.
 */
export function stepEffects(runs: readonly CompareRun[]): { helps: { step: string; points: number } | null; hurts: { step: string; points: number } | null } {
  const current = runs.find((r) => r.name === 'Current pipeline');
  if (!current) return { helps: null, hurts: null };
  const base = summarize(current).finalAccuracy;
  const effects = runs.filter((r) => r.leftOut && Number.isFinite(summarize(r).finalAccuracy)).map((r) => ({ step: r.leftOut!, points: 100 * (base - summarize(r).finalAccuracy) }));
  const sorted = [...effects].sort((a, b) => b.points - a.points);
  const top = sorted[0];
  const bottom = sorted.at(-1);
  return { helps: top && top.points > 0 ? top : null, hurts: bottom && bottom.points < 0 ? bottom : null };
}

const CSV_HEADER = ['variant', 'final_val_accuracy', 'best_val_accuracy', 'final_val_loss', 'best_val_loss', 'epochs', 'time_s'];

function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function comparisonCsv(runs: readonly CompareRun[]): string {
  const rows = runs.map((r) => {
    const s = summarize(r);
    return [s.name, s.finalAccuracy, s.bestAccuracy, s.finalLoss, s.bestLoss, s.epochs, s.timeMs / 1000].map(csvCell).join(',');
  });
  return `${[CSV_HEADER.join(','), ...rows].join('\n')}\n`;
}

export function comparisonJson(runs: readonly CompareRun[]): string {
  return `${JSON.stringify({ format: 'augplay.comparison', version: 1, runs }, null, 2)}\n`;
}
