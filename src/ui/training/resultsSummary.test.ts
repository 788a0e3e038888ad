// The results line: best validation epoch, time, backend, in the words the page shows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochEvent } from '../../train/types.js';
import { formatDuration, resultsSummary } from './resultsSummary.js';

const epoch = (i: number, valAccuracy: number | undefined, durationMs = 20_000, accuracy = 0.5): EpochEvent => ({
  epoch: i,
  loss: 1,
  accuracy,
  ...(valAccuracy === undefined ? {} : { valAccuracy, valLoss: 1 }),
  learningRate: 0.001,
  samplesPerSec: 100,
  waitFraction: 0,
  durationMs,
  step: (i + 1) * 10,
});

describe('results summary line', () => {
  it('names the best validation epoch (1-based), the time and the backend', () => {
    const epochs = [0.5, 0.7, 0.84, 0.8].map((v, i) => epoch(i, v, 45_000));
    expect(resultsSummary(epochs, 'wasm')).toBe('Validation accuracy 84% (best epoch 3), 3 min, WASM');
  });

  it('keeps the first epoch of a tie, says when there is no validation split, and is empty before an epoch ends', () => {
    expect(resultsSummary([epoch(0, 0.9), epoch(1, 0.9)], 'webgpu')).toBe('Validation accuracy 90% (best epoch 1), 40 s, WebGPU');
    expect(resultsSummary([epoch(0, undefined, 5_000, 0.61)], undefined)).toBe('Training accuracy 61% (epoch 1, no validation split), 5 s');
    expect(resultsSummary([], 'cpu')).toBeNull();
  });

  it('reports the largest validation accuracy of any run', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (accuracies) => {
        const line = resultsSummary(accuracies.map((v, i) => epoch(i, v)), 'cpu')!;
        const best = Math.max(...accuracies);
        expect(line).toContain(`Validation accuracy ${Math.round(best * 100)}% (best epoch ${accuracies.indexOf(best) + 1})`);
      }),
      { numRuns: 2000 },
    );
  });

  it('says durations as people do', () => {
    expect(formatDuration(400)).toBe('0 s');
    expect(formatDuration(59_400)).toBe('59 s');
    expect(formatDuration(90_000)).toBe('2 min');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });
});
