// Issue 10, defects 5 and 6: whatever it is given, parsePipeline parses or throws a short
// PipelineError naming a path; inherited properties do not count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validPipelineDoc } from '../arbitraries.js';
import { parsePipeline, PipelineError } from '../index.js';
import { adversarialInputs } from './adversarial.js';
import { ECHO_MAX, MAX_ISSUE_CHARS, MAX_ISSUES } from './errors.js';

/** Longest message an error can have: MAX_ISSUES issues (path up to 200 + message) and the count line. */
const MAX_MESSAGE = MAX_ISSUES * (200 + 2 + MAX_ISSUE_CHARS + 1 + 1) + 40;

function verdict(input: unknown): PipelineError | null {
  try {
    parsePipeline(input);
    return null;
  } catch (e) {
    if (!(e instanceof PipelineError)) throw new Error(`parsePipeline threw ${String(e)} (not a PipelineError)`);
    expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(e.issues.length).toBeGreaterThan(0);
    return e;
  }
}

const valid = { format: 'augplay.pipeline', version: 1, seed: 1, steps: [{ op: 'flip' }, { op: 'rotate', params: { degrees: [-5, 5] } }] };

describe('defect 5: only PipelineError, naming a path', () => {
  it('a BigInt anywhere', () => {
    expect(verdict({ ...valid, seed: 1n })!.message).toMatch(/^seed: expected a JSON number, got the BigInt 1n/);
    expect(verdict({ ...valid, steps: [{ op: 'rotate', params: { degrees: [1n, 2] } }] })!.message).toMatch(/^steps\[0\]\.params\.degrees\[0\]: /);
  });

  it('a circular array or object', () => {
    const steps: unknown[] = [{ op: 'flip' }];
    steps.push(steps);
    expect(verdict({ ...valid, steps })!.message).toMatch(/^steps\[1\]: refers back to itself/);
    const doc: Record<string, unknown> = { ...valid };
    doc.output = doc;
    expect(verdict(doc)!.message).toMatch(/^output: refers back to itself/);
  });

  it('a getter that throws', () => {
    const step = Object.defineProperty({ op: 'flip' }, 'params', { enumerable: true, get: () => { throw new TypeError('boom'); } });
    expect(verdict({ ...valid, steps: [step] })!.message).toMatch(/^steps\[0\]\.params: could not be read \("boom"\)/);
  });

  it('JSON nested 4,100 levels deep in seed, format, op or a step', () => {
    for (const [name, text] of adversarialInputs().filter(([n]) => /nested 4,100/.test(n))) {
      expect(verdict(text)!.message, name).toMatch(/nested more than 32 levels deep|^format: expected/);
    }
  });

  it('inherited properties are not fields', () => {
    expect(verdict(Object.create(valid))!.message).toMatch(/^format: expected "augplay.pipeline", got nothing/);
    const withInherited = Object.assign(Object.create({ colour: 1, seed: 'x' }), valid);
    expect(verdict(withInherited)).toBeNull();
    const step = Object.assign(Object.create({ extra: true }), { op: 'flip' });
    expect(verdict({ ...valid, steps: [step] })).toBeNull();
  });

  it('property: any value, and valid pipelines with one node replaced by anything, parse or throw PipelineError', () => {
    const weird = fc.oneof(
      fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withDate: true }),
      fc.constantFrom(null, undefined, NaN, Infinity, -0, 1e308, '', 'x'.repeat(1000), Symbol('s'), () => 1),
    );
    fc.assert(fc.property(weird, (v) => void verdict(v)), { numRuns: 400, seed: 5 });
    fc.assert(
      fc.property(validPipelineDoc(), weird, fc.array(fc.nat()), (doc, replacement, route) => {
        // Walk down a random route of the document and replace the node there.
        let node: Record<string, unknown> = doc;
        for (const r of route) {
          const keys = Object.keys(node);
          if (!keys.length) break;
          const key = keys[r % keys.length]!;
          const child = node[key];
          if (typeof child !== 'object' || child === null || r % 3 === 0) {
            node[key] = replacement;
            break;
          }
          node = child as Record<string, unknown>;
        }
        void verdict(doc);
        void verdict(JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      }),
      { numRuns: 600, seed: 6 },
    );
  });
});

describe('defect 6: bounded errors, whatever the input', () => {
  it('caps what is echoed and skips suggestions for absurd names', () => {
    const e = verdict(adversarialInputs().find(([n]) => n.startsWith('unknown op of 300,000'))![1])!;
    expect(e.message).toMatch(new RegExp(`^steps\\[0\\]\\.op: unknown op "x{${ECHO_MAX - 1}}…; known ops: `));
    expect(e.message).not.toContain('did you mean');
    expect(verdict({ ...valid, steps: [{ op: 'rotat' }] })!.message).toContain('did you mean "rotate"');
  });

  it('judges every hostile input of up to 10 MB with a short PipelineError (bench/pipeline-limits.ts times them)', () => {
    for (const [name, text] of adversarialInputs()) {
      expect(text.length, name).toBeLessThanOrEqual(10 * (1 << 20));
      expect(verdict(text), name).toBeInstanceOf(PipelineError);
    }
  }, 30_000);

  it('lists at most MAX_ISSUES issues and counts the rest', () => {
    const steps = Array.from({ length: 200 }, () => ({ op: 'nope' }));
    const e = verdict({ ...valid, steps })!;
    expect(e.issues).toHaveLength(MAX_ISSUES);
    expect(e.message).toMatch(/… and 180 more issues$/);
  });
});
