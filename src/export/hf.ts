// Hugging Face preprocessor_config.json from a pipeline, for the steps that have an exact equivalent
// in an ImageProcessor (transformers, transformers.js): resize to a fixed size, centre crop, then
// one per-channel affine map (rescale and normalise folded together). Anything else is refused,
// naming the step and why, because a guessed equivalent would give the model other inputs.
import { getOp, type Pipeline } from '../pipeline/index.js';

/**
 * PIL resample codes, as ImageProcessors read them. No 'area': PIL has BOX (4), but transformers'
 * torchvision backend (the default in transformers 5) refuses it ("got box"), seen with 5.17.
 */
const RESAMPLE = { nearest: 0, bilinear: 2 } as const;

/** Significant digits kept when folding rescale and normalise (float noise below this is dropped). */
const FOLD_PRECISION = 12;

export interface PreprocessorConfig {
  image_processor_type: string;
  do_convert_rgb: true;
  do_resize: boolean;
  size?: { height: number; width: number };
  resample?: number;
  do_center_crop: boolean;
  crop_size?: { height: number; width: number };
  do_rescale: boolean;
  rescale_factor: number;
  do_normalize: boolean;
  image_mean: number[];
  image_std: number[];
}

/**
 * What differs between runtimes even with an exact mapping (shown beside the export): the resize
 * kernels are not the same code. README "Taking it further" repeats these.
 */
export const RESIZE_NOTES = [
  'augplay resizes with its own kernels (bilinear without antialiasing); transformers antialiases bilinear when shrinking (up to 48 levels apart halving a 64x48 image, 1 level enlarging; nearest and no-resize mappings were exact, transformers 5.17) and transformers.js resizes with its own code. Area (box) resizing has no processor equivalent and is refused.',
  'The browser app resizes imported images to its working size before the pipeline; give the processor images of that size (metadata.json inputSize) for the closest match.',
  'pixel_values come out channels-first (NCHW); the augplay pipeline writes its own layout (pipeline.json output.layout).',
];

export class PreprocessorConfigError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'PreprocessorConfigError';
    this.path = path;
  }
}

const round = (v: number) => Number(v.toPrecision(FOLD_PRECISION));

/**
 * The preprocessor_config.json of a pipeline's inference steps. Throws PreprocessorConfigError
 * naming the first step that has no exact equivalent, and why.
 */
export function toPreprocessorConfig(pipeline: Pipeline): PreprocessorConfig {
  let size: { height: number; width: number } | undefined;
  let resample: number | undefined;
  let crop: { height: number; width: number } | undefined;
  // y = x * scale[c] + offset[c], over the rescale and normalise steps in order.
  let scale = [1, 1, 1];
  let offset = [0, 0, 0];
  let valueSteps = 0;
  pipeline.steps.forEach((step, i) => {
    const path = `steps[${i}]`;
    const refuse = (why: string): never => {
      throw new PreprocessorConfigError(path, `${step.op} has no exact equivalent in a Hugging Face image processor: ${why}`);
    };
    const op = getOp(step.op);
    if (!step.enabled || !op) return;
    // Augment steps do not run at inference, except those that set the output size.
    if (op.stage === 'augment' && !op.outputShape) return;
    const p = step.params as Record<string, unknown>;
    const afterValues = () => valueSteps > 0 && refuse('it comes after rescale/normalise, and an image processor resizes and crops first');
    switch (step.op) {
      case 'resize': {
        afterValues();
        if (size || crop) refuse('an image processor resizes once, before the centre crop');
        if (p.fit !== 'stretch') refuse(`fit "${String(p.fit)}" keeps the aspect ratio with its own rounding; only "stretch" maps to size {height, width}`);
        if (!(String(p.interpolation) in RESAMPLE)) refuse(`interpolation "${String(p.interpolation)}" (box averaging) is not offered by transformers' torchvision backend; choose "bilinear" or "nearest"`);
        size = { height: p.height as number, width: p.width as number };
        resample = RESAMPLE[p.interpolation as keyof typeof RESAMPLE];
        return;
      }
      case 'centerCrop':
      case 'randomCrop': {
        afterValues();
        if (crop) refuse('an image processor crops once');
        const w = p.width as number;
        const h = p.height as number;
        // augplay rounds the offset half up, image processors floor it: equal only for even margins.
        if (!size) refuse('without a resize before it the margin may be odd, where augplay rounds the offset up and an image processor rounds it down');
        if (size!.width < w || size!.height < h) refuse(`the crop (${w}x${h}) is larger than the resized image (${size!.width}x${size!.height}): augplay pads with the fill value, image processors with 0`);
        if ((size!.width - w) % 2 || (size!.height - h) % 2) refuse(`the margins (${size!.width - w} px, ${size!.height - h} px) are odd: augplay rounds the offset up, image processors round it down`);
        if (step.op === 'randomCrop' && (p.padding as number) > 0) refuse('its padding has no equivalent');
        crop = { height: h, width: w };
        return;
      }
      case 'rescale': {
        const s = p.scale as number;
        const o = p.offset as number;
        scale = scale.map((v) => v * s);
        offset = offset.map((v) => v * s + o);
        valueSteps++;
        return;
      }
      case 'normalize': {
        const mean = p.mean as number[];
        const std = p.std as number[];
        const max = p.maxPixelValue as number;
        for (let c = 0; c < 3; c++) {
          const m = mean[mean.length === 1 ? 0 : c]!;
          const sd = std[std.length === 1 ? 0 : c]!;
          scale[c] = scale[c]! / (max * sd);
          offset[c] = offset[c]! / (max * sd) - m / sd;
        }
        valueSteps++;
        return;
      }
      case 'randomResizedCrop':
        return refuse('at inference it resizes the largest centred box of the output aspect ratio, which a processor does only approximately (shortest-edge resize, then crop, with other rounding)');
      case 'standardize':
        return refuse('it uses each image\'s own mean and standard deviation; a processor normalises with fixed numbers');
      case 'toGrayscale':
        return refuse('image processors convert images to RGB, never to grey');
      default:
        return refuse('no image processor option does this');
    }
  });
  const doRescale = valueSteps > 0;
  if (doRescale && scale.some((s) => !(s > 0))) {
    throw new PreprocessorConfigError('steps', 'rescale/normalise flip or zero the values (scale <= 0), which rescale_factor and a positive image_std cannot express');
  }
  // (x * r - mean) / std = x * scale + offset, with r the common scale when there is one.
  const common = scale.every((s) => s === scale[0]);
  const r = common ? scale[0]! : 1 / 255;
  const std = scale.map((s) => round(r / s));
  const mean = offset.map((o, c) => round(-o * (r / scale[c]!)));
  const normalize = doRescale && !(common && offset.every((o) => o === 0));
  const config: PreprocessorConfig = {
    image_processor_type: crop ? 'DeiTImageProcessor' : 'ViTImageProcessor',
    do_convert_rgb: true,
    do_resize: size !== undefined,
    do_center_crop: crop !== undefined,
    do_rescale: doRescale,
    rescale_factor: doRescale ? r : 1,
    do_normalize: normalize,
    image_mean: normalize ? mean : [0, 0, 0],
    image_std: normalize ? std : [1, 1, 1],
  };
  if (size) {
    config.size = size;
    config.resample = resample!;
  }
  if (crop) config.crop_size = crop;
  return config;
}
