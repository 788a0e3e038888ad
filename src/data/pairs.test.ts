// Image + mask imports (issue 13): both pairing conventions, folders and zips, the class table,
// every bad case as one report row with the rest imported, and masks resized with nearest only.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IGNORE_INDEX } from '../pipeline/index.js';
import { appendSamples } from './dataset.js';
import { makeMaskPng } from './fixtures/maskPng.js';
import { corruptPng, makePng } from './fixtures/png.js';
import { imageSize } from './formats.js';
import { importEntries, type DecodeJob, type DecodeResult, type ImportEntry } from './importer.js';
import { decodePngIndices, maskToWorkingSize } from './maskDecode.js';
import { maskKey } from './pairs.js';

const SIZE = 8;
const entry = (path: string, bytes: Uint8Array | string): ImportEntry => {
  const data = typeof bytes === 'string' ? strToU8(bytes) : bytes;
  return { path, size: data.length, read: async () => data };
};
let colour = 1;
const image = (w = 6, h = 4) => {
  const c = colour++;
  return makePng(w, h, (x, y) => [c, x, y]);
};
/** Decoding is the browser's job; here every PNG decodes to a flat working copy with its own size. */
async function fakeDecode(jobs: DecodeJob[], sizePx: number): Promise<DecodeResult[]> {
  return jobs.map((job) => {
    const size = imageSize(job.bytes, 'png') ?? { width: 1, height: 1 };
    return { ok: true, ...size, pixels: new Uint8Array(sizePx * sizePx * 3) };
  });
}
const run = (entries: ImportEntry[]) => importEntries(entries, { sizePx: SIZE, decode: fakeDecode });
/** Class = column band (0, 1, 2) of a 6 x 4 mask. */
const bands = (x: number) => Math.floor(x / 2);
const reasons = (report: { file: string; reason: string }[]) => report.map((r) => `${r.file}: ${r.reason}`);

describe('pairing conventions', () => {
  it('matches images/<name> with masks/<name>.png and <name> with <name>_mask.png', () => {
    expect(maskKey('set/masks/a.png')).toBe('set/images/a');
    expect(maskKey('masks/sub/b.png')).toBe('images/sub/b');
    expect(maskKey('cats/c_mask.png')).toBe('cats/c');
    expect(maskKey('cats/c.png')).toBeNull();
    expect(maskKey('zips/d.zip/masks/e.png')).toBe('zips/d.zip/images/e');
  });

  it('imports images/ + masks/ folders: every image has its mask, resized with nearest sampling only', async () => {
    const { samples, report, segmentation } = await run([
      entry('set/images/a.png', image()),
      entry('set/images/b.png', image()),
      entry('set/masks/a.png', makeMaskPng(6, 4, bands)),
      entry('set/masks/b.png', makeMaskPng(6, 4, (x, y) => (y < 2 ? 0 : 2))),
    ]);
    expect(report).toEqual([]);
    expect(samples.map((s) => s.name)).toEqual(['set/images/a.png', 'set/images/b.png']);
    // Cover + centre crop of 6 x 4 to 8 x 8: columns 1..4 of the original, each output pixel one source pixel.
    const want = Uint8Array.from({ length: 64 }, (_, i) => bands(Math.floor(1 + ((i % 8) + 0.5) * 0.5)));
    expect(samples[0]!.mask).toEqual(want);
    expect(new Set(samples[1]!.mask)).toEqual(new Set([0, 2]));
    expect(segmentation!.names).toEqual(['background', 'class 1', 'class 2']);
  });

  it('imports <name>_mask.png side by side, from a zip too', async () => {
    const zip = zipSync({ 'p.png': image(), 'p_mask.png': makeMaskPng(6, 4, bands), 'q.png': image(), 'q_mask.png': makeMaskPng(6, 4, () => 1) });
    const { samples, report } = await run([entry('pairs.zip', zip)]);
    expect(report).toEqual([]);
    expect(samples.map((s) => s.name)).toEqual(['pairs.zip/p.png', 'pairs.zip/q.png']);
    expect(samples[1]!.mask!.every((v) => v === 1)).toBe(true);
  });

  it('names classes from classes.txt or classes.json, and maps an RGB mask through its colour table', async () => {
    const txt = await run([entry('d/images/a.png', image()), entry('d/masks/a.png', makeMaskPng(6, 4, bands)), entry('d/classes.txt', 'sky\nroad\ncar\n')]);
    expect(txt.segmentation!.names).toEqual(['sky', 'road', 'car']);
    const table = JSON.stringify([{ name: 'bg', color: [0, 0, 0] }, { name: 'leaf', color: '#00ff00' }]);
    const rgbMask = makePng(6, 4, (x) => (x < 3 ? [0, 0, 0] : [0, 255, 0]));
    const json = await run([entry('e/images/a.png', image()), entry('e/masks/a.png', rgbMask), entry('e/classes.json', table)]);
    expect(json.report).toEqual([]);
    expect(json.segmentation).toEqual({ names: ['bg', 'leaf'], colours: [[0, 0, 0], [0, 255, 0]] });
    expect(json.samples[0]!.mask!.subarray(0, 8)).toEqual(Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]));
  });

  it('takes class colours from a palette mask', async () => {
    const palette = [[0, 0, 0], [128, 0, 0], [0, 128, 0]] as const;
    const { segmentation, samples } = await run([entry('images/a.png', image()), entry('masks/a.png', makeMaskPng(6, 4, bands, { kind: 'palette', palette, depth: 2 }))]);
    expect(segmentation!.colours).toEqual(palette);
    expect(new Set(samples[0]!.mask)).toEqual(new Set([0, 1, 2]));
  });
});

