import { describe, expect, it } from 'vitest';
import { listOps, runPipeline, type PipelineResult } from './index.js';
import { pipelineOf, smoothImage, testImage } from './testing.js';

const img = testImage(24, 20);
const run = (steps: unknown[], opts: { index?: number; reference?: boolean; image?: typeof img } = {}): PipelineResult =>
  runPipeline(pipelineOf(steps), opts.image ?? img, { epoch: 0, index: opts.index ?? 0, mode: 'train', reference: opts.reference ?? false });
const asBytes = (r: PipelineResult) => Array.from(r.data);

/** Parameters at which each op must leave the image exactly as it was. */
const ZERO_STRENGTH: Record<string, Record<string, unknown>> = {
  resize: { width: 24, height: 20 },
  centerCrop: { width: 24, height: 20 },
  rescale: { scale: 1, offset: 0 },
  normalize: { mean: [0], std: [1], maxPixelValue: 1 },
  rotate: { degrees: [0, 0] },
  affine: { translateX: [0, 0], translateY: [0, 0], scale: [1, 1], shearDegrees: [0, 0] },
  randomResizedCrop: { width: 24, height: 20, scale: [1, 1], ratio: [1.2, 1.2] },
  randomCrop: { width: 24, height: 20, padding: 0 },
  brightness: { factor: [1, 1] },
  contrast: { factor: [1, 1] },
  saturation: { factor: [1, 1] },
  hue: { degrees: [0, 0] },
  gamma: { gamma: [1, 1] },
  solarize: { threshold: [256, 256] },
  posterize: { bits: [8, 8] },
  gaussianBlur: { sigma: [0, 0] },
  sharpen: { amount: [0, 0] },
  gaussianNoise: { std: [0, 0] },
  saltAndPepper: { amount: [0, 0] },
  cutout: { count: [0, 0] },
  shear: { factor: [0, 0] },
  randAugment: { numOps: 0 },
  augMix: { severity: 0 },
};

/** Ops with no neutral setting, and the check that stands in for it. */
const NO_ZERO_STRENGTH = ['flip', 'invert', 'grayscale', 'toGrayscale', 'standardize', 'autoContrast', 'equalize', 'trivialAugmentWide', 'autoAugment'];

describe('each op at zero strength is the identity', () => {
  it('covers every registered op', () => {
    const covered = new Set([...Object.keys(ZERO_STRENGTH), ...NO_ZERO_STRENGTH]);
    for (const op of listOps()) expect(covered.has(op.name), `${op.name} needs a zero-strength test`).toBe(true);
  });

  for (const [op, params] of Object.entries(ZERO_STRENGTH)) {
    it(op, () => {
      const p = op === 'resize' || op === 'centerCrop' || op === 'rescale' || op === 'normalize' ? {} : { p: 1 };
      for (const index of [0, 1, 2]) {
        const out = run([{ op, ...p, params }], { index });
        expect(out.trace[0]!.applied).toBe(true);
        expect(asBytes(out)).toEqual(Array.from(img.data));
      }
    });
  }

  it('greyscale of a grey image changes nothing', () => {
    const grey = testImage(8, 8, 1);
    const rgb = { ...grey, channels: 3, data: new Uint8Array(64 * 3).map((_, i) => grey.data[Math.floor(i / 3)]!) };
    expect(asBytes(run([{ op: 'grayscale', p: 1 }], { image: rgb }))).toEqual(Array.from(rgb.data));
    expect(asBytes(run([{ op: 'toGrayscale', params: { keepThreeChannels: true } }], { image: rgb }))).toEqual(Array.from(rgb.data));
  });

  it('standardise gives mean 0 and standard deviation 1', () => {
    const out = run([{ op: 'standardize' }]);
    const n = out.data.length;
    const mean = out.data.reduce((a, b) => a + b, 0) / n;
    const variance = out.data.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeCloseTo(1, 4);
  });
});

