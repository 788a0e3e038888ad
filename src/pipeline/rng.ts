// Seeded random numbers. Every random choice in the pipeline comes from an Rng built from
// (pipeline seed, epoch, sample index, step index), so a sample's output never depends on
// which worker ran it, how many ran, or in what order.

/** Murmur3's 32-bit finaliser: a cheap, well-mixed hash of one integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of integers into one uint32 (order matters). */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = fmix32((h ^ (v >>> 0)) + 0x7f4a7c15);
  }
  return h;
}

/** The seed of sample `index` in `epoch`: depends on these three numbers only. */
export function sampleSeed(seed: number, epoch: number, index: number): number {
  return hashInts(seed, epoch, index);
}

/** The seed of one step's random stream inside one sample. */
export function stepSeed(sampleSeedValue: number, stepIndex: number): number {
  return hashInts(sampleSeedValue, 0x5354455, stepIndex);
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes
 * PractRand to 2^40 bytes, and is a handful of integer ops per draw.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // Warm-up, as recommended for sfc32 seeded from a single word.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /**
   * Writes the next `count` draws of nextUint32() into `out`, in order, as int32 bits (`>>> 0`
   * gives the uint32; `>>> k` the same top bits). The same stream with the state kept in locals,
   * and int32 storage keeps the consumer's arithmetic in small integers: per-value loops (noise)
   * run several times faster than with a call per draw.
   */
  fillInt32(out: Int32Array, count = out.length): void {
    // `| 0` keeps the locals int32 (the fields may hold doubles such as 0x9e3779b9).
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[i] = t;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** The generator's state (a, b, c, d) as int32, for kernels that continue the stream elsewhere. */
  state(): [number, number, number, number] {
    return [this.a | 0, this.b | 0, this.c | 0, this.d | 0];
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max]; returns min when min === max without consuming a draw. */
  uniform(min: number, max: number): number {
    if (min === max) return min;
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (min === max) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }
}

/** log-uniform in [min, max] (both > 0): the right draw for scale factors. */
export function logUniform(rng: Rng, min: number, max: number): number {
  if (min === max) return min;
  return Math.exp(rng.uniform(Math.log(min), Math.log(max)));
}

const NORMAL_TABLE_BITS = 16;
const NORMAL_TABLE_SIZE = 1 << NORMAL_TABLE_BITS;
let normalTable: Float32Array | undefined;

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error
 * below 1.15e-9 over (0, 1)).
 */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * 65,536 standard-normal quantiles at the midpoints (i + 0.5) / N. Indexing it with uniform
 * 16-bit integers draws from a discrete distribution whose quantiles match N(0, 1) (tails cut
 * at about ±4.3 sigma): for per-pixel noise this is indistinguishable from Box-Muller and
 * several times faster, which is how per-pixel Gaussian noise stays cheap.
 */
export function getNormalTable(): Float32Array {
  if (!normalTable) {
    normalTable = new Float32Array(NORMAL_TABLE_SIZE);
    for (let i = 0; i < NORMAL_TABLE_SIZE; i++) {
      normalTable[i] = normalQuantile((i + 0.5) / NORMAL_TABLE_SIZE);
    }
  }
  return normalTable;
}
