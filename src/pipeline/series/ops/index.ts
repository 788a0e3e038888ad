// The explicit list of series ops, in the order the editor shows them.

import type { AnySeriesOp } from '../op.js';
import { channelRotation } from './channelRotation.js';
import { cropOrPad } from './cropOrPad.js';
import { drift } from './drift.js';
import { dropout } from './dropout.js';
import { jitter } from './jitter.js';
import { magnitudeWarp } from './magnitudeWarp.js';
import { minMax } from './minMax.js';
import { permutation } from './permutation.js';
import { randomNoiseDistortion } from './randomNoiseDistortion.js';
import { resample } from './resample.js';
import { reverse } from './reverse.js';
import { scaling } from './scaling.js';
import { smooth } from './smooth.js';
import { standardize } from './standardize.js';
import { timeWarp } from './timeWarp.js';
import { windowSlice } from './windowSlice.js';
import { windowWarp } from './windowWarp.js';

export const SERIES_OPS = [
  resample,
  cropOrPad,
  standardize,
  minMax,
  jitter,
  scaling,
  randomNoiseDistortion,
  magnitudeWarp,
  timeWarp,
  windowSlice,
  windowWarp,
  permutation,
  drift,
  dropout,
  reverse,
  channelRotation,
  smooth,
] as unknown as readonly AnySeriesOp[];
