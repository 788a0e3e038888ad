// The dataset model: the stratified, seeded split, appending imports, and the built-in sample.
import { describe, expect, it } from 'vitest';
import { appendSamples, classCounts, stratifiedSplit } from './dataset.js';
import { makeSampleDataset } from './sampleDataset.js';

function labels(counts: number[]): Int32Array {
  return Int32Array.from(counts.flatMap((n, c) => new Array<number>(n).fill(c)));
}

describe('stratifiedSplit', () => {
  const y = labels([100, 40, 7, 1]);

  it('puts the fraction of every class into validation', () => {
    const split = stratifiedSplit(y, 4, 0.2, 7);
    const valCounts = [0, 0, 0, 0];
    for (const i of split.validation) valCounts[y[i]!]!++;
    expect(valCounts).toEqual([20, 8, 1, 0]); // a class of one stays in training
    expect(split.train.length + split.validation.length).toBe(y.length);
    expect(new Set([...split.train, ...split.validation]).size).toBe(y.length);
  });

  it('is the same for the same seed and different for another', () => {
    expect(stratifiedSplit(y, 4, 0.2, 7)).toEqual(stratifiedSplit(y, 4, 0.2, 7));
    expect(stratifiedSplit(y, 4, 0.2, 8).validation).not.toEqual(stratifiedSplit(y, 4, 0.2, 7).validation);
  });

  it('keeps at least one sample of a class in training and refuses a fraction of 1', () => {
    const split = stratifiedSplit(labels([2, 3]), 2, 0.9, 1);
    expect(split.train.length).toBe(2);
    expect(() => stratifiedSplit(y, 4, 1, 1)).toThrow(/validation fraction/);
  });
});

describe('appendSamples', () => {
  const px = (v: number) => new Uint8Array(2 * 2 * 3).fill(v);

  it('keeps what was loaded and adds new classes after old ones', () => {
    const first = appendSamples(null, [{ name: 'a', hash: 'h1', className: 'dog', pixels: px(1) }], 2);
    const second = appendSamples(first, [
      { name: 'b', hash: 'h2', className: 'cat', pixels: px(2) },
      { name: 'c', hash: 'h3', className: 'dog', pixels: px(3) },
    ], 2);
    expect(second.classes).toEqual(['dog', 'cat']);
    expect([...second.labels]).toEqual([0, 1, 0]);
    expect([...second.pixels.subarray(0, 12)]).toEqual([...px(1)]);
    expect(second.pixels[24]).toBe(3);
    expect(classCounts(second)).toEqual([2, 1]);
  });

  it('replaces the built-in sample rather than mixing with it', () => {
    const sample = makeSampleDataset(8, 2);
    const user = appendSamples(sample, [{ name: 'a', hash: 'h', className: 'x', pixels: new Uint8Array(8 * 8 * 3) }], 8);
    expect(user.classes).toEqual(['x']);
    expect(user.source).toBe('user');
  });
});

describe('makeSampleDataset', () => {
  it('is balanced over four classes and the same for the same seed', () => {
    const a = makeSampleDataset(16, 5, 3);
    expect(a.classes).toEqual(['circle', 'square', 'triangle', 'star']);
    expect(classCounts(a)).toEqual([5, 5, 5, 5]);
    expect(a.pixels).toEqual(makeSampleDataset(16, 5, 3).pixels);
    expect(a.pixels).not.toEqual(makeSampleDataset(16, 5, 4).pixels);
  });
});
