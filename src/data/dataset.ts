// The dataset model: class names, one label per sample, and every sample's working-size pixels in
// one Uint8 arena (what the worker pool holds), plus the seeded, stratified train/validation split.

import { IGNORE_INDEX, Rng, sampleSeed } from '../pipeline/index.js';

/**
 * Working images are one fixed square size (default 64 x 64) because a batch is one tensor of one
 * shape: with a short-side size, every image would have to be cropped or padded at batch time, and
 * the crop would be an augmentation nobody chose. Images are scaled to cover the square and
 * centre-cropped (no stretching).
 */
export const DEFAULT_WORKING_SIZE_PX = 64;
/** The Data panel's default validation share and split seed (the split seed picks which samples validate). */
export const DEFAULT_VALIDATION_FRACTION = 0.2;
export const DEFAULT_SPLIT_SEED = 1;
export const MIN_WORKING_SIZE_PX = 8;
export const MAX_WORKING_SIZE_PX = 512;
export const CHANNELS = 3;

export interface Dataset {
  /** 'sample' is the built-in generated dataset; 'user' is what the user imported (persisted). */
  source: 'sample' | 'user';
  /** Working images are sizePx x sizePx, RGB, HWC. */
  sizePx: number;
  classes: string[];
  /** Per sample: where it came from (relative path), for the report, the grid and galleries. */
  names: string[];
  /** Per sample: hex SHA-256 of the original file's bytes (duplicates are refused); '' for generated samples. */
  hashes: string[];
  /** Per sample: class index into `classes`. */
  labels: Int32Array;
  /** All working images back to back: count * sizePx * sizePx * 3 bytes. May live in a SharedArrayBuffer. */
  pixels: Uint8Array;
  /**
   * Segmentation masks back to back, one byte per pixel (count * sizePx * sizePx), for datasets that
   * have them (the built-in shapes do); the preview moves them with the image.
   */
  masks?: Uint8Array;
  /** Imported segmentation datasets: the mask classes (index = mask value; 0 = background by default) and their colours. */
  segmentation?: { names: string[]; colours: ([number, number, number] | null)[] };
}

/** The mask classes of a dataset with masks: its own (an import's), or background + the image classes (the built-in shapes). */
export function maskClassNames(dataset: Pick<Dataset, 'classes' | 'segmentation'>): string[] {
  return dataset.segmentation?.names ?? ['background', ...dataset.classes];
}

export interface Split {
  seed: number;
  validationFraction: number;
  /** Dataset indices, ascending. */
  train: Int32Array;
  validation: Int32Array;
}

export function sampleBytes(sizePx: number): number {
  return sizePx * sizePx * CHANNELS;
}

/** One sample's pixels (a view, not a copy). */
export function samplePixels(dataset: Pick<Dataset, 'pixels' | 'sizePx'>, index: number): Uint8Array {
  const n = sampleBytes(dataset.sizePx);
  return dataset.pixels.subarray(index * n, (index + 1) * n);
}

/** One sample as an image with its mask when the dataset has masks (views, not copies): the one place masks are sliced. */
export function sampleImage(dataset: Pick<Dataset, 'pixels' | 'sizePx' | 'masks'>, index: number): { width: number; height: number; channels: number; data: Uint8Array; mask?: Uint8Array } {
  const { sizePx, masks } = dataset;
  const image = { width: sizePx, height: sizePx, channels: CHANNELS, data: samplePixels(dataset, index) };
  const m = sizePx * sizePx;
  return masks ? { ...image, mask: masks.subarray(index * m, (index + 1) * m) } : image;
}

/**
 * A byte arena, in a SharedArrayBuffer when the page is cross-origin isolated (the workers then
 * share it: no copy per worker), else in an ordinary ArrayBuffer (each worker gets a copy).
 */
