// The built-in sample: small synthetic pictures of coloured shapes on a noisy gradient, drawn from a
// seed with no DOM, so the same code makes the preview image, a whole toy dataset, and test fixtures.

export const SAMPLE_CLASSES = ['circle', 'square', 'triangle', 'star'] as const;
export type ShapeKind = (typeof SAMPLE_CLASSES)[number];

export type Rgb = readonly [r: number, g: number, b: number];

/** 8-bit RGB, HWC: what the pipeline takes as input (its ImageU8 with channels 3). */
export interface SampleImage {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
  /** Segmentation mask, one byte per pixel: 1 inside the shape, 0 outside (moved with the image by geometric steps). */
  mask?: Uint8Array;
}

/** Everything that decides a shape picture; the same parameters always give the same bytes. */
export interface ShapeParams {
  kind: ShapeKind;
  sizePx: number;
  /** Centre of the shape, as fractions of the image size. */
  centerX: number;
  centerY: number;
  /** Circumradius of the shape, as a fraction of the image size. */
  radius: number;
  rotationDegrees: number;
  colour: Rgb;
  /** Background: a linear gradient from `backgroundFrom` to `backgroundTo` along `gradientDegrees`. */
  backgroundFrom: Rgb;
  backgroundTo: Rgb;
  gradientDegrees: number;
  /** Uniform noise added to the background, in 8-bit levels either side of zero. */
  noiseLevels: number;
  noiseSeed: number;
}

export const DEFAULT_SAMPLE_SIZE_PX = 64;

/** Shapes stay between these fractions of the image size, so they are neither specks nor cropped. */
const MIN_RADIUS = 0.22;
const MAX_RADIUS = 0.36;
/** Inner radius of the star's points, as a fraction of its outer radius (a regular pentagram is ~0.38). */
const STAR_INNER_RATIO = 0.45;
const STAR_POINTS = 5;
const MAX_NOISE_LEVELS = 24;

/**
 * mulberry32: a tiny 32-bit seeded PRNG (Tommy Ettinger's public-domain generator), returning
 * floats in [0, 1). Local to the sample generator so that changing the pipeline's RNG never
 * changes the sample pictures.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(rng: () => number, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** HSL (hue in degrees, saturation and lightness in [0, 1]) to 8-bit RGB. */
function hsl(hueDegrees: number, saturation: number, lightness: number): Rgb {
  const h = (((hueDegrees % 360) + 360) % 360) / 60;
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] =
    h < 1 ? [chroma, x, 0] : h < 2 ? [x, chroma, 0] : h < 3 ? [0, chroma, x] : h < 4 ? [0, x, chroma] : h < 5 ? [x, 0, chroma] : [chroma, 0, x];
  const m = lightness - chroma / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/**
 * Draws the parameters of one picture of `kind`. The background is dark and muted and the shape
 * bright and saturated with a hue at least 90 degrees away, so the shape always stands out.
 */
export function drawShapeParams(kind: ShapeKind, rng: () => number, sizePx = DEFAULT_SAMPLE_SIZE_PX): ShapeParams {
  const radius = between(rng, MIN_RADIUS, MAX_RADIUS);
  const backgroundHue = between(rng, 0, 360);
  const shapeHue = backgroundHue + between(rng, 90, 270);
  return {
    kind,
    sizePx,
    centerX: between(rng, radius, 1 - radius),
    centerY: between(rng, radius, 1 - radius),
    radius,
    rotationDegrees: between(rng, 0, 360),
    colour: hsl(shapeHue, between(rng, 0.75, 0.95), between(rng, 0.55, 0.7)),
    backgroundFrom: hsl(backgroundHue, between(rng, 0.2, 0.4), between(rng, 0.1, 0.2)),
    backgroundTo: hsl(backgroundHue + between(rng, -40, 40), between(rng, 0.2, 0.4), between(rng, 0.2, 0.32)),
    gradientDegrees: between(rng, 0, 360),
    noiseLevels: Math.round(between(rng, 0, MAX_NOISE_LEVELS)),
    noiseSeed: Math.floor(rng() * 4294967296),
  };
}