describe('involutions', () => {
  for (const direction of ['horizontal', 'vertical']) {
    it(`flip ${direction} twice is the identity, once is a mirror`, () => {
      const once = run([{ op: 'flip', p: 1, params: { direction } }]);
      const twice = run([{ op: 'flip', p: 1, params: { direction } }, { op: 'flip', p: 1, params: { direction } }]);
      expect(asBytes(twice)).toEqual(Array.from(img.data));
      const W = img.width;
      const H = img.height;
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const from = direction === 'horizontal' ? y * W + (W - 1 - x) : (H - 1 - y) * W + x;
          expect(once.data[(y * W + x) * 3 + 1]).toBe(img.data[from * 3 + 1]);
        }
      }
    });
  }

  it('invert twice is the identity, once is 255 - v', () => {
    expect(asBytes(run([{ op: 'invert', p: 1 }, { op: 'invert', p: 1 }]))).toEqual(Array.from(img.data));
    expect(asBytes(run([{ op: 'invert', p: 1 }]))).toEqual(Array.from(img.data, (v) => 255 - v));
  });
});

describe('known answers', () => {
  const square = { width: 3, height: 3, channels: 1, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) };

  for (const interpolation of ['nearest', 'bilinear']) {
    it(`rotate by 90 degrees turns the picture counter-clockwise (${interpolation})`, () => {
      const out = run([{ op: 'rotate', p: 1, params: { degrees: [90, 90], interpolation } }], { image: square });
      expect(asBytes(out)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
      const back = run([{ op: 'rotate', p: 1, params: { degrees: [-90, -90], interpolation } }], { image: square });
      expect(asBytes(back)).toEqual([7, 4, 1, 8, 5, 2, 9, 6, 3]);
    });
  }

  it('rotate by 45 degrees samples between pixels (bilinear, constant border)', () => {
    const out = run([{ op: 'rotate', p: 1, params: { degrees: [45, 45], border: 'constant', fill: 0 } }], { image: square });
    // The centre stays; the corners come from outside the image and blend with the fill.
    expect(out.data[4]).toBe(5);
    expect(out.data[0]).toBeLessThan(3);
  });

  it('resize with area averages 2x2 blocks when halving', () => {
    const four = { width: 4, height: 2, channels: 1, data: Uint8Array.from([0, 10, 20, 30, 100, 110, 120, 131]) };
    const out = run([{ op: 'resize', params: { width: 2, height: 1, interpolation: 'area' } }], { image: four });
    expect(asBytes(out)).toEqual([55, Math.round((20 + 30 + 120 + 131) / 4)]);
  });

  it('resize with bilinear interpolates between pixel centres when doubling', () => {
    const two = { width: 2, height: 1, channels: 1, data: Uint8Array.from([0, 100]) };
    const out = run([{ op: 'resize', params: { width: 4, height: 1, interpolation: 'bilinear' } }], { image: two });
    // Output centres at 0.25, 0.75, 1.25, 1.75 input pixels: 0, 25, 75, 100 with edge clamping.
    expect(asBytes(out)).toEqual([0, 25, 75, 100]);
  });

  it('resize with contain letterboxes with the fill value; cover cuts the overflow', () => {
    const wide = { width: 4, height: 2, channels: 1, data: Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80]) };
    const contain = run([{ op: 'resize', params: { width: 2, height: 2, fit: 'contain', interpolation: 'nearest', fill: 255 } }], { image: wide });
    // Two input rows shrink to one output row; the other row is fill.
    expect(asBytes(contain)).toEqual([20, 40, 255, 255]);
    const cover = run([{ op: 'resize', params: { width: 2, height: 2, fit: 'cover', interpolation: 'nearest' } }], { image: wide });
    expect(asBytes(cover)).toEqual([20, 30, 60, 70]);
  });

  it('normalise computes (v / 255 - mean) / std per channel (ImageNet preset)', () => {
    const px = { width: 1, height: 1, channels: 3, data: Uint8Array.from([255, 0, 128]) };
    const out = run([{ op: 'normalize' }], { image: px });
    expect(out.data[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(out.data[1]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(out.data[2]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 5);
  });

  it('rescale presets map 0..255 to [0, 1] and [-1, 1]', () => {
    const px = { width: 2, height: 1, channels: 1, data: Uint8Array.from([0, 255]) };
    expect(asBytes(run([{ op: 'rescale' }], { image: px }))).toEqual([0, 1]);
    const sym = run([{ op: 'rescale', params: { scale: 2 / 255, offset: -1 } }], { image: px });
    expect(Array.from(sym.data)).toEqual([-1, 1]);
  });

  it('contrast 0 gives the mean luma everywhere; brightness 0.5 halves', () => {
    const px = { width: 2, height: 1, channels: 3, data: Uint8Array.from([200, 100, 0, 0, 100, 200]) };
    const flat = run([{ op: 'contrast', p: 1, params: { factor: [0, 0] } }], { image: px });
    const luma = (0.299 * 200 + 0.587 * 100 + 0.114 * 0 + 0.299 * 0 + 0.587 * 100 + 0.114 * 200) / 2;
    expect(asBytes(flat)).toEqual(Array(6).fill(Math.round(luma)));
    expect(asBytes(run([{ op: 'brightness', p: 1, params: { factor: [0.5, 0.5] } }], { image: px }))).toEqual([100, 50, 0, 0, 50, 100]);
  });

  it('solarize, posterize and gamma', () => {
    const px = { width: 3, height: 1, channels: 1, data: Uint8Array.from([10, 128, 250]) };
    expect(asBytes(run([{ op: 'solarize', p: 1, params: { threshold: [128, 128] } }], { image: px }))).toEqual([10, 127, 5]);
    expect(asBytes(run([{ op: 'posterize', p: 1, params: { bits: [2, 2] } }], { image: px }))).toEqual([0, 128, 192]);
    expect(asBytes(run([{ op: 'gamma', p: 1, params: { gamma: [2, 2] } }], { image: px }))).toEqual([0, 64, 245]);
  });

  it('hue by 120 degrees turns red into green, saturation 0 into grey', () => {
    const red = { width: 1, height: 1, channels: 3, data: Uint8Array.from([200, 0, 0]) };
    expect(asBytes(run([{ op: 'hue', p: 1, params: { degrees: [120, 120] } }], { image: red }))).toEqual([0, 200, 0]);
    expect(asBytes(run([{ op: 'saturation', p: 1, params: { factor: [0, 0] } }], { image: red }))).toEqual([60, 60, 60]);
  });

  it('gaussian blur keeps a flat image flat and spreads a dot symmetrically', () => {
    const dot = { width: 7, height: 7, channels: 1, data: new Uint8Array(49) };
    dot.data[24] = 255;
    const out = run([{ op: 'gaussianBlur', p: 1, params: { sigma: [1, 1] } }], { image: dot });
    expect(out.data[24]).toBeGreaterThan(out.data[23]!);
    expect(out.data[23]).toBe(out.data[25]);
    expect(out.data[17]).toBe(out.data[31]);
  });

  it('cutout fills whole rectangles with the fill value', () => {
    const out = run([{ op: 'cutout', p: 1, params: { count: [2, 2], size: [0.2, 0.2], fill: 7 } }]);
    const holes = (out.trace[0]!.args as { holes: { x: number; y: number; w: number; h: number }[] }).holes;
    expect(holes).toHaveLength(2);
    for (const { x, y, w, h } of holes) {
      expect(w).toBe(4);
      expect(out.data[((y + h - 1) * img.width + x + w - 1) * 3]).toBe(7);
    }
  });

  it('noise has the requested standard deviation (in [0, 1] units)', () => {
    const grey = { width: 64, height: 64, channels: 3, data: new Uint8Array(64 * 64 * 3).fill(128) };
    const out = run([{ op: 'gaussianNoise', p: 1, params: { std: [0.05, 0.05] } }], { image: grey });
    let sum = 0;
    let sq = 0;
    for (const v of out.data) {
      sum += v - 128;
      sq += (v - 128) ** 2;
    }
    const n = out.data.length;
    expect(sum / n).toBeCloseTo(0, 0);
    expect(Math.sqrt(sq / n) / 255).toBeCloseTo(0.05, 2);
  });
});

describe('fused equals op by op', () => {
  // Tolerances, in pixel levels (0..255):
  //  - runs of exact moves (flip, crops) and per-value steps: identical bytes;
  //  - a geometric run with one interpolating step: off by at most 1 level (rounding of the
  //    composed coordinates), everywhere;
  //  - two interpolating steps: fused resamples once, op by op twice (which blurs more), and a
  //    reflected border is reflected once instead of twice. On a smooth image, away from the
  //    border (8 px), the mean difference is under 0.5 levels and the largest at most 6.
  const smooth = smoothImage(64, 64);
  const maxAndMeanDiff = (a: PipelineResult, b: PipelineResult, margin = 0) => {
    let max = 0;
    let sum = 0;
    let count = 0;
    for (let y = margin; y < a.height - margin; y++) {
      for (let x = margin; x < a.width - margin; x++) {
        for (let c = 0; c < a.channels; c++) {
          const i = (y * a.width + x) * a.channels + c;
          const d = Math.abs(a.data[i]! - b.data[i]!);
          max = Math.max(max, d);
          sum += d;
          count++;
        }
      }
    }
    return { max, mean: sum / count };
  };

  it('is identical for exact moves and per-value steps', () => {
    const steps = [
      { op: 'flip', p: 0.5, params: { direction: 'either' } },
      { op: 'randomCrop', p: 1, params: { width: 20, height: 16, padding: 3 } },
      { op: 'centerCrop', params: { width: 18, height: 14 } },
      { op: 'brightness', p: 0.8, params: { factor: [0.5, 1.6] } },
      { op: 'contrast', p: 0.8, params: { factor: [0.5, 1.6] } },
      { op: 'gamma', p: 0.8 },
      { op: 'solarize', p: 0.3, params: { threshold: [100, 200] } },
      { op: 'gaussianNoise', p: 0.8 },
      { op: 'gaussianNoise', p: 0.8, params: { perChannel: false } },
      { op: 'normalize' },
    ];
    for (let index = 0; index < 30; index++) {
      const fused = run(steps, { index });
      const reference = run(steps, { index, reference: true });
      expect(maxAndMeanDiff(fused, reference).max).toBeLessThan(1e-5);
    }
  });

  it('is within 1 level with one interpolating step in the run', () => {
    const steps = [
      { op: 'flip', p: 0.5 },
      { op: 'randomCrop', p: 1, params: { width: 60, height: 60, padding: 0 } },
      { op: 'rotate', p: 1, params: { degrees: [-30, 30], border: 'constant', fill: 0 } },
      { op: 'flip', p: 0.5, params: { direction: 'vertical' } },
    ];
    for (let index = 0; index < 30; index++) {
      expect(maxAndMeanDiff(run(steps, { index, image: smooth }), run(steps, { index, image: smooth, reference: true })).max).toBeLessThanOrEqual(1);
    }
  });

  it('is within the stated tolerance with two interpolating steps', () => {
    const steps = [
      { op: 'affine', p: 1, params: { translateX: [-0.05, 0.05], translateY: [-0.05, 0.05], scale: [0.95, 1.05], shearDegrees: [-5, 5] } },
      { op: 'rotate', p: 1, params: { degrees: [-15, 15] } },
    ];
    let worstMean = 0;
    for (let index = 0; index < 20; index++) {
      const d = maxAndMeanDiff(run(steps, { index, image: smooth }), run(steps, { index, image: smooth, reference: true }), 8);
      expect(d.max).toBeLessThanOrEqual(6);
      worstMean = Math.max(worstMean, d.mean);
    }
    expect(worstMean).toBeLessThan(0.5);
  });
});
