import { describe, expect, it } from 'vitest';
import { pipelineOf } from '../pipeline/testing.js';
import { setBatchStep } from './batchEdits.js';

describe('batch step edits', () => {
  it('turn a step on with its defaults, change it, keep mixUp before cutMix, turn it off', () => {
    const on = setBatchStep(setBatchStep(pipelineOf([{ op: 'flip' }]), 'cutMix', {}), 'mixUp', { alpha: 0.4 });
    expect(on.batch).toEqual([
      { op: 'mixUp', alpha: 0.4, p: 1, enabled: true },
      { op: 'cutMix', alpha: 1, p: 1, enabled: true },
    ]);
    expect(setBatchStep(on, 'cutMix', { p: 0.5 }).batch![1]!.p).toBe(0.5);
    expect(() => setBatchStep(on, 'mixUp', { alpha: -1 })).toThrow(/batch\[0\]\.alpha/);
    expect(setBatchStep(setBatchStep(on, 'mixUp', null), 'cutMix', null).batch).toBeUndefined();
  });
});