type Point = readonly [x: number, y: number];

/** Vertices of the shape's outline in its own frame (unit circumradius), for the polygon shapes. */
function outline(kind: Exclude<ShapeKind, 'circle'>): Point[] {
  const regular = (n: number, startDegrees: number): Point[] =>
    Array.from({ length: n }, (_, i) => {
      const a = ((startDegrees + (360 * i) / n) * Math.PI) / 180;
      return [Math.cos(a), Math.sin(a)] as const;
    });
  switch (kind) {
    case 'square':
      return regular(4, 45);
    case 'triangle':
      return regular(3, -90);
    case 'star':
      return Array.from({ length: STAR_POINTS * 2 }, (_, i) => {
        const r = i % 2 === 0 ? 1 : STAR_INNER_RATIO;
        const a = -Math.PI / 2 + (Math.PI * i) / STAR_POINTS;
        return [r * Math.cos(a), r * Math.sin(a)] as const;
      });
  }
}

/** Even-odd ray casting. */
function insidePolygon(x: number, y: number, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Renders a picture from its parameters (pixel centres sampled once: no anti-aliasing). */
export function makeShapeImage(params: ShapeParams): SampleImage {
  const size = params.sizePx;
  if (!Number.isInteger(size) || size < 1) throw new Error(`sampleImage: sizePx must be a positive integer, got ${size}`);
  const data = new Uint8Array(size * size * 3);
  const mask = new Uint8Array(size * size);
  const noise = mulberry32(params.noiseSeed);
  const gradientRadians = (params.gradientDegrees * Math.PI) / 180;
  const gx = Math.cos(gradientRadians);
  const gy = Math.sin(gradientRadians);
  const rotation = (-params.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const radiusPx = params.radius * size;
  const polygon = params.kind === 'circle' ? null : outline(params.kind);

  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Shape test in the shape's own frame: centred, unrotated, unit circumradius.
      const dx = (x + 0.5 - params.centerX * size) / radiusPx;
      const dy = (y + 0.5 - params.centerY * size) / radiusPx;
      const u = dx * cos - dy * sin;
      const v = dx * sin + dy * cos;
      const inShape = polygon === null ? u * u + v * v <= 1 : insidePolygon(u, v, polygon);

      const o = (y * size + x) * 3;
      // Noise is drawn for every pixel, inside the shape or not, so the noise field does not
      // depend on where the shape is.
      const jitter = Math.round((noise() * 2 - 1) * params.noiseLevels);
      if (inShape) {
        mask[y * size + x] = 1;
        data[o] = params.colour[0];
        data[o + 1] = params.colour[1];
        data[o + 2] = params.colour[2];
        continue;
      }
      // Position along the gradient direction, 0..1 across the image's projection.
      const along = (((x + 0.5) / size - 0.5) * gx + ((y + 0.5) / size - 0.5) * gy) / (Math.abs(gx) + Math.abs(gy)) + 0.5;
      for (let c = 0; c < 3; c++) {
        const base = params.backgroundFrom[c]! + (params.backgroundTo[c]! - params.backgroundFrom[c]!) * along;
        data[o + c] = Math.min(255, Math.max(0, Math.round(base + jitter)));
      }
    }
  }
  return { width: size, height: size, channels: 3, data, mask };
}

/** The kind of shape `makeSampleImage(seed)` draws. */
export function sampleKind(seed: number): ShapeKind {
  return SAMPLE_CLASSES[Math.floor(mulberry32(seed)() * SAMPLE_CLASSES.length)]!;
}

/** One sample picture: a shape of a kind chosen by the seed, everything else drawn from it too. */
export function makeSampleImage(seed: number, sizePx = DEFAULT_SAMPLE_SIZE_PX): SampleImage {
  const rng = mulberry32(seed);
  const kind = SAMPLE_CLASSES[Math.floor(rng() * SAMPLE_CLASSES.length)]!;
  return makeShapeImage(drawShapeParams(kind, rng, sizePx));
}
