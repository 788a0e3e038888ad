// Puts batchNormTrain (batchNorm.ts) under tfjs-layers' BatchNormalization in training mode, on the
// backends asked for. The layer class stays tfjs's own (its weights, config and saved form are
// unchanged); only its training-time `call` takes our path, for the case the presets use: channels
// last, centre and scale on. Anything else, and inference, is the stock call.

import type { Tensor } from '@tensorflow/tfjs-core';

import { batchNormTrain, ensureBatchNormKernels, movingAverage, type TfBatchNorm } from './batchNorm.js';

interface LayerVariableLike {
  read(): Tensor;
  write(value: Tensor): void;
}

/** The fields of tfjs-layers' BatchNormalization (4.22) the training call reads; private in its types. */
interface BatchNormLayerInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma?: LayerVariableLike;
  beta?: LayerVariableLike;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}

type CallFn = (this: BatchNormLayerInternals, inputs: Tensor | Tensor[], kwargs: Record<string, unknown>) => Tensor | Tensor[];
interface Patchable {
  call: CallFn;
}

let patched: { proto: Patchable; stock: CallFn; backends: Set<string> } | undefined;
/** Training calls served by ours since load: the tests and the bench check that ours really ran. */
let oursCalls = 0;

export function fusedBatchNormCalls(): number {
  return oursCalls;
}

function usesOurs(layer: BatchNormLayerInternals, input: Tensor): boolean {
  const rank = input.shape.length;
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + rank;
  return axis === rank - 1 && rank >= 2 && layer.center && layer.scale && layer.gamma != null && layer.beta != null && input.dtype === 'float32';
}

/**
 * Installs ours under BatchNormalization's training call on `backends` (idempotent; a second call
 * replaces the set of backends). Returns false where tfjs-layers is not part of `tf`.
 */
export function installFusedBatchNorm(tf: TfBatchNorm, backends: readonly string[]): boolean {
  if (typeof tf.layers?.batchNormalization !== 'function') return false;
  ensureBatchNormKernels(tf);
  if (patched) {
    patched.backends = new Set(backends);
    return true;
  }
  // The class is not exported by name; any instance's prototype is it.
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as Patchable;
  const stock = proto.call;
  const state = { proto, stock, backends: new Set(backends) };
  proto.call = function (this: BatchNormLayerInternals, inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const training = kwargs['training'] === true;
    if (!training || !input || (Array.isArray(inputs) && inputs.length !== 1) || !state.backends.has(tf.getBackend()) || !usesOurs(this, input)) {
      return stock.call(this, inputs, kwargs);
    }
    oursCalls++;
    return tf.tidy(() => {
      const { y, stats } = batchNormTrain(tf, input, this.gamma!.read(), this.beta!.read(), this.epsilon);
      const mean = movingAverage(tf, this.movingMean.read(), stats, 0, this.momentum);
      const variance = movingAverage(tf, this.movingVariance.read(), stats, 1, this.momentum);
      this.movingMean.write(mean);
      this.movingVariance.write(variance);
      stats.dispose();
      return y;
    });
  };
  patched = state;
  return true;
}

/** Puts the stock training call back. */
export function uninstallFusedBatchNorm(): void {
  if (!patched) return;
  patched.proto.call = patched.stock;
  patched = undefined;
}

/** Whether ours serves BatchNormalization's training call on `backendName` now. */
export function fusedBatchNormActive(backendName: string): boolean {
  return patched?.backends.has(backendName) ?? false;
}
