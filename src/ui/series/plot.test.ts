// The line-plot helpers: points in the box, a shared range, drawn arguments as text.
import { describe, expect, it } from 'vitest';
import { drawnText, polylines, valueRange } from './plot.js';

describe('series plot helpers', () => {
  it('maps each channel into the box, low values at the bottom', () => {
    const s = { length: 3, channels: 2, data: Float32Array.from([0, 4, 1, 4, 2, 4]) };
    expect(valueRange([s])).toEqual([0, 4]);
    expect(polylines(s, 10, 8, [0, 4])).toEqual(['0.0,8.0 5.0,6.0 10.0,4.0', '0.0,0.0 5.0,0.0 10.0,0.0']);
    expect(valueRange([{ length: 1, channels: 1, data: Float32Array.of(2) }])).toEqual([1, 3]);
  });

  it('writes the drawn arguments, seeds left out, long lists cut', () => {
    const text = drawnText([
      { step: 0, op: 'jitter', applied: true, args: { sigma: 0.03, seed: 99 } },
      { step: 1, op: 'scaling', applied: false },
      { step: 2, op: 'magnitudeWarp', applied: true, args: { values: [[1, 2, 3, 4, 5, 6, 7]] } },
    ]);
    expect(text).toBe('jitter: sigma 0.030\nscaling: not applied\nmagnitudeWarp: values [[1, 2, 3, 4, 5, 6, … 7 values]]');
  });
});
