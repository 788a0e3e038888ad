import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { anyImage, validPipelineDoc } from './arbitraries.js';
import { defaultPipeline, listOps, outputShape, parsePipeline, presetPipeline, runPipeline, type Pipeline } from './index.js';
import { pipelineOf, testImage } from './testing.js';

const img = testImage(32, 32);

describe('determinism', () => {
  it('gives identical bytes for the same (pipeline, seed, epoch, index)', () => {
    const p = presetPipeline('heavy');
    for (let index = 0; index < 10; index++) {
      const a = runPipeline(p, img, { epoch: 1, index, mode: 'train' });
      const b = runPipeline(p, img, { epoch: 1, index, mode: 'train' });
      expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
      expect(a.trace).toEqual(b.trace);
    }
  });

  it('gives identical bytes from two fresh module instances', async () => {
    const first = await import('./index.js');
    vi.resetModules();
    const second = await import('./index.js');
    expect(second.runPipeline).not.toBe(first.runPipeline);
    const p = first.presetPipeline('heavy');
    const a = first.runPipeline(p, img, { epoch: 2, index: 5, mode: 'train' });
    const b = second.runPipeline(second.parsePipeline(JSON.parse(JSON.stringify(p))), img, { epoch: 2, index: 5, mode: 'train' });
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
  });

  it('draws differently for another index, epoch or seed', () => {
    const p = pipelineOf([{ op: 'rotate', p: 1, params: { degrees: [-90, 90] } }]);
    const degrees = (opts: { epoch: number; index: number; seed?: number }) =>
      (runPipeline(p, img, { ...opts, mode: 'train' }).trace[0]!.args as { degrees: number }).degrees;
    const base = degrees({ epoch: 0, index: 0 });
    expect(degrees({ epoch: 0, index: 1 })).not.toBe(base);
    expect(degrees({ epoch: 1, index: 0 })).not.toBe(base);
    expect(degrees({ epoch: 0, index: 0, seed: 8 })).not.toBe(base);
    const all = new Set(Array.from({ length: 50 }, (_, index) => degrees({ epoch: 0, index })));
    expect(all.size).toBe(50);
  });

  it('keeps the draws of other steps when one step is disabled', () => {
    const steps = [
      { op: 'rotate', p: 1, params: { degrees: [-30, 30] } },
      { op: 'brightness', p: 1, params: { factor: [0.5, 1.5] } },
    ];
    const on = runPipeline(pipelineOf(steps), img, { epoch: 0, index: 3, mode: 'train' });
    const off = runPipeline(pipelineOf([{ ...steps[0], enabled: false }, steps[1]]), img, { epoch: 0, index: 3, mode: 'train' });
    expect(off.trace).toHaveLength(1);
    expect(off.trace[0]!.args).toEqual(on.trace[1]!.args);
  });

  it('applies a step with probability p', () => {
    const p = pipelineOf([{ op: 'invert', p: 0.3 }]);
    let applied = 0;
    for (let index = 0; index < 2000; index++) {
      if (runPipeline(p, { width: 1, height: 1, channels: 1, data: new Uint8Array([9]) }, { epoch: 0, index, mode: 'train' }).trace[0]!.applied) applied++;
    }
    expect(applied / 2000).toBeGreaterThan(0.26);
    expect(applied / 2000).toBeLessThan(0.34);
  });
});

describe('modes, shapes and layouts', () => {
  const p = pipelineOf([
    { op: 'resize', params: { width: 24, height: 20 } },
    { op: 'flip', p: 1 },
    { op: 'rotate', p: 1 },
    { op: 'brightness', p: 1, params: { factor: [2, 2] } },
    { op: 'rescale' },
  ]);

  it('runs only preprocess steps at inference', () => {
    const out = runPipeline(p, img, { epoch: 0, index: 0, mode: 'inference' });
    expect(out.trace.map((t) => t.op)).toEqual(['resize', 'rescale']);
    const again = runPipeline(p, img, { epoch: 9, index: 77, mode: 'inference' });
    expect(again.data).toEqual(out.data);
  });

  it('returns float32 of the output shape, in NHWC or NCHW', () => {
    const nhwc = runPipeline(p, img, { epoch: 0, index: 0, mode: 'train' });
    expect(nhwc.data).toBeInstanceOf(Float32Array);
    expect([nhwc.width, nhwc.height, nhwc.channels, nhwc.layout]).toEqual([24, 20, 3, 'NHWC']);
    expect(nhwc.data.length).toBe(24 * 20 * 3);
    expect(outputShape(p, img)).toEqual({ width: 24, height: 20, channels: 3 });
    const nchw = runPipeline({ ...p, output: { layout: 'NCHW', dtype: 'float32' } }, img, { epoch: 0, index: 0, mode: 'train' });
    expect(nchw.layout).toBe('NCHW');
    // Pixel (x=5, y=7), channel 2 in both layouts.
    expect(nchw.data[2 * 24 * 20 + 7 * 24 + 5]).toBe(nhwc.data[(7 * 24 + 5) * 3 + 2]);
  });

  it('drops alpha from RGBA input and keeps grey input at one channel', () => {
    const rgba = testImage(8, 8, 4);
    const out = runPipeline(pipelineOf([{ op: 'rescale' }]), rgba, { epoch: 0, index: 0, mode: 'train' });
    expect(out.channels).toBe(3);
    expect(out.data[4]! * 255).toBeCloseTo(rgba.data[5]!, 3);
    const grey = runPipeline(pipelineOf([{ op: 'rescale' }]), testImage(8, 8, 1), { epoch: 0, index: 0, mode: 'train' });
    expect(grey.channels).toBe(1);
  });

  it('refuses a bad image with a message that says what is wrong', () => {
    expect(() => runPipeline(defaultPipeline(), { width: 4, height: 4, channels: 3, data: new Uint8Array(10) }, { epoch: 0, index: 0, mode: 'train' })).toThrow(
      /data has 10 values, expected 4x4x3 = 48/,
    );
    expect(() => runPipeline(defaultPipeline(), { width: 0, height: 4, channels: 3, data: new Uint8Array(0) }, { epoch: 0, index: 0, mode: 'train' })).toThrow(/positive integers/);
    expect(() => runPipeline(defaultPipeline(), { width: 1, height: 1, channels: 2, data: new Uint8Array(2) }, { epoch: 0, index: 0, mode: 'train' })).toThrow(/channels must be 1, 3 or 4/);
  });

  it('names the step when a crop does not fit the image', () => {
    const big = pipelineOf([{ op: 'randomCrop', params: { width: 64, height: 64 } }]);
    expect(() => runPipeline(big, img, { epoch: 0, index: 0, mode: 'train' })).toThrow(/steps\[0\]\.params: randomCrop: the crop \(64x64 px\) is larger than the padded image \(32x32 px\)/);
    const normal3 = pipelineOf([{ op: 'toGrayscale' }, { op: 'normalize' }]);
    expect(() => outputShape(normal3, img)).toThrow(/steps\[1\]\.params: normalize: mean has 3 values but the image has 1 channel here/);
  });

  it('does not write to the caller\'s image', () => {
    const copy = new Uint8Array(img.data);
    runPipeline(presetPipeline('heavy'), img, { epoch: 0, index: 1, mode: 'train' });
    expect(img.data).toEqual(copy);
  });
});

