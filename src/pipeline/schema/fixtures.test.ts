// Old versions load and run the same, forever: frozen version-1 files (every op, every parameter)
// parse, run, and give the bytes whose SHA-256 is stored in fixtures/v1-hashes.json. A change of
// output bytes is a breaking change: it needs a new pipeline version (and a migration), not a new
// hash. UPDATE_FIXTURE_HASHES=1 rewrites the hashes, for a new fixture only.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOps, parsePipeline, runPipeline, type Mode } from '../index.js';
import { testImage } from '../testing.js';
import { setWasmKernels } from '../wasm/kernels.js';

const dir = join(dirname(new URL(import.meta.url).pathname), 'fixtures');
const hashFile = join(dir, 'v1-hashes.json');
// v1 fixtures, and v2 ones for the ops added after version 1 (policies); their bytes are frozen alike.
const fixtures = readdirSync(dir).filter((f) => /^v[12]-.*\.json$/.test(f) && f !== 'v1-hashes.json').sort();
const stored = JSON.parse(readFileSync(hashFile, 'utf8')) as Record<string, Record<string, string>>;
const image = testImage(53, 47);
const RUNS: { name: string; mode: Mode; epoch: number; index: number }[] = [
  ...[0, 1].flatMap((epoch) => [0, 1, 2, 3].map((index) => ({ name: `train e${epoch} i${index}`, mode: 'train' as const, epoch, index }))),
  { name: 'inference', mode: 'inference', epoch: 0, index: 0 },
];

describe('frozen v1 fixtures', () => {
  it('cover every op and every parameter, each given explicitly', () => {
    const given = new Map<string, Set<string>>();
    for (const f of fixtures) {
      for (const step of (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { steps: { op: string; params?: object }[] }).steps) {
        const set = given.get(step.op) ?? new Set<string>();
        for (const k of Object.keys(step.params ?? {})) set.add(k);
        given.set(step.op, set);
      }
    }
    for (const op of listOps()) {
      expect(given.has(op.name), `${op.name} is in no fixture`).toBe(true);
      for (const p of Object.keys(op.params)) expect(given.get(op.name)!.has(p), `${op.name}.${p} is given in no fixture`).toBe(true);
    }
  });

  const fresh: Record<string, Record<string, string>> = {};
  for (const f of fixtures) {
    it(`${f} parses, runs and gives the stored bytes`, () => {
      const pipeline = parsePipeline(readFileSync(join(dir, f), 'utf8'));
      fresh[f] = {};
      for (const run of RUNS) {
        const out = runPipeline(pipeline, image, { epoch: run.epoch, index: run.index, mode: run.mode });
        fresh[f][run.name] = `${out.width}x${out.height}x${out.channels} ${createHash('sha256').update(new Uint8Array(out.data.buffer)).digest('hex')}`;
      }
      if (process.env.UPDATE_FIXTURE_HASHES) {
        stored[f] = fresh[f];
        writeFileSync(hashFile, `${JSON.stringify(stored, null, 2)}\n`);
      }
      expect(fresh[f]).toEqual(stored[f]);
      // The JavaScript twins of the WebAssembly kernels give the same bytes.
      setWasmKernels(false);
      try {
        for (const run of RUNS) {
          const out = runPipeline(pipeline, image, { epoch: run.epoch, index: run.index, mode: run.mode });
          expect(`${out.width}x${out.height}x${out.channels} ${createHash('sha256').update(new Uint8Array(out.data.buffer)).digest('hex')}`, `${f} ${run.name} with the JavaScript kernels`).toBe(stored[f]![run.name]);
        }
      } finally {
        setWasmKernels(true);
      }
    });
  }
});
