import { describe, expect, it } from 'vitest';
import { getNormalTable, hashInts, normalQuantile, Rng, sampleSeed, stepSeed } from './rng.js';

describe('Rng', () => {
  it('fillInt32 continues the nextUint32 stream, as int32 bits', () => {
    for (const seed of [0, 1, 0x9e3779b9, 0xffffffff]) {
      const one = new Rng(seed);
      const bulk = new Rng(seed);
      const draws = new Int32Array(37);
      for (let round = 0; round < 3; round++) {
        bulk.fillInt32(draws, round === 2 ? 5 : draws.length);
        const count = round === 2 ? 5 : draws.length;
        for (let i = 0; i < count; i++) expect(draws[i]! >>> 0).toBe(one.nextUint32());
      }
      // The generator is left where the per-draw path would leave it.
      expect(bulk.nextUint32()).toBe(one.nextUint32());
    }
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const c = new Rng(124);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('draws uniformly in [0, 1) and integers inside their bounds', () => {
    const rng = new Rng(1);
    let sum = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      counts[rng.int(0, 2)]!++;
    }
    expect(sum / 30000).toBeCloseTo(0.5, 1);
    for (const n of counts) expect(n / 30000).toBeCloseTo(1 / 3, 1);
  });

  it('gives every (seed, epoch, index) its own sample seed', () => {
    const seen = new Set<number>();
    for (let e = 0; e < 4; e++) for (let i = 0; i < 500; i++) seen.add(sampleSeed(42, e, i));
    expect(seen.size).toBe(2000);
    expect(sampleSeed(1, 0, 0)).not.toBe(sampleSeed(2, 0, 0));
    expect(stepSeed(5, 0)).not.toBe(stepSeed(5, 1));
    expect(hashInts(1, 2)).not.toBe(hashInts(2, 1));
  });
});

describe('normal table', () => {
  it('matches known quantiles and has mean 0 and variance close to 1', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    const t = getNormalTable();
    let mean = 0;
    let sq = 0;
    for (const v of t) {
      mean += v;
      sq += v * v;
    }
    expect(mean / t.length).toBeCloseTo(0, 6);
    expect(sq / t.length).toBeGreaterThan(0.999);
    expect(sq / t.length).toBeLessThan(1.0001);
  });
});