describe('masks', () => {
  // Image whose red channel encodes a class (class * 40) in blocks; the mask holds the class.
  const W = 24;
  const H = 16;
  const mask = new Uint8Array(W * H);
  const image = { width: W, height: H, channels: 3, data: new Uint8Array(W * H * 3) };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cls = 1 + ((Math.floor(x / 5) + 2 * Math.floor(y / 4)) % 6);
      mask[y * W + x] = cls;
      image.data[(y * W + x) * 3] = cls * 40;
      image.data[(y * W + x) * 3 + 1] = x * 10;
    }
  }

  it('follows every geometric step exactly (nearest sampling, constant fill 0)', () => {
    const geometric = { interpolation: 'nearest', border: 'constant', fill: 0 };
    const p = pipelineOf([
      { op: 'flip', p: 0.5, params: { direction: 'either' } },
      { op: 'affine', p: 1, params: geometric },
      { op: 'rotate', p: 1, params: { degrees: [-40, 40], ...geometric } },
      { op: 'randomResizedCrop', p: 1, params: { width: 20, height: 20, interpolation: 'nearest', scale: [0.3, 1] } },
      { op: 'brightness', p: 1, params: { factor: [1, 1] } },
      { op: 'randomCrop', p: 1, params: { width: 18, height: 18, padding: 2, border: 'constant', fill: 0 } },
    ]);
    for (let index = 0; index < 40; index++) {
      for (const reference of [false, true]) {
        const out = runPipeline(p, image, { epoch: 0, index, mode: 'train', mask, reference });
        expect(out.mask).toBeDefined();
        expect(out.mask!.length).toBe(out.width * out.height);
        for (let i = 0; i < out.mask!.length; i++) {
          expect(out.data[i * 3]).toBe(out.mask![i]! * 40);
        }
      }
    }
  });

  it('is left alone by colour steps', () => {
    const p = pipelineOf([{ op: 'invert', p: 1 }, { op: 'gaussianNoise', p: 1 }, { op: 'cutout', p: 1 }]);
    const out = runPipeline(p, image, { epoch: 0, index: 0, mode: 'train', mask });
    expect(out.mask).toEqual(mask);
  });

  it('must have one value per pixel', () => {
    expect(() => runPipeline(defaultPipeline(), image, { epoch: 0, index: 0, mode: 'train', mask: new Uint8Array(3) })).toThrow(/mask: expected 24x16/);
  });
});

describe('ops', () => {
  it('every op has a label, a description and a category', () => {
    for (const op of listOps()) {
      expect(op.label.length).toBeGreaterThan(0);
      expect(op.description.length).toBeGreaterThan(10);
      for (const [name, spec] of Object.entries(op.params)) expect(spec.description.length, `${op.name}.${name}`).toBeGreaterThan(5);
    }
  });
});

describe("the caller's pixels", () => {
  // The working image views the caller's grey or RGB pixels (no copy), so no step may write its input.
  it('are never written, by any pipeline, fused or one step at a time', () => {
    fc.assert(
      fc.property(validPipelineDoc(), anyImage, fc.nat(1000), fc.boolean(), (doc, image, index, reference) => {
        let p: Pipeline;
        try {
          p = parsePipeline(doc);
          outputShape(p, image);
        } catch {
          fc.pre(false);
          return;
        }
        const before = image.data.slice();
        runPipeline(p, image, { epoch: 0, index, mode: 'train', reference });
        expect(image.data).toEqual(before);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
