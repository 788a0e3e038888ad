import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetEpochs, DEFAULT_BUDGET_STEPS, expectedSeconds, MAX_BUDGET_EPOCHS, MIN_BUDGET_EPOCHS, resolveEpochs } from './budget.js';

describe('step budget', () => {
  it('picks the stated epochs for the datasets we measure', () => {
    // scikit-learn digits: 1,797 images, 80% for training = 1,438; 45 batches of 32 an epoch.
    expect(budgetEpochs(1438, 32)).toEqual({ epochs: 14, steps: 14 * 45, batchesPerEpoch: 45 });
    // The set: 10 classes x 60 images, 480 for training; 15 batches an epoch.
    expect(budgetEpochs(480, 32).epochs).toBe(40);
    // The built-in shapes: 1,000 images, 800 for training; 25 batches an epoch.
    expect(budgetEpochs(800, 32).epochs).toBe(24);
    // Large data still gets a few passes; tiny data is capped.
    expect(budgetEpochs(100_000, 32).epochs).toBe(MIN_BUDGET_EPOCHS);
    expect(budgetEpochs(8, 32).epochs).toBe(MAX_BUDGET_EPOCHS);
  });

  it('gives at least the budget of steps unless capped, and never more than one epoch over it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 512 }), (samples, batch) => {
        const b = budgetEpochs(samples, batch);
        expect(b.steps).toBe(b.epochs * b.batchesPerEpoch);
        expect(b.epochs).toBeGreaterThanOrEqual(MIN_BUDGET_EPOCHS);
        expect(b.epochs).toBeLessThanOrEqual(MAX_BUDGET_EPOCHS);
        if (b.epochs > MIN_BUDGET_EPOCHS && b.epochs < MAX_BUDGET_EPOCHS) {
          expect(b.steps).toBeGreaterThanOrEqual(DEFAULT_BUDGET_STEPS);
          expect(b.steps - b.batchesPerEpoch).toBeLessThan(DEFAULT_BUDGET_STEPS);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("a run uses the budget's epochs unless the user set epochs", () => {
    expect(resolveEpochs({ epochs: 10, autoEpochs: true, batchSize: 32 }, 1438).epochs).toBe(14);
    expect(resolveEpochs({ epochs: 10, autoEpochs: false, batchSize: 32 }, 1438).epochs).toBe(10);
  });

  it('expected time from a measured rate, none before there is one', () => {
    expect(expectedSeconds({ steps: 600 }, 20)).toBe(30);
    expect(expectedSeconds({ steps: 600 }, undefined)).toBeUndefined();
    expect(expectedSeconds({ steps: 600 }, 0)).toBeUndefined();
  });

  it('names the bad field', () => {
    expect(() => budgetEpochs(0, 32)).toThrow(/at least 1 sample/);
    expect(() => budgetEpochs(10, 0)).toThrow(/Batch size/);
  });
});