export function allocArena(bytes: number): Uint8Array {
  const shared = typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return new Uint8Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

export function classCounts(dataset: Pick<Dataset, 'classes' | 'labels'>): number[] {
  const counts = new Array<number>(dataset.classes.length).fill(0);
  for (const label of dataset.labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

export interface NewSample {
  name: string;
  hash: string;
  className: string;
  /** sizePx * sizePx * 3 bytes. */
  pixels: Uint8Array;
  /** Segmentation imports: sizePx * sizePx class indices (all IGNORE_INDEX for an image without a usable mask). */
  mask?: Uint8Array;
}

/** A new dataset: `base`'s samples followed by `added` (classes are matched by name, new ones appended). */
export function appendSamples(base: Dataset | null, added: readonly NewSample[], sizePx: number, segmentation?: Dataset['segmentation']): Dataset {
  const keep = base && base.source === 'user' && base.sizePx === sizePx ? base : null;
  const classes = keep ? [...keep.classes] : [];
  const oldCount = keep ? keep.labels.length : 0;
  const n = sampleBytes(sizePx);
  const pixels = allocArena((oldCount + added.length) * n);
  const labels = new Int32Array(oldCount + added.length);
  if (keep) {
    pixels.set(keep.pixels.subarray(0, oldCount * n));
    labels.set(keep.labels);
  }
  added.forEach((sample, i) => {
    if (sample.pixels.length !== n) throw new Error(`${sample.name}: working copy has ${sample.pixels.length} bytes, expected ${n}`);
    let label = classes.indexOf(sample.className);
    if (label < 0) label = classes.push(sample.className) - 1;
    labels[oldCount + i] = label;
    pixels.set(sample.pixels, (oldCount + i) * n);
  });
  const out: Dataset = {
    source: 'user',
    sizePx,
    classes,
    names: [...(keep?.names ?? []), ...added.map((s) => s.name)],
    hashes: [...(keep?.hashes ?? []), ...added.map((s) => s.hash)],
    labels,
    pixels,
  };
  const masks = appendMasks(keep, added, sizePx);
  if (masks) {
    out.masks = masks;
    out.segmentation = mergeSegmentation(keep?.segmentation, segmentation);
  }
  return out;
}

/** Masks of the samples back to back when the dataset or the added samples have any; a sample without one is all ignored. */
function appendMasks(keep: Dataset | null, added: readonly NewSample[], sizePx: number): Uint8Array | undefined {
  if (!keep?.masks && !added.some((s) => s.mask)) return undefined;
  const m = sizePx * sizePx;
  const oldCount = keep ? keep.labels.length : 0;
  const masks = allocArena((oldCount + added.length) * m).fill(IGNORE_INDEX);
  if (keep?.masks) masks.set(keep.masks.subarray(0, oldCount * m));
  added.forEach((sample, i) => {
    if (!sample.mask) return;
    if (sample.mask.length !== m) throw new Error(`${sample.name}: mask has ${sample.mask.length} values, expected ${m}`);
    masks.set(sample.mask, (oldCount + i) * m);
  });
  return masks;
}

/** The classes of the dataset so far, extended by an import's (names by index; a colour fills a gap). */
function mergeSegmentation(base: Dataset['segmentation'], added: Dataset['segmentation']): NonNullable<Dataset['segmentation']> {
  const names = [...(base?.names ?? [])];
  const colours = [...(base?.colours ?? [])];
  added?.names.forEach((name, i) => {
    if (i >= names.length) {
      names.push(name);
      colours.push(added.colours[i] ?? null);
    } else if (colours[i] === null) colours[i] = added.colours[i] ?? null;
  });
  return { names, colours };
}

/** A tag mixed into the split's seed so it never shares a random stream with an epoch's shuffle. */
const SPLIT_STREAM = 0x53504c54;

/**
 * Stratified split: in every class, round(count * fraction) samples go to validation (at least one
 * when the class has two or more and the fraction is above zero, and never the whole class), chosen
 * by a shuffle seeded from (seed, class). The same labels, fraction and seed give the same split.
 */
export function stratifiedSplit(labels: Int32Array, numClasses: number, validationFraction: number, seed: number): Split {
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`validation fraction must be in [0, 1), got ${validationFraction}`);
  }
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const isValidation = new Uint8Array(labels.length);
  byClass.forEach((members, c) => {
    if (members.length < 2 || validationFraction === 0) return;
    const take = Math.min(members.length - 1, Math.max(1, Math.round(members.length * validationFraction)));
    const rng = new Rng(sampleSeed(seed, SPLIT_STREAM, c));
    shuffleInPlace(members, rng);
    for (let k = 0; k < take; k++) isValidation[members[k]!] = 1;
  });
  const train: number[] = [];
  const validation: number[] = [];
  isValidation.forEach((v, i) => (v ? validation : train).push(i));
  return { seed, validationFraction, train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

/** Fisher-Yates with the given RNG. */
export function shuffleInPlace<T extends number[] | Int32Array>(array: T, rng: Rng): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = array[i]!;
    array[i] = array[j]!;
    array[j] = t;
  }
  return array;
}
