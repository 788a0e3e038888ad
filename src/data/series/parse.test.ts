// The three time-series formats, good and bad rows: each refused row is one report row naming the
// file and line and why; the rest is imported; missing values follow the stated rule.

import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ImportEntry } from '../importTypes.js';
import { appendSeries, seriesAt, withWorkingLength } from './dataset.js';
import { importSeriesEntries } from './import.js';
import { parseHeaderCsv, parseSampleCsv, parseUcr } from './parse.js';

const entry = (path: string, text: string | Uint8Array): ImportEntry => {
  const bytes = typeof text === 'string' ? strToU8(text) : text;
  return { path, size: bytes.length, read: async () => bytes };
};

describe('UCR/UEA text', () => {
  it('reads tab, comma and space separated lines with float labels; reports bad lines by number', () => {
    const text = ['1.0000000e+00\t0.1\t0.2\t0.3', '-1\t1\t2\t3', '', '2,4,5,6', 'x', '3 7 oops 9', '1  1 2 3'].join('\n');
    const got = parseUcr(text, 'Wafer_TRAIN.tsv');
    expect(got.series.map((s) => [s.className, [...s.values]])).toEqual([
      ['1', [0.1, 0.2, 0.3]],
      ['-1', [1, 2, 3]],
      ['2', [4, 5, 6]],
      ['1', [1, 2, 3]],
    ]);
    expect(got.report).toEqual([
      { file: 'Wafer_TRAIN.tsv, line 5', reason: 'expected a label and at least one value' },
      { file: 'Wafer_TRAIN.tsv, line 6', reason: 'column 3: "oops" is not a number' },
    ]);
  });

  it('fills missing values by interpolation, or refuses the line under "refuse"', () => {
    const text = '1\t0\tNaN\t4\t\n2\tNaN\tNaN\tNaN\n';
    const filled = parseUcr(text, 'a.tsv');
    expect([...filled.series[0]!.values]).toEqual([0, 2, 4, 4]);
    expect(filled.report).toEqual([{ file: 'a.tsv, line 2', reason: 'channel 1 has no values' }]);
    const refused = parseUcr(text, 'a.tsv', 'refuse');
    expect(refused.series).toEqual([]);
    expect(refused.report[0]).toEqual({ file: 'a.tsv, line 1', reason: '2 missing values (the missing-value rule is "refuse")' });
  });
});

describe('CSV with a header', () => {
  it('takes the label column wherever it is (else the first), and reports short rows', () => {
    const text = 't0,t1,label,t2\n1,2,walk,3\n4,5,run\n7,8,,9\n1,2,run,x\n';
    const got = parseHeaderCsv(text, 'data.csv');
    expect(got.series.map((s) => [s.className, [...s.values]])).toEqual([['walk', [1, 2, 3]]]);
    expect(got.report).toEqual([
      { file: 'data.csv, line 3', reason: '3 columns, the header has 4' },
      { file: 'data.csv, line 4', reason: 'the label (column "label") is empty' },
      { file: 'data.csv, line 5', reason: 'column 4: "x" is not a number' },
    ]);
    expect(parseHeaderCsv('class,a,b\nup,1,2\n', 'b.csv').series[0]!.className).toBe('up');
  });
});

describe('one CSV per sample', () => {
  it('reads rows as time steps and header cells as channels; a bad row refuses the file naming its line', () => {
    const s = parseSampleCsv('x,y,z\n1,2,3\n4,5,6\n', 'circle/a.csv', 'circle');
    expect(s).toMatchObject({ className: 'circle', length: 2, channels: 3, values: Float64Array.from([1, 2, 3, 4, 5, 6]) });
    expect(parseSampleCsv('x,y\n1,2\n3\n', 'b.csv', 'c')).toEqual({ file: 'b.csv, line 3', reason: '1 columns, the header names 2 channels' });
    expect(parseSampleCsv('x,y\n', 'e.csv', 'c')).toEqual({ file: 'e.csv', reason: 'no time steps after the header' });
  });
});

describe('importing entries and the working length', () => {
  it('reads folders and zips of per-sample CSVs (class = folder), UCR files; reports the rest', async () => {
    const zip = zipSync({ 'tap/1.csv': strToU8('x,y,z\n0,0,1\n0,0,2\n'), 'notes.md': strToU8('hi') });
    const got = await importSeriesEntries([
      entry('shake/s1.csv', 'x,y,z\n1,1,1\n2,2,2\n3,3,3\n'),
      entry('gestures.zip', zip),
      entry('empty.tsv', ''),
      entry('photo.png', 'not'),
    ]);
    expect(got.series.map((s) => [s.name, s.className, s.length, s.channels])).toEqual([
      ['shake/s1.csv', 'shake', 3, 3],
      ['gestures.zip/tap/1.csv', 'tap', 2, 3],
    ]);
    expect(got.report.map((r) => r.file)).toEqual(['gestures.zip/notes.md', 'empty.tsv', 'photo.png']);
  });

  it('brings every series to the working length by the stated rule, refuses other channel counts, and relengths', () => {
    const raws = parseUcr('a 0 1 2 3\nb 0 10\n', 'u.txt').series;
    const { dataset } = appendSeries(null, raws, 7, 'resample');
    expect([...seriesAt(dataset!, 0).data]).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(dataset!.classes).toEqual(['a', 'b']);
    const cut = withWorkingLength(dataset!, 3, 'cropOrPad');
    expect([...cut.values]).toEqual([0, 1, 2, 0, 10, 0]);
    const three = parseSampleCsv('x,y,z\n1,2,3\n', 'c/1.csv', 'c');
    const more = appendSeries(cut, [three as never], 5, 'resample');
    expect(more.report).toEqual([{ file: 'c/1.csv', reason: '3 channels, the dataset has 1' }]);
    expect(() => withWorkingLength(dataset!, 1, 'resample')).toThrow(/Working length: expected a whole number/);
  });
});

describe('dataset statistics', () => {
  it('gives each channel its mean and std over every step of every series', async () => {
    const { channelStatistics } = await import('./dataset.js');
    const stats = channelStatistics({ channels: 2, values: Float32Array.from([1, 10, 3, 10, 5, 10, 7, 10]) });
    expect(stats.mean).toEqual([4, 10]);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(5), 10);
    expect(stats.std[1]).toBe(0);
  });
});
