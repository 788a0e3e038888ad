// The built-in time-series sample: 3-axis "gestures" (circle, shake, swipe, tap), generated from a
// seed so every machine gets the same set. Each series has its own speed, size, phase, tilt and
// sensor noise, so a model has something to learn and augmentations something to vary.

import { Rng } from '../../pipeline/rng.js';
import { normal } from '../../pipeline/series/series.js';
import type { RawSeries } from './parse.js';

export const GESTURE_CLASSES = ['circle', 'shake', 'swipe', 'tap'] as const;
export const SAMPLE_SERIES_LENGTH = 128;
export const SAMPLE_SERIES_CHANNELS = 3;
export const SAMPLE_SERIES_PER_CLASS = 75;
export const SAMPLE_SERIES_SEED = 12;

/** Sensor noise (standard deviation, in g), about a phone accelerometer's at rest. */
const SENSOR_NOISE = 0.05;

function gesture(kind: (typeof GESTURE_CLASSES)[number], rng: Rng, length: number): Float64Array {
  const out = new Float64Array(length * SAMPLE_SERIES_CHANNELS);
  const speed = rng.uniform(0.7, 1.4);
  const size = rng.uniform(0.6, 1.5);
  const phase = rng.uniform(0, 2 * Math.PI);
  const centre = rng.uniform(0.3, 0.7);
  const tilt = rng.uniform(-0.3, 0.3);
  for (let t = 0; t < length; t++) {
    const u = t / (length - 1);
    let x = 0;
    let y = 0;
    let z = 1; // gravity on z
    if (kind === 'circle') {
      x = size * Math.cos(2 * Math.PI * 2 * speed * u + phase);
      y = size * Math.sin(2 * Math.PI * 2 * speed * u + phase);
    } else if (kind === 'shake') {
      x = size * Math.sin(2 * Math.PI * 9 * speed * u + phase);
    } else if (kind === 'swipe') {
      const d = (u - centre) / (0.08 * speed);
      x = size * 2 * d * Math.exp(-d * d);
      y = 0.3 * size * Math.exp(-d * d);
    } else {
      const d = (u - centre) / (0.015 * speed);
      z += size * 2 * Math.exp(-d * d);
    }
    const o = t * SAMPLE_SERIES_CHANNELS;
    out[o] = x + tilt * z + SENSOR_NOISE * normal(rng);
    out[o + 1] = y + SENSOR_NOISE * normal(rng);
    out[o + 2] = z - tilt * x + SENSOR_NOISE * normal(rng);
  }
  return out;
}

/** The sample set: `perClass` series of each gesture, interleaved by class, from `seed`. */
export function generateGestures(seed = SAMPLE_SERIES_SEED, perClass = SAMPLE_SERIES_PER_CLASS, length = SAMPLE_SERIES_LENGTH): RawSeries[] {
  const rng = new Rng(seed);
  const out: RawSeries[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const kind of GESTURE_CLASSES) {
      out.push({ name: `${kind}/${String(i + 1).padStart(3, '0')}`, className: kind, length, channels: SAMPLE_SERIES_CHANNELS, values: gesture(kind, rng, length) });
    }
  }
  return out;
}
