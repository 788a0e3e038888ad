import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_SIZE_PX, MIN_WORKING_SIZE_PX } from './dataset.js';
import { WORKING_SIZE_MULTIPLE_PX, workingSizeFromData } from './workingSize.js';

describe('workingSizeFromData', () => {
  it('keeps 8x8 digits at 8 px and rounds 28x28 icons up to 28, 30x20 to 32', () => {
    expect(workingSizeFromData([{ width: 8, height: 8 }]).sizePx).toBe(8);
    expect(workingSizeFromData([{ width: 28, height: 28 }]).sizePx).toBe(28);
    expect(workingSizeFromData([{ width: 30, height: 20 }, { width: 10, height: 12 }]).sizePx).toBe(32);
    expect(workingSizeFromData([{ width: 30, height: 20 }]).reason).toMatch(/at most 30x30 px.*32 px instead of 64/);
  });

  it('keeps the default when any image is as large as it, or there are none', () => {
    expect(workingSizeFromData([{ width: 8, height: 8 }, { width: 640, height: 480 }])).toEqual({ sizePx: DEFAULT_WORKING_SIZE_PX });
    expect(workingSizeFromData([{ width: 64, height: 10 }])).toEqual({ sizePx: DEFAULT_WORKING_SIZE_PX });
    expect(workingSizeFromData([])).toEqual({ sizePx: DEFAULT_WORKING_SIZE_PX });
  });

  it('never upscales past the default, never goes below the minimum, and fits every image', () => {
    const size = fc.record({ width: fc.integer({ min: 1, max: 200 }), height: fc.integer({ min: 1, max: 200 }) });
    fc.assert(
      fc.property(fc.array(size, { minLength: 1, maxLength: 20 }), (sizes) => {
        const { sizePx } = workingSizeFromData(sizes);
        const largest = Math.max(...sizes.map((s) => Math.max(s.width, s.height)));
        expect(sizePx).toBeLessThanOrEqual(DEFAULT_WORKING_SIZE_PX);
        expect(sizePx).toBeGreaterThanOrEqual(MIN_WORKING_SIZE_PX);
        if (largest < DEFAULT_WORKING_SIZE_PX) {
          expect(sizePx).toBeGreaterThanOrEqual(largest);
          expect(sizePx % WORKING_SIZE_MULTIPLE_PX).toBe(0);
          expect(sizePx - largest).toBeLessThan(Math.max(WORKING_SIZE_MULTIPLE_PX, MIN_WORKING_SIZE_PX));
        } else {
          expect(sizePx).toBe(DEFAULT_WORKING_SIZE_PX);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
