// The pipeline a new user starts from (issue 17): the standard preset's steps without the
// horizontal flip, which measurably hurt the digits; the flip stays in the presets.
import { describe, expect, it } from 'vitest';
import { defaultPipeline, presetPipeline, PRESET_NAMES } from './index.js';

describe('default pipeline', () => {
  it('is the standard preset without its flip, in the same order, with the same seed rule', () => {
    const standard = presetPipeline('standard', 7);
    const chosen = defaultPipeline(7);
    expect(chosen.steps.map((s) => s.op)).toEqual(standard.steps.map((s) => s.op).filter((op) => op !== 'flip'));
    expect(chosen.steps.map((s) => s.op)).not.toContain('flip');
    expect(chosen.seed).toBe(7);
    expect(chosen.output).toEqual(standard.output);
  });

  it('keeps the flip one click away in every preset that had it', () => {
    for (const name of PRESET_NAMES.filter((n) => n !== 'none')) expect(presetPipeline(name).steps.map((s) => s.op)).toContain('flip');
  });
});
