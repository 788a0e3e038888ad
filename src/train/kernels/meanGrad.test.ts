// Our Mean and Sum gradients (no CPU-filled ones tensor) give tfjs's values, for any shape and axes.
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { installMeanGradient, restoreMeanGradient } from './meanGrad.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => restoreMeanGradient(tf));

/** A shape of rank 1-4 and a non-empty set of its axes. */
const shapeAndAxes = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.uniqueArray(fc.integer({ min: 0, max: shape.length - 1 }), { minLength: 1, maxLength: shape.length })));

describe('Mean and Sum gradients', () => {
  it('equal tfjs stock gradients for every shape and axis set', () => {
    fc.assert(
      fc.property(shapeAndAxes, fc.constantFrom('mean', 'sum'), fc.integer({ min: 0, max: 1000 }), ([shape, axes], op, seed) => {
        const x = tf.randomNormal(shape, 0, 1, 'float32', seed);
        const w = tf.randomNormal(op === 'mean' ? tf.mean(x, axes).shape : tf.sum(x, axes).shape, 0, 1, 'float32', seed + 1);
        const f = (xi: tf.Tensor) => tf.sum(tf.mul(op === 'mean' ? tf.mean(xi, axes) : tf.sum(xi, axes), w));
        restoreMeanGradient(tf);
        const stock = tf.grad(f)(x).dataSync();
        installMeanGradient(tf);
        const ours = tf.grad(f)(x);
        expect(ours.shape).toEqual(shape);
        expect(Array.from(ours.dataSync())).toEqual(Array.from(stock));
        tf.dispose([x, w, ours]);
      }),
      { numRuns: 300 },
    );
  });
});
