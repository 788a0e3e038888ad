// The importer in Node: folders, CSV labels and zips, with every kind of bad input as one report row,
// and decoding replaced by a fake that inflates PNG data (so a corrupt PNG fails as in a browser).
import { strToU8, unzlibSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { corruptPng, makePng, truncatedPng } from './fixtures/png.js';
import { importEntries, type DecodeJob, type DecodeResult, type ImportEntry } from './importer.js';
import { imageSize, sniff } from './formats.js';

const SIZE = 8;

function entry(path: string, bytes: Uint8Array | string): ImportEntry {
  const data = typeof bytes === 'string' ? strToU8(bytes) : bytes;
  return { path, size: data.length, read: async () => data };
}

let colour = 0;
/** A distinct small PNG each call (distinct bytes: no accidental duplicates). */
function png(): Uint8Array {
  const c = colour++;
  return makePng(4, 4, (x, y) => [c & 0xff, (c >> 8) & 0xff, x * 16 + y]);
}

/** Inflates the IDAT of a PNG (fails like a browser would for corrupt data); other formats pass. */
async function fakeDecode(jobs: DecodeJob[], sizePx: number): Promise<DecodeResult[]> {
  return jobs.map((job) => {
    const size = imageSize(job.bytes, 'png');
    if (job.mime === 'image/png' && size) {
      const length = new DataView(job.bytes.buffer, job.bytes.byteOffset + 33).getUint32(0);
      try {
        const raw = unzlibSync(job.bytes.subarray(41, 41 + length));
        return { ok: true, width: size.width, height: size.height, pixels: new Uint8Array(sizePx * sizePx * 3).fill(raw[1]!) };
      } catch {
        return { ok: false, reason: 'could not be decoded: the file is truncated or corrupt' };
      }
    }
    return { ok: true, width: 1, height: 1, pixels: new Uint8Array(sizePx * sizePx * 3) };
  });
}

const options = { sizePx: SIZE, decode: fakeDecode };

function reasons(report: { file: string; reason: string }[]): Record<string, string> {
  return Object.fromEntries(report.map((r) => [r.file, r.reason]));
}

describe('sniffing and headers', () => {
  it('recognises formats by their bytes and reads PNG sizes', () => {
    expect(sniff(makePng(3, 5, () => [0, 0, 0]))).toEqual({ kind: 'image', format: 'png' });
    expect(imageSize(makePng(3, 5, () => [0, 0, 0]), 'png')).toEqual({ width: 3, height: 5 });
    expect(sniff(strToU8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')).kind).toBe('svg');
    expect(sniff(strToU8('%PDF-1.7\n...')).kind).toBe('pdf');
    expect(sniff(strToU8('just some notes\n')).kind).toBe('text');
    expect(sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])).kind).toBe('image');
    expect(sniff(new Uint8Array([0, 1, 2, 3, 200, 201])).kind).toBe('unknown');
  });

  it('reads GIF, BMP and JPEG sizes from their headers', () => {
    const gif = new Uint8Array([...strToU8('GIF89a'), 10, 0, 20, 0, 0, 0, 0]);
    expect(imageSize(gif, 'gif')).toEqual({ width: 10, height: 20 });
    const bmp = new Uint8Array(54);
    bmp.set(strToU8('BM'));
    const view = new DataView(bmp.buffer);
    view.setInt32(14, 40, true);
    view.setInt32(18, 7, true);
    view.setInt32(22, -9, true); // top-down
    expect(imageSize(bmp, 'bmp')).toEqual({ width: 7, height: 9 });
    // SOI, APP0 (length 4), SOF0 with height 30 and width 40.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 30, 0, 40, 3, 0, 0, 0, 0]);
    expect(imageSize(jpeg, 'jpeg')).toEqual({ width: 40, height: 30 });
  });
});

