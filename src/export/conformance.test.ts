// Writes the conformance fixtures (AUGPLAY_FIXTURES_DIR=dir) that python/tests and the packed-library
// test check against; without the variable it checks that the cases are complete and reproducible.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOps } from '../pipeline/index.js';
import { conformanceCases, errorCases, hfCases, NOT_IN_PYTHON, opCatalogue } from './conformance.js';
import { toPreprocessorConfig } from './hf.js';
import { listSeriesOps } from '../pipeline/index.js';
import { SERIES_PENDING, seriesCases, seriesErrorCases, seriesOpCatalogue } from './seriesConformance.js';

describe('conformance fixtures', () => {
  const cases = conformanceCases();

  it('cover every op the Python port runs, both modes, fused and op by op', () => {
    for (const op of listOps().filter((o) => !NOT_IN_PYTHON.has(o.name))) {
      const mine = cases.filter((c) => c.name.startsWith(`${op.name}#`));
      expect(mine.some((c) => c.mode === 'train' && !c.reference && !('error' in c.expect)), op.name).toBe(true);
      expect(mine.some((c) => c.mode === 'inference' && c.reference), op.name).toBe(true);
    }
    // Augment ops in inference mode do nothing: the output is the input as floats.
    const flip = cases.find((c) => c.name.startsWith('flip#0 13x9x3') && c.mode === 'inference')!;
    expect('data' in flip.expect && flip.expect.trace).toEqual([]);
  });

  it('are the same on a second run (fixtures are reproducible)', () => {
    expect(JSON.stringify(conformanceCases())).toBe(JSON.stringify(cases));
  });

  it('every error case is refused with a message naming a field', () => {
    for (const e of errorCases()) expect(e.message, e.name).not.toBe('');
  });

  const dir = process.env.AUGPLAY_FIXTURES_DIR;
  it.runIf(dir)('are written for the other runtimes', () => {
    mkdirSync(dir!, { recursive: true });
    writeFileSync(join(dir!, 'cases.json'), JSON.stringify(cases));
    writeFileSync(join(dir!, 'errors.json'), JSON.stringify(errorCases(), null, 1));
    writeFileSync(join(dir!, 'ops.json'), JSON.stringify(opCatalogue(), null, 1));
    writeFileSync(join(dir!, 'hf.json'), JSON.stringify(hfCases(toPreprocessorConfig)));
    writeFileSync(join(dir!, 'series.json'), JSON.stringify({ pending: SERIES_PENDING, cases: seriesCases(), errors: seriesErrorCases(), ops: seriesOpCatalogue() }));
  });
});

describe('series conformance fixtures', () => {
  const cases = seriesCases();

  it('cover every series op (but the listed pending ones) in training and at inference, odd lengths, 1 and 3 channels', () => {
    for (const op of listSeriesOps()) {
      const mine = cases.filter((c) => c.name.startsWith(`${op.name}#`));
      if (SERIES_PENDING.includes(op.name)) {
        expect(mine, op.name).toEqual([]);
        continue;
      }
      expect(mine.some((c) => c.mode === 'train' && c.series.channels === 1 && c.series.length % 2 === 1), op.name).toBe(true);
      expect(mine.some((c) => c.mode === 'train' && c.series.channels === 3), op.name).toBe(true);
      expect(mine.some((c) => c.mode === 'inference'), op.name).toBe(true);
      // Augment ops run at p = 1 in training: each is applied there (its draws are checked).
      if (op.stage === 'augment') expect(mine.some((c) => c.mode === 'train' && (c.expect.trace as { applied: boolean }[])[0]!.applied), op.name).toBe(true);
    }
  });

  it('are the same on a second run, and every error case is refused', () => {
    expect(JSON.stringify(seriesCases())).toBe(JSON.stringify(cases));
    for (const e of seriesErrorCases()) expect(e.message, e.name).not.toBe('');
  });
});