describe('every problem is one report row, the rest is imported', () => {
  it('a mask without an image, an image without a mask, a size mismatch, an unknown value, a JPEG mask', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
    const { samples, report } = await run([
      entry('s/images/ok.png', image()),
      entry('s/masks/ok.png', makeMaskPng(6, 4, bands)),
      entry('s/masks/orphan.png', makeMaskPng(6, 4, bands)),
      entry('s/images/alone.png', image()),
      entry('s/images/big.png', image(6, 4)),
      entry('s/masks/big.png', makeMaskPng(5, 4, bands)),
      entry('s/images/odd.png', image()),
      entry('s/masks/odd.png', makeMaskPng(6, 4, (x) => (x === 2 ? 7 : 0))),
      entry('s/images/lossy.png', image()),
      entry('s/masks/lossy.jpg', jpeg),
      entry('s/classes.txt', 'background\nleaf\nstem\n'),
    ]);
    expect(samples.map((s) => s.name)).toEqual(['s/images/ok.png', 's/images/alone.png', 's/images/big.png', 's/images/odd.png', 's/images/lossy.png']);
    const rows = reasons(report);
    expect(rows, rows.join("\n")).toHaveLength(5);
    expect(rows).toContainEqual(expect.stringMatching(/^s\/masks\/orphan\.png: mask without an image/));
    expect(rows).toContainEqual(expect.stringMatching(/^s\/images\/alone\.png: no mask .*imported as unlabelled for segmentation/));
    expect(rows).toContainEqual(expect.stringMatching(/^s\/masks\/big\.png: mask is 5 x 4 but s\/images\/big\.png is 6 x 4/));
    expect(rows).toContainEqual(expect.stringMatching(/^s\/masks\/odd\.png: mask value 7 has no class \(s\/classes\.txt names 3 classes \(0-2\)\)/));
    expect(rows).toContainEqual(expect.stringMatching(/^s\/masks\/lossy\.jpg: JPEG mask refused: lossy compression/));
    const byName = Object.fromEntries(samples.map((s) => [s.name, s.mask!]));
    for (const unlabelled of ['s/images/alone.png', 's/images/big.png', 's/images/lossy.png']) expect(byName[unlabelled]!.every((v) => v === IGNORE_INDEX)).toBe(true);
    // The unknown value's pixels are ignored; the rest of that mask is kept.
    expect(byName['s/images/odd.png']!.filter((v) => v === IGNORE_INDEX).length).toBe(16);
    expect(byName['s/images/odd.png']!.filter((v) => v === 0).length).toBe(48);
  });

  it('an RGB mask without a colour table, a corrupt mask, and a class table with no masks', async () => {
    const a = await run([entry('images/a.png', image()), entry('masks/a.png', makePng(6, 4, () => [1, 2, 3])), entry('images/b.png', image()), entry('masks/b.png', corruptPng(6, 4))]);
    expect(reasons(a.report)).toEqual([
      expect.stringMatching(/^masks\/a\.png: an RGB mask needs a colour per class/),
      expect.stringMatching(/^masks\/b\.png: mask could not be read/),
    ]);
    expect(a.samples).toHaveLength(2);
    const b = await run([entry('cats/a.png', image()), entry('classes.txt', 'x\n')]);
    expect(reasons(b.report)).toEqual([expect.stringMatching(/^classes\.txt: class table ignored: no masks/)]);
    expect(b.samples[0]!.mask).toBeUndefined();
  });
});

describe('mask PNGs', () => {
  it('reads grey and palette masks at every bit depth and every row filter exactly', () => {
    for (const depth of [1, 2, 4, 8] as const) {
      for (const filter of [0, 1, 2, 4] as const) {
        const value = (x: number, y: number) => (x * 3 + y * 5) % (1 << depth);
        for (const kind of ['grey', 'palette'] as const) {
          const png = decodePngIndices(makeMaskPng(13, 7, value, { depth, filter, kind, palette: [[1, 2, 3]] }));
          expect(Array.from(png.values), `${kind} depth ${depth} filter ${filter}`).toEqual(Array.from({ length: 91 }, (_, i) => value(i % 13, Math.floor(i / 13))));
        }
      }
    }
  });

  it('never blends classes when resizing: every output value is a value of the input', () => {
    const png = decodePngIndices(makeMaskPng(37, 23, (x, y) => ((x >> 2) + (y >> 2)) % 4));
    for (const size of [8, 16, 64]) {
      const { mask } = maskToWorkingSize(png, null, size);
      expect(new Set(mask).size).toBeLessThanOrEqual(4);
      expect([...mask].every((v) => v < 4)).toBe(true);
    }
  });

  it('a dataset keeps masks and classes across imports (unlabelled samples all ignored)', async () => {
    const first = await run([entry('images/a.png', image()), entry('masks/a.png', makeMaskPng(6, 4, bands))]);
    const ds1 = appendSamples(null, first.samples, SIZE, first.segmentation);
    const plain = await run([entry('cats/b.png', image())]);
    const ds2 = appendSamples(ds1, plain.samples, SIZE, plain.segmentation);
    expect(ds2.masks!.length).toBe(2 * 64);
    expect(ds2.masks!.subarray(0, 64)).toEqual(first.samples[0]!.mask);
    expect(ds2.masks!.subarray(64).every((v) => v === IGNORE_INDEX)).toBe(true);
    expect(ds2.segmentation!.names).toEqual(['background', 'class 1', 'class 2']);
  });
});
