// The loader core both batch sources use (orderedBatches): batches come in order whatever order
// they finish in, never more than `depth` are requested ahead, and breaking out or aborting stops
// the requests and returns only after every started batch has settled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedBatches } from './loader.js';

describe('orderedBatches', () => {
  it('yields every batch once, in order, with at most depth in flight, whatever the finishing order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.nat(3), { minLength: 30, maxLength: 30 }), async (total, depth, delays) => {
        let running = 0;
        let most = 0;
        const request = async (b: number) => {
          running++;
          most = Math.max(most, running);
          for (let k = 0; k < delays[b]!; k++) await Promise.resolve();
          running--;
          return b * 10;
        };
        const seen: number[] = [];
        for await (const { index, payload, waitMs } of orderedBatches(total, depth, request)) {
          expect(payload).toBe(index * 10);
          expect(waitMs).toBeGreaterThanOrEqual(0);
          seen.push(index);
        }
        expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
        expect(most).toBeLessThanOrEqual(Math.max(1, depth));
      }),
      { numRuns: 300 },
    );
  });

  it('breaking out aborts the queued requests and waits for the started ones', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const aborted: number[] = [];
    const request = (b: number, stop: AbortSignal) => {
      started.push(b);
      return new Promise<number>((resolve, reject) => {
        stop.addEventListener('abort', () => {
          aborted.push(b);
          setTimeout(() => {
            settled.push(b);
            reject(new Error('aborted'));
          }, 1);
        });
        if (b === 0) resolve(0);
      });
    };
    for await (const { index } of orderedBatches(10, 3, request)) {
      expect(index).toBe(0);
      break;
    }
    expect(started).toEqual([0, 1, 2]);
    expect(aborted.sort()).toEqual([0, 1, 2]);
    // Returned only once the two running batches had settled.
    expect(settled.sort()).toEqual([0, 1, 2]);
  });

  it("an aborted signal ends the iteration with the signal's reason", async () => {
    const controller = new AbortController();
    const iterate = async () => {
      for await (const { index } of orderedBatches(5, 2, async (b) => b, controller.signal)) if (index === 1) controller.abort(new Error('stopped by the user'));
    };
    await expect(iterate()).rejects.toThrow('stopped by the user');
  });
});
