// tfjs-layers' Conv2D runs every 2-D convolution through tf.fused.conv2d, whose gradient (a
// customGrad) computes the input gradient, the filter gradient and the bias gradient every time,
// also where the input needs none: the first convolution of a model, whose input is the batch. At
// 64 px, batch 256 that unused Conv2DBackpropInput (32 channels back to 3, a matmul tile mostly
// idle) was about a third of the small CNN's largest kernel on an H200 (bench/gpu/README.md).
//
// Here the layer's call runs the FusedConv2D kernel itself, and the kernel's gradient is
// registered by name with one closure per input, as tfjs's own kernels are: the tape calls only
// the closures of inputs that lead back to what is differentiated, so the first layer's input
// gradient is never computed. Same kernels, same arithmetic for everything that is computed.
// Installed on the backends asked for (the trainer: WebGPU); elsewhere the stock call runs.

import type * as tfCore from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, NamedTensorMap, Tensor, Tensor4D } from '@tensorflow/tfjs-core';

import { RELU_GRAD_KERNEL } from './reluGrad.js';
import { flipFilter } from './webgpuFlipFilter.js';

export const FUSED_CONV2D = 'FusedConv2D';
const CONV2D_BACKPROP_INPUT = 'Conv2DBackpropInput';
const CONV2D_BACKPROP_FILTER = 'Conv2DBackpropFilter';

export type TfConvLayer = Pick<
  typeof tfCore,
  'engine' | 'getGradient' | 'registerGradient' | 'getBackend' | 'getKernel' | 'registerKernel' | 'tidy' | 'sum' | 'mul' | 'cast' | 'step' | 'conv2d' | 'backend_util' | 'reverse' | 'transpose'
> & {
  layers: { conv2d(args: { filters: number; kernelSize: number }): unknown };
};

interface LayerVariableLike {
  read(): Tensor;
}

/** The fields of tfjs-layers' Conv (4.22) its call reads; not in its public types. */
interface ConvLayerInternals {
  rank: number;
  kernel: LayerVariableLike | null;
  bias: LayerVariableLike | null;
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number | number[];
  activation: { getClassName(): string };
  getClassName(): string;
}

type CallFn = (this: ConvLayerInternals, inputs: Tensor | Tensor[], kwargs: Record<string, unknown>) => Tensor | Tensor[];
interface Patchable {
  call: CallFn;
}

/** The attributes our call passes to FusedConv2D, as tf.fused.conv2d passes them. */
interface FusedConvAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  dataFormat: 'NHWC';
  dilations: [number, number];
  activation: 'linear' | 'relu';
}

let patched: { proto: Patchable; stock: CallFn; backends: Set<string> } | undefined;
let gradientRegistered = false;
let oursCalls = 0;
let inputGradients = 0;

/** Calls served by ours since load, and input gradients computed: the tests and the bench read them. */
export function convLayerCounts(): { calls: number; inputGradients: number; forwardInputGradients: number } {
  return { calls: oursCalls, inputGradients, forwardInputGradients };
}

function activationOf(layer: ConvLayerInternals): 'linear' | 'relu' | undefined {
  const name = layer.activation.getClassName();
  return name === 'linear' || name === 'relu' ? name : undefined;
}

function usesOurs(layer: ConvLayerInternals, input: Tensor): boolean {
  const dilations = Array.isArray(layer.dilationRate) ? layer.dilationRate : [layer.dilationRate];
  return (
    layer.getClassName() === 'Conv2D' &&
    layer.rank === 2 &&
    layer.kernel != null &&
    layer.dataFormat === 'channelsLast' &&
    (layer.padding === 'same' || layer.padding === 'valid') &&
    dilations.every((d) => d === 1) &&
    activationOf(layer) !== undefined &&
    input.rank === 4 &&
    input.dtype === 'float32'
  );
}

/**
 * How the input gradient is computed where it is needed. tfjs-webgpu's Conv2DBackpropInput (a
 * matmul whose every A read does float division and fract for the stride) ran at ~1/3 the speed of
 * its forward convolution of the same size on an H200 (1.6 ms vs 0.6 ms, 256x32x32x64 -> 32). At
 * stride 1 the input gradient is the forward convolution of dy with the filter turned 180 degrees
 * and its in/out channels swapped (one small program, webgpuFlipFilter.ts), padded by f - 1 - pad.
 * 'auto' takes that way on WebGPU where dy has at least FORWARD_MIN_ELEMENTS values: the slow
 * cases measured (256x32x32x64, 256x16x16x128). Below, the stock kernel took ~0.15 ms and the
 * extra dispatch cost more CPU than the GPU time saved (32 px, batch 256: those steps are CPU-bound).
 */
export type InputGradPath = 'auto' | 'forward' | 'stock';
const FORWARD_MIN_ELEMENTS = 1 << 23;
let inputGradPath: InputGradPath = 'auto';
let forwardInputGradients = 0;

/** For the bench and the kernel e2e: force one way of computing the input gradient. */
export function setConvInputGradPath(path: InputGradPath): void {
  inputGradPath = path;
}

