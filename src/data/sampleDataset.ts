// The built-in dataset the page opens with: coloured shapes (circle, square, triangle, star) drawn
// from a seed, balanced across classes, at the working size. Pure: runs in a worker, or in Node.
// Its segmentation view: each shape's pixels carry its class + 1, background 0 (4 shapes + background).

import { allocArena, sampleBytes, type Dataset } from './dataset.js';
import { drawShapeParams, makeShapeImage, mulberry32, SAMPLE_CLASSES } from './sampleImage.js';

export const SAMPLE_DATASET_SEED = 1234;
export const SAMPLE_PER_CLASS = 250;

/** Class-interleaved (circle, square, triangle, star, circle, ...), each picture from its own seed. */
export function makeSampleDataset(sizePx: number, perClass = SAMPLE_PER_CLASS, seed = SAMPLE_DATASET_SEED): Dataset {
  const classes = [...SAMPLE_CLASSES];
  const count = perClass * classes.length;
  const n = sampleBytes(sizePx);
  const pixels = allocArena(count * n);
  const labels = new Int32Array(count);
  const masks = allocArena(count * sizePx * sizePx);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % classes.length;
    const rng = mulberry32((seed * 0x9e3779b1 + i) >>> 0);
    const image = makeShapeImage(drawShapeParams(classes[label]!, rng, sizePx));
    pixels.set(image.data, i * n);
    if (image.mask) masks.set(image.mask.map((inside) => (inside ? label + 1 : 0)), i * sizePx * sizePx);
    labels[i] = label;
    names.push(`sample/${classes[label]}/${String(Math.floor(i / classes.length)).padStart(3, '0')}.png`);
  }
  return { source: 'sample', sizePx, classes, names, hashes: new Array<string>(count).fill(''), labels, pixels, masks };
}