describe('folder import', () => {
  it('labels by parent folder and reports every bad file, importing the rest', async () => {
    const good = [entry('shapes/circle/a.png', png()), entry('shapes/circle/b.png', png()), entry('shapes/square/c.png', png())];
    const dup = good[0]!;
    const result = await importEntries(
      [
        ...good,
        entry('shapes/circle/copy-of-a.png', await dup.read()),
        entry('shapes/empty.png', ''),
        entry('shapes/notes.txt', 'hello, these are notes\n'),
        entry('shapes/doc.pdf', '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'),
        entry('shapes/logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'),
        entry('shapes/square/corrupt.png', corruptPng()),
        entry('shapes/square/cut.png', truncatedPng()),
        entry('shapes/huge.png', makePng(1, 1, () => [0, 0, 0]).map((b, i) => (i >= 16 && i < 24 ? [0, 0, 0x27, 0x10][i % 4]! : b))),
        entry('shapes/.DS_Store', 'junk'),
      ],
      options,
    );
    expect(result.samples.map((s) => [s.name, s.className])).toEqual([
      ['shapes/circle/a.png', 'circle'],
      ['shapes/circle/b.png', 'circle'],
      ['shapes/square/c.png', 'square'],
    ]);
    expect(result.samples[0]!.pixels.length).toBe(SIZE * SIZE * 3);
    expect(result.samples[0]!.original).toEqual(await dup.read());
    const r = reasons(result.report);
    expect(r['shapes/circle/copy-of-a.png']).toMatch(/duplicate of shapes\/circle\/a\.png/);
    expect(r['shapes/empty.png']).toMatch(/empty file/);
    expect(r['shapes/notes.txt']).toMatch(/text file, not an image/);
    expect(r['shapes/doc.pdf']).toMatch(/PDF/);
    expect(r['shapes/logo.svg']).toMatch(/SVG refused/);
    expect(r['shapes/square/corrupt.png']).toMatch(/truncated or corrupt/);
    expect(r['shapes/square/cut.png']).toMatch(/truncated or corrupt PNG/);
    expect(r['shapes/huge.png']).toMatch(/too large: 10000 x 10000 = 100.0 megapixels, over the 40 MP limit/);
    expect(result.report).toHaveLength(8); // .DS_Store is skipped quietly
  });

  it('refuses files already in the dataset and reports progress up to the total', async () => {
    const bytes = png();
    const first = await importEntries([entry('a/x.png', bytes)], options);
    const known = new Map([[first.samples[0]!.hash, 'a/x.png']]);
    const seen: [number, number][] = [];
    const again = await importEntries([entry('b/y.png', bytes), entry('b/z.png', png())], { ...options, knownHashes: known, onProgress: (d, t) => seen.push([d, t]) });
    expect(again.samples.map((s) => s.name)).toEqual(['b/z.png']);
    expect(reasons(again.report)['b/y.png']).toMatch(/duplicate of a\/x\.png/);
    expect(seen.at(-1)).toEqual([2, 2]);
  });

  it('gives loose files with no folder and no CSV the class "unlabelled"', async () => {
    const result = await importEntries([entry('x.png', png())], options);
    expect(result.samples[0]!.className).toBe('unlabelled');
  });
});

describe('CSV labels', () => {
  it('labels loose files from filename,label rows and reports bad and dangling rows', async () => {
    const csv = ['filename,label', 'a.png,cat', 'b.png,dog', 'missing.png,cat', 'only-a-name', 'a.png,dog', ''].join('\n');
    const result = await importEntries(
      [entry('labels.csv', csv), entry('a.png', png()), entry('b.png', png()), entry('c.png', png())],
      options,
    );
    expect(result.samples.map((s) => [s.name, s.className])).toEqual([
      ['a.png', 'cat'],
      ['b.png', 'dog'],
    ]);
    const rows = result.report.map((r) => `${r.file}: ${r.reason}`);
    expect(rows).toContain('labels.csv: CSV row 4: missing.png is not among the added files');
    expect(rows.some((r) => /labels\.csv: CSV row 5: expected "filename,label"/.test(r))).toBe(true);
    expect(rows.some((r) => /labels\.csv: CSV row 6: a\.png was already labelled "cat" in row 2/.test(r))).toBe(true);
    expect(rows).toContain('c.png: not listed in labels.csv, so it has no label; add a row "c.png,<class>"');
  });

  it('accepts a CSV without a header, with quoted names and Windows line ends', async () => {
    const result = await importEntries([entry('pics/l.csv', '"a, b.png",x\r\nc.png,y\r\n'), entry('pics/a, b.png', png()), entry('pics/c.png', png())], options);
    expect(result.samples.map((s) => s.className)).toEqual(['x', 'y']);
    expect(result.report).toEqual([]);
  });
});

describe('zip import', () => {
  it('reads class folders inside a zip and reports non-images, nested zips and empty entries', async () => {
    const nested = zipSync({ 'inner.png': png() });
    const zip = zipSync({
      'circle/': new Uint8Array(0),
      'circle/a.png': png(),
      'star/b.png': png(),
      'root.png': png(),
      'star/readme.txt': strToU8('a readme, not a picture'),
      'more.zip': nested,
      'star/empty.png': new Uint8Array(0),
      'star/broken.png': corruptPng(),
      '__MACOSX/star/._b.png': strToU8('mac metadata'),
    });
    const result = await importEntries([entry('set.zip', zip)], options);
    expect(result.samples.map((s) => [s.name, s.className]).sort()).toEqual([
      ['set.zip/circle/a.png', 'circle'],
      ['set.zip/root.png', 'set'],
      ['set.zip/star/b.png', 'star'],
    ]);
    const r = reasons(result.report);
    expect(r['set.zip/star/readme.txt']).toMatch(/text file, not an image/);
    expect(r['set.zip/more.zip']).toMatch(/a zip inside a zip is not opened/);
    expect(r['set.zip/star/empty.png']).toMatch(/empty file/);
    expect(r['set.zip/star/broken.png']).toMatch(/truncated or corrupt/);
    expect(result.report).toHaveLength(4);
  });

  it('uses a CSV inside the zip, and reports a file that only claims to be a zip', async () => {
    const zip = zipSync({ 'labels.csv': strToU8('p.png,red\nq.png,blue\n'), 'p.png': png(), 'q.png': png() });
    const result = await importEntries([entry('labelled.zip', zip), entry('fake.zip', 'not really a zip')], options);
    expect(result.samples.map((s) => s.className)).toEqual(['red', 'blue']);
    expect(reasons(result.report)['fake.zip']).toMatch(/not a readable zip/);
  });

  it('leaves nothing half-done when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(importEntries([entry('a/b.png', png())], { ...options, signal: controller.signal })).rejects.toThrow();
  });
});
