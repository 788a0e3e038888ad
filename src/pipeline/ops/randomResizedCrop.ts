// Crop a random part of the image (random area and aspect ratio) and resize it to a fixed size:
// torchvision's RandomResizedCrop, the standard ImageNet training augmentation.

import { defineOp } from '../op.js';
import { range } from '../params.js';
import { interpolationParam, sampling, sizeParam } from './common.js';

/** torchvision tries this many random boxes before falling back to a centre crop. */
const MAX_ATTEMPTS = 10;

/** A box side: rounded, at least 1 px and at most the image side. */
function clampSide(value: number, max: number): number {
  return Math.min(max, Math.max(1, Math.round(value)));
}

export const randomResizedCrop = defineOp({
  name: 'randomResizedCrop',
  label: 'Random resized crop',
  description: 'Cuts out a random part of the image and resizes it to a fixed size',
  stage: 'augment',
  category: 'geometry',
  defaultP: 1,
  appliesToMask: true,
  domain: 'any',
  params: {
    width: sizeParam('Width'),
    height: sizeParam('Height'),
    scale: range({ default: [0.08, 1], min: 0.01, max: 1, step: 0.01, unit: '× area', description: 'Area of the cut-out part as a fraction of the image area' }),
    ratio: range({ default: [0.75, 4 / 3], min: 0.1, max: 10, step: 0.01, unit: 'width / height', description: 'Aspect ratio of the cut-out part (drawn log-uniformly)' }),
    interpolation: interpolationParam,
  },
  outputShape: (params, input) => ({ width: params.width, height: params.height, channels: input.channels }),
  draw(rng, params, input) {
    const { width: W, height: H } = input;
    const area = W * H;
    const logLo = Math.log(params.ratio[0]);
    const logHi = Math.log(params.ratio[1]);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const target = area * rng.uniform(params.scale[0], params.scale[1]);
      const aspect = Math.exp(rng.uniform(logLo, logHi));
      const w = Math.round(Math.sqrt(target * aspect));
      const h = Math.round(Math.sqrt(target / aspect));
      if (w > 0 && w <= W && h > 0 && h <= H) {
        return { x: rng.int(0, W - w), y: rng.int(0, H - h), w, h, outWidth: params.width, outHeight: params.height, interpolation: params.interpolation };
      }
    }
    // Fallback: the largest centred box whose ratio is inside the range.
    const inRatio = W / H;
    let w = W;
    let h = H;
    // Never an empty box: on a 1x500 image a ratio of 10 would round the height to 0.
    if (inRatio < params.ratio[0]) h = clampSide(w / params.ratio[0], H);
    else if (inRatio > params.ratio[1]) w = clampSide(h * params.ratio[1], W);
    return { x: Math.floor((W - w) / 2), y: Math.floor((H - h) / 2), w, h, outWidth: params.width, outHeight: params.height, interpolation: params.interpolation };
  },
  inference(params, input) {
    // The largest centred box with the output's aspect ratio, resized to the output (what
    // torchvision's evaluation Resize + CenterCrop does, in one step).
    const { width: W, height: H } = input;
    let w = W;
    let h = H;
    if (W * params.height > H * params.width) w = clampSide((H * params.width) / params.height, W);
    else h = clampSide((W * params.height) / params.width, H);
    return { x: Math.floor((W - w) / 2), y: Math.floor((H - h) / 2), w, h, outWidth: params.width, outHeight: params.height, interpolation: params.interpolation };
  },
  impl: {
    kind: 'geometric',
    transform(args, input) {
      void input; // the box in args was drawn for this input
      return {
        matrix: [args.w / args.outWidth, 0, args.x, 0, args.h / args.outHeight, args.y],
        width: args.outWidth,
        height: args.outHeight,
        sampling: sampling(args.interpolation, 'edge', 0),
      };
    },
  },
});
