// Image containers used inside the pipeline. Images are HWC (interleaved channels).

/** What callers hand in: 8-bit pixels, HWC. Channels 1 (grey), 3 (RGB) or 4 (RGBA, alpha is dropped). */
export interface ImageU8 {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The working image between steps. It stays 8-bit (Uint8ClampedArray, which rounds and clamps on
 * write, like OpenCV's saturate_cast) until a step produces values that are not pixels
 * (noise, rescale, normalise); from then on it is float32.
 */
export interface WorkImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8ClampedArray | Float32Array;
}

export interface Shape {
  width: number;
  height: number;
  channels: number;
}

export const MAX_CHANNELS = 4;

/** Luma weights of ITU-R BT.601, as torchvision's rgb_to_grayscale and PIL's convert('L') use. */
export const LUMA_R = 0.299;
export const LUMA_G = 0.587;
export const LUMA_B = 0.114;

export function shapeOf(img: Shape): Shape {
  return { width: img.width, height: img.height, channels: img.channels };
}

export function isFloat(img: WorkImage): img is WorkImage & { data: Float32Array } {
  return img.data instanceof Float32Array;
}

/**
 * Buffers of intermediate images that the executor is done with (run.ts applyPlan gives them back),
 * by length, a few of each: at 224 px a fresh buffer per step cost more (allocation, zeroing and
 * garbage collection) than a per-value step's pass. Taken buffers are zeroed, as fresh ones are.
 */
const POOLED_PER_LENGTH = 4;
const bytePool = new Map<number, Uint8ClampedArray[]>();
const floatPool = new Map<number, Float32Array[]>();

/** A zeroed 8-bit buffer of n values (a recycled one when there is one). */
export function newBytes(n: number): Uint8ClampedArray {
  const b = bytePool.get(n)?.pop();
  return b ? b.fill(0) : new Uint8ClampedArray(n);
}

/** A zeroed float32 buffer of n values (a recycled one when there is one). */
export function newFloats(n: number): Float32Array {
  const b = floatPool.get(n)?.pop();
  return b ? b.fill(0) : new Float32Array(n);
}

/** Gives back the buffer of an image nothing refers to any more (whole buffers only, never views). */
export function recycle(data: Uint8ClampedArray | Float32Array): void {
  if (data.byteOffset !== 0 || data.byteLength !== data.buffer.byteLength) return;
  const pool: Map<number, (Uint8ClampedArray | Float32Array)[]> = data instanceof Float32Array ? floatPool : bytePool;
  let list = pool.get(data.length);
  if (!list) pool.set(data.length, (list = []));
  if (list.length < POOLED_PER_LENGTH && !list.includes(data)) list.push(data);
}

/** Same type of storage as `like`, new size. */
export function allocLike(like: WorkImage, width: number, height: number, channels: number): WorkImage {
  const n = width * height * channels;
  return {
    width,
    height,
    channels,
    data: like.data instanceof Float32Array ? newFloats(n) : newBytes(n),
  };
}

export function toFloat(img: WorkImage): WorkImage & { data: Float32Array } {
  if (img.data instanceof Float32Array) return img as WorkImage & { data: Float32Array };
  return { width: img.width, height: img.height, channels: img.channels, data: Float32Array.from(img.data) };
}

/**
 * Validates a caller's image and turns it into a working image. Grey and RGB pixels are viewed, not
 * copied: no step writes its input (every kernel writes a new image), so the caller's pixels are
 * never written (tested in run.test.ts).
 */
export function fromInput(image: ImageU8): WorkImage {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`image: width and height must be positive integers, got ${width}x${height}`);
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(`image: channels must be 1, 3 or 4, got ${channels}`);
  }
  if (data.length !== width * height * channels) {
    throw new Error(`image: data has ${data.length} values, expected ${width}x${height}x${channels} = ${width * height * channels}`);
  }
  if (channels !== 4) return { width, height, channels, data: data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
  const n = width * height;
  const rgb = new Uint8ClampedArray(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    rgb[i * 3] = data[j]!;
    rgb[i * 3 + 1] = data[j + 1]!;
    rgb[i * 3 + 2] = data[j + 2]!;
  }
  return { width, height, channels: 3, data: rgb };
}
