// The results in one line a person reads at a glance: "Validation accuracy 84% (best epoch 7),
// 3 min, WASM". Pure, so the wording is tested without a page.
import type { EpochEvent } from '../../train/types.js';

const BACKEND_LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** A duration as people say it: "42 s", "3 min", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The line for the epochs trained so far (null before the first epoch ends). Validation accuracy
 * and its best epoch when there is a validation split, the training accuracy of the last epoch
 * otherwise; then the time spent training (pauses excluded) and the backend it ran on.
 */
export function resultsSummary(epochs: readonly EpochEvent[], backend: string | undefined): string | null {
  if (epochs.length === 0) return null;
  const validated = epochs.filter((e) => e.valAccuracy !== undefined && Number.isFinite(e.valAccuracy));
  let head: string;
  if (validated.length > 0) {
    // The first epoch that reached the best accuracy: the one early stopping would keep.
    const best = validated.reduce((a, b) => (b.valAccuracy! > a.valAccuracy! ? b : a));
    head = `Validation accuracy ${Math.round(best.valAccuracy! * 100)}% (best epoch ${best.epoch + 1})`;
  } else {
    const last = epochs.at(-1)!;
    head = `Training accuracy ${Math.round(last.accuracy * 100)}% (epoch ${last.epoch + 1}, no validation split)`;
  }
  const parts = [head, formatDuration(epochs.reduce((sum, e) => sum + e.durationMs, 0))];
  if (backend) parts.push(BACKEND_LABELS[backend] ?? backend);
  return parts.join(', ');
}
