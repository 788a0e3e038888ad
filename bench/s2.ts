// Workload S2 (issue 12): a time-series pipeline — jitter 0.03, scaling 0.1, magnitudeWarp (0.2,
// 4 knots), timeWarp (0.2, 4 knots), windowSlice 0.9, standardize — on 3 channels x 128 and x 1024
// steps, every step always applied (p = 1) so every sample pays for every op.

import { parsePipeline, PIPELINE_FORMAT, PIPELINE_VERSION, type Pipeline } from '../src/pipeline/index.js';
import { Rng } from '../src/pipeline/rng.js';
import type { Series } from '../src/pipeline/series/series.js';

export const S2_LENGTHS = [128, 1024] as const;
export const S2_CHANNELS = 3;

export function s2Pipeline(): Pipeline {
  return parsePipeline({
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    modality: 'series',
    seed: 2,
    steps: [
      { op: 'jitter', p: 1, params: { sigma: [0.03, 0.03] } },
      { op: 'scaling', p: 1, params: { sigma: [0.1, 0.1] } },
      { op: 'magnitudeWarp', p: 1, params: { sigma: [0.2, 0.2], knots: 4 } },
      { op: 'timeWarp', p: 1, params: { sigma: [0.2, 0.2], knots: 4 } },
      { op: 'windowSlice', p: 1, params: { ratio: [0.9, 0.9] } },
      { op: 'standardize' },
    ],
  });
}

/** 16 random-walk series of `length` x 3 (the same bytes the NumPy script reads from S2_DIR). */
export function s2Series(length: number): Series[] {
  const rng = new Rng(length);
  return Array.from({ length: 16 }, () => {
    const data = new Float32Array(length * S2_CHANNELS);
    const level = [0, 0, 0];
    for (let t = 0; t < length; t++) for (let c = 0; c < S2_CHANNELS; c++) data[t * S2_CHANNELS + c] = level[c]! += rng.uniform(-0.1, 0.1);
    return { length, channels: S2_CHANNELS, data };
  });
}
