// Evaluation arithmetic on plain arrays: the confusion matrix and what is read from it.
import type { ClassMetrics } from './types.js';

export function emptyConfusion(numClasses: number): number[][] {
  return Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
}

export function confusionTotal(confusion: readonly (readonly number[])[]): number {
  return confusion.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
}

/** Precision and recall per class from confusion[true][predicted]; 0 where undefined (no predictions or no samples). */
export function perClassMetrics(confusion: readonly (readonly number[])[]): ClassMetrics[] {
  return confusion.map((row, k) => {
    const truePositives = row[k] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, r) => sum + (r[k] ?? 0), 0);
    return { precision: predicted > 0 ? truePositives / predicted : 0, recall: support > 0 ? truePositives / support : 0, support };
  });
}

/** Each row divided by its sum (the share of each true class predicted as each class). */
export function normalizeRows(confusion: readonly (readonly number[])[]): number[][] {
  return confusion.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}
