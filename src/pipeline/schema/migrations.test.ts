// Migrations: every step up has its tests (the guard below fails when a migration is added without
// them, as tldraw's migrations.test does), and a file valid in its version never fails to migrate,
// parses in the current version, and runs to the same bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validPipelineDoc } from '../arbitraries.js';
import { parsePipeline, PIPELINE_VERSION, runPipeline } from '../index.js';
import { testImage } from '../testing.js';
import { migrate, MIGRATIONS } from './migrations.js';

/** The versions whose step up is tested in this file; one entry per key of MIGRATIONS. */
const TESTED = new Set<number>();

describe('migrations', () => {
  it('every migration has tests here, and they lead to the current version', () => {
    expect(Object.keys(MIGRATIONS).map(Number).sort()).toEqual([...TESTED].sort());
    expect(Math.max(...Object.keys(MIGRATIONS).map(Number)) + 1).toBe(PIPELINE_VERSION);
  });

  TESTED.add(1);
  describe('1 -> 2 (groups of steps)', () => {
    const image = testImage(19, 13);
    it('never fails on a valid version-1 file, and gives the same steps and bytes', () => {
      fc.assert(
        fc.property(validPipelineDoc({ maxSteps: 5 }), fc.integer({ min: 0, max: 1000 }), (doc, index) => {
          const v1 = { ...doc, version: 1 };
          const up = migrate(v1, 1);
          expect(up.version).toBe(2);
          const parsed = parsePipeline(v1);
          expect(parsed.version).toBe(2);
          expect(parsed.groups).toBeUndefined();
          const same = parsePipeline({ ...doc, version: 2 });
          expect(parsed).toEqual(same);
          try {
            const a = runPipeline(parsed, image, { epoch: 1, index, mode: 'train' });
            expect(runPipeline(same, image, { epoch: 1, index, mode: 'train' }).data).toEqual(a.data);
          } catch (e) {
            // A shape the image cannot take (a crop larger than it) is refused when run, in both versions alike.
            expect(() => runPipeline(same, image, { epoch: 1, index, mode: 'train' })).toThrow((e as Error).message);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('leaves the version-1 document it is given unchanged', () => {
      const doc = { format: 'augplay.pipeline', version: 1, steps: [{ op: 'flip' }] };
      const copy = structuredClone(doc);
      migrate(doc, 1);
      expect(doc).toEqual(copy);
    });

    it('migrates every frozen version-1 fixture', () => {
      const dir = join(dirname(new URL(import.meta.url).pathname), 'fixtures');
      for (const f of readdirSync(dir).filter((n) => /^v1-.*\.json$/.test(n) && n !== 'v1-hashes.json')) {
        const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
        expect(doc.version, f).toBe(1);
        expect(parsePipeline(doc).steps.length, f).toBe((doc.steps as unknown[]).length);
      }
    });
  });
});
