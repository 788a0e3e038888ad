import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePipeline, runPipeline, PIPELINE_FORMAT, PIPELINE_VERSION } from '../pipeline/index.js';
import { caseImage } from './conformance.js';
import { PreprocessorConfigError, toPreprocessorConfig } from './hf.js';

const pipeline = (steps: unknown[]) => parsePipeline({ format: PIPELINE_FORMAT, version: PIPELINE_VERSION, steps });

/** What an ImageProcessor does after resize and crop: (x * rescale_factor - mean) / std per channel. */
function processorValues(config: ReturnType<typeof toPreprocessorConfig>, pixels: Uint8Array): Float64Array {
  const out = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const c = i % 3;
    let v = pixels[i]!;
    if (config.do_rescale) v *= config.rescale_factor;
    if (config.do_normalize) v = (v - config.image_mean[c]!) / config.image_std[c]!;
    out[i] = v;
  }
  return out;
}

describe('toPreprocessorConfig', () => {
  it('maps resize, centre crop, rescale and ImageNet normalise', () => {
    const config = toPreprocessorConfig(pipeline([
      { op: 'resize', params: { width: 40, height: 36, interpolation: 'bilinear' } },
      { op: 'flip', p: 0.5 },
      { op: 'centerCrop', params: { width: 32, height: 32 } },
      { op: 'normalize' },
    ]));
    expect(config).toMatchObject({
      do_resize: true, size: { height: 36, width: 40 }, resample: 2,
      do_center_crop: true, crop_size: { height: 32, width: 32 },
      do_rescale: true, rescale_factor: 1 / 255, do_normalize: true,
      image_mean: [0.485, 0.456, 0.406], image_std: [0.229, 0.224, 0.225],
    });
  });

  it('property: the folded rescale/normalise gives the pipeline\'s values (within float32 rounding)', () => {
    const image = caseImage(4, 4, 3, 1);
    const arbStep = fc.oneof(
      fc.record({ op: fc.constant('rescale'), params: fc.record({ scale: fc.double({ min: 0.001, max: 10, noNaN: true }), offset: fc.double({ min: -5, max: 5, noNaN: true }) }) }),
      fc.record({ op: fc.constant('normalize'), params: fc.record({ mean: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }), std: fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }), maxPixelValue: fc.constantFrom(1, 255) }) }),
    );
    fc.assert(
      fc.property(fc.array(arbStep, { minLength: 1, maxLength: 3 }), (steps) => {
        const p = pipeline(steps);
        const want = runPipeline(p, image, { epoch: 0, index: 0, mode: 'inference' }).data;
        const got = processorValues(toPreprocessorConfig(p), image.data as Uint8Array);
        for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[i]!)));
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  it.each([
    ['standardize', [{ op: 'standardize' }], /steps\[0\]: standardize .*own mean/],
    ['toGrayscale', [{ op: 'toGrayscale' }], /steps\[0\]: toGrayscale .*RGB/],
    ['cover fit', [{ op: 'resize', params: { fit: 'cover' } }], /steps\[0\]: resize .*fit "cover"/],
    ['area resize', [{ op: 'resize', params: { interpolation: 'area' } }], /steps\[0\]: resize .*"area".*bilinear/],
    ['odd margin', [{ op: 'resize', params: { width: 33, height: 32, interpolation: 'bilinear' } }, { op: 'centerCrop', params: { width: 32, height: 32 } }], /steps\[1\]: centerCrop .*odd/],
    ['crop without resize', [{ op: 'centerCrop' }], /steps\[0\]: centerCrop .*margin/],
    ['random resized crop', [{ op: 'randomResizedCrop' }], /steps\[0\]: randomResizedCrop/],
    ['resize after normalise', [{ op: 'rescale' }, { op: 'resize', params: { interpolation: 'bilinear' } }], /steps\[1\]: resize .*after rescale/],
  ])('refuses %s, naming the step and why', (_name, steps, message) => {
    expect(() => toPreprocessorConfig(pipeline(steps))).toThrow(PreprocessorConfigError);
    expect(() => toPreprocessorConfig(pipeline(steps))).toThrow(message);
  });
});