function forwardApplies(tf: TfConvLayer, dy: Tensor4D, filter: Tensor4D, strides: [number, number]): boolean {
  if (inputGradPath === 'stock' || strides[0] !== 1 || strides[1] !== 1) return false;
  // 'forward' on any backend (the CPU tests check the arithmetic); 'auto' where it was measured.
  if (inputGradPath === 'forward') return true;
  // WebGPU's fast (vec4) forward program needs both channel counts in fours.
  return tf.getBackend() === 'webgpu' && filter.shape[2] % 4 === 0 && filter.shape[3] % 4 === 0 && dy.size >= FORWARD_MIN_ELEMENTS;
}

/** dL/dx at stride 1 as a forward convolution of dy (see InputGradPath). */
function inputGradByForward(tf: TfConvLayer, x: Tensor4D, dy: Tensor4D, filter: Tensor4D, pad: 'same' | 'valid'): Tensor4D {
  forwardInputGradients++;
  const info = tf.backend_util.computeConv2DInfo(x.shape, filter.shape, 1, 1, pad);
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const { top, bottom, left, right } = info.padInfo;
  const flipped = flipFilter(tf, filter);
  const pads: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [fh - 1 - top, fh - 1 - bottom],
    [fw - 1 - left, fw - 1 - right],
    [0, 0],
  ];
  return tf.conv2d(dy, flipped, 1, pads);
}

/** FusedConv2D's gradient, one closure per input (x, filter, bias when there is one). */
function fusedConvGradient(tf: TfConvLayer): GradConfig {
  return {
    kernelName: FUSED_CONV2D,
    // The output for ReLU's gradient. The bias is not needed: the layer's is 1-D, one per filter.
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const { strides, pad, activation } = attrs as unknown as FusedConvAttrs;
      const [x, filter, y] = saved as [Tensor4D, Tensor4D, Tensor4D];
      const dyTensor = dy as Tensor4D;
      // Computed once, used by each closure the tape calls (it disposes the lot after backprop).
      let dyAct: Tensor4D = dyTensor;
      if (activation === 'relu') {
        dyAct = (
          tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend())
            ? tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: dyTensor, x: y })
            : tf.mul(dyTensor, tf.cast(tf.step(y), 'float32'))
        ) as Tensor4D;
      }
      const grads: Record<string, () => Tensor> = {
        x: () => {
          inputGradients++;
          if (forwardApplies(tf, dyAct, filter, strides)) return inputGradByForward(tf, x, dyAct, filter, pad);
          return tf.engine().runKernel(CONV2D_BACKPROP_INPUT, { dy: dyAct, filter }, { inputShape: x.shape, strides, pad, dataFormat: 'NHWC' }) as Tensor;
        },
        filter: () => tf.engine().runKernel(CONV2D_BACKPROP_FILTER, { x, dy: dyAct }, { filterShape: filter.shape, strides, pad, dataFormat: 'NHWC' }) as Tensor,
      };
      // Asked for only where the call passed a bias (the tape walks the node's inputs).
      grads['bias'] = () => tf.sum(dyAct, [0, 1, 2]);
      return grads;
    },
  };
}

/**
 * Installs ours under Conv2D's call on `backends` (idempotent; a second call replaces the set).
 * Returns false where tfjs-layers is not part of `tf`.
 */
export function installConvLayer(tf: TfConvLayer, backends: readonly string[]): boolean {
  if (typeof tf.layers?.conv2d !== 'function') return false;
  // tfjs 4.22 registers no gradient for FusedConv2D (tf.fused.conv2d brings its own customGrad,
  // which records the kernel untaped), so this one serves only the kernel run below.
  if (!gradientRegistered) {
    tf.registerGradient(fusedConvGradient(tf));
    gradientRegistered = true;
  }
  if (patched) {
    patched.backends = new Set(backends);
    return true;
  }
  // Conv2D is not exported by name; any instance's prototype is it (its call is Conv's, inherited).
  const proto = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })) as Patchable;
  const stock = proto.call;
  const state = { proto, stock, backends: new Set(backends) };
  proto.call = function (this: ConvLayerInternals, inputs, kwargs) {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!input || (Array.isArray(inputs) && inputs.length !== 1) || !state.backends.has(tf.getBackend()) || !usesOurs(this, input)) {
      return stock.call(this, inputs, kwargs);
    }
    oursCalls++;
    const attrs: FusedConvAttrs = {
      strides: [this.strides[0]!, this.strides[1]!],
      pad: this.padding === 'same' ? 'same' : 'valid',
      dataFormat: 'NHWC',
      dilations: [1, 1],
      activation: activationOf(this)!,
    };
    const kernel = this.kernel!.read();
    const bias = this.bias?.read();
    // Only inputs that exist: the tape walks every entry of the map.
    const kernelInputs: NamedTensorMap = bias ? { x: input, filter: kernel, bias } : { x: input, filter: kernel };
    return tf.engine().runKernel(FUSED_CONV2D, kernelInputs, attrs as unknown as NamedAttrMap) as Tensor;
  };
  patched = state;
  return true;
}

/** Puts the stock call back (the registered gradient stays: only our call runs the kernel taped). */
export function uninstallConvLayer(): void {
  if (!patched) return;
  patched.proto.call = patched.stock;
  patched = undefined;
}

/** Whether ours serves Conv2D's call on `backendName` now. */
export function convLayerActive(backendName: string): boolean {
  return patched?.backends.has(backendName) ?? false;
}
