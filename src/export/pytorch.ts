// The PyTorch bundle of a model export (the zip's pytorch/ folder): the layer list of the tfjs model
// as data (model_config.json, read by model.py), its weights in PyTorch's layouts (conv kernels
// HWIO -> OIHW, dense kernels transposed, batch-norm statistics and epsilon), the pipeline, the
// Python pipeline module, predict.py and train.py. Image models and series models (the 1-D CNN's
// 1 x k convolutions, metadata modality "series") alike. Pure: bytes in, files out.
import type { Pipeline } from '../pipeline/index.js';

/** One weight as tfjs saves it (the model.json weights manifest). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export interface PytorchInput {
  /** model.json's modelTopology (a tfjs/Keras Sequential). */
  modelTopology: unknown;
  weightSpecs: readonly WeightSpec[];
  weightData: ArrayBuffer | Uint8Array;
  pipeline: Pipeline;
  classes: readonly string[];
  /** metadata.json of the export (preset, sampleShape, layout, inputSize, settings...). */
  metadata: Record<string, unknown>;
  /** Python sources by path relative to python/: augplay/*.py and export/*.py (model.py, predict.py, train.py). */
  python: Readonly<Record<string, string>>;
}

/** A layer of model_config.json: what model.py builds. */
export type TorchLayer =
  | { name: string; type: 'permute'; dims: number[] }
  | { name: string; type: 'flatten' }
  | { name: string; type: 'dense'; inFeatures: number; units: number; bias: boolean; activation: string }
  | {
      name: string;
      type: 'conv2d';
      inChannels: number;
      filters: number;
      kernel: [number, number];
      stride: [number, number];
      /** Symmetric padding (rows, columns) that Conv2d applies. */
      padding: [number, number];
      /** Asymmetric "same" padding as F.pad takes it (left, right, top, bottom), applied before a conv with padding 0. */
      pad?: [number, number, number, number];
      dilation: [number, number];
      bias: boolean;
      activation: string;
    }
  | { name: string; type: 'batchnorm'; features: number; epsilon: number; momentum: number; center: boolean; scale: boolean }
  | { name: string; type: 'activation'; activation: string }
  | { name: string; type: 'maxpool2d' | 'avgpool2d'; kernel: [number, number]; stride: [number, number] }
  | { name: string; type: 'globalavgpool2d' | 'globalmaxpool2d' }
  | { name: string; type: 'dropout'; rate: number };

export interface PytorchBundle {
  /** Paths inside the zip (under pytorch/) and their contents. */
  files: Record<string, Uint8Array>;
  /** Why the model could not be converted (empty when it was): the rest is still written. */
  problems: string[];
}

const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'swish', 'gelu']);

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
}

class Unconvertible extends Error {}

function pair(value: unknown, what: string): [number, number] {
  const v = Array.isArray(value) ? value : [value, value];
  if (v.length !== 2 || !v.every((n) => Number.isInteger(n))) throw new Unconvertible(`${what}: expected two integers, got ${JSON.stringify(value)}`);
  return [v[0] as number, v[1] as number];
}

function activation(config: Record<string, unknown>, layer: string): string {
  const name = (config.activation as string | undefined) ?? 'linear';
  if (!ACTIVATIONS.has(name)) throw new Unconvertible(`layer ${layer}: activation "${name}" has no PyTorch mapping yet`);
  return name;
}

function layersOf(topology: unknown): KerasLayer[] {
  const top = topology as { class_name?: string; config?: { layers?: unknown } | unknown[] } | null;
  const layers = Array.isArray(top?.config) ? top?.config : (top?.config as { layers?: unknown } | undefined)?.layers;
  if (top?.class_name !== 'Sequential' || !Array.isArray(layers)) throw new Unconvertible('model.json: only Sequential models convert (modelTopology.class_name "Sequential" with a layer list)');
  return layers as KerasLayer[];
}

/**
 * The tfjs layer list as PyTorch layers, following the shape (Keras' NHWC) from the input so that
 * every layer knows its input size. Throws Unconvertible naming the first layer with no mapping.
 */
export function torchLayers(topology: unknown, sampleShape: readonly number[]): TorchLayer[] {
  // The shape of one sample as Keras sees it (channels last after any permute).
  let shape = [...sampleShape];
  const out: TorchLayer[] = [];
  for (const layer of layersOf(topology)) {
    const c = layer.config;
    const name = String(c.name);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Unconvertible(`layer name ${JSON.stringify(name)} is not a Python identifier`);
    switch (layer.class_name) {
      case 'InputLayer':
        break;
      case 'Permute': {
        const dims = c.dims as number[];
        out.push({ name, type: 'permute', dims });
        shape = dims.map((d) => shape[d - 1]!);
        break;
      }
      case 'Flatten':
        out.push({ name, type: 'flatten' });
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'Dense': {
        const units = c.units as number;
        out.push({ name, type: 'dense', inFeatures: shape.at(-1)!, units, bias: c.use_bias !== false, activation: activation(c, name) });
        shape = [...shape.slice(0, -1), units];
        break;
      }
      case 'Conv2D': {
        if (c.data_format && c.data_format !== 'channels_last') throw new Unconvertible(`layer ${name}: data_format ${String(c.data_format)} has no mapping yet`);
        const kernel = pair(c.kernel_size, `layer ${name} kernel_size`);
        const stride = pair(c.strides ?? 1, `layer ${name} strides`);
        const dilation = pair(c.dilation_rate ?? 1, `layer ${name} dilation_rate`);
        let padding: [number, number] = [0, 0];
        let pad: [number, number, number, number] | undefined;
        if (c.padding === 'same') {
          const [top, bottom] = samePadding(shape[0]!, kernel[0], stride[0], dilation[0]);
          const [left, right] = samePadding(shape[1]!, kernel[1], stride[1], dilation[1]);
          // Even kernels (the 1-D CNN's 8) pad one more after than before, which Conv2d's symmetric padding cannot say.
          if (top === bottom && left === right) padding = [top, left];
          else pad = [left, right, top, bottom];
        } else if (c.padding !== 'valid') throw new Unconvertible(`layer ${name}: padding ${String(c.padding)} has no mapping yet`);
        const filters = c.filters as number;
        out.push({ name, type: 'conv2d', inChannels: shape[2]!, filters, kernel, stride, padding, ...(pad ? { pad } : {}), dilation, bias: c.use_bias !== false, activation: activation(c, name) });
        const size = (n: number, k: number, s: number, before: number, after: number, d: number) => Math.floor((n + before + after - d * (k - 1) - 1) / s) + 1;
        const [t, b, l, r] = pad ? [pad[2], pad[3], pad[0], pad[1]] : [padding[0], padding[0], padding[1], padding[1]];
        shape = [size(shape[0]!, kernel[0], stride[0], t, b, dilation[0]), size(shape[1]!, kernel[1], stride[1], l, r, dilation[1]), filters];
        break;
      }
      case 'BatchNormalization': {
        const axis = c.axis as number | number[];
        const ax = Array.isArray(axis) ? axis : [axis];
        if (ax.length !== 1 || (ax[0] !== -1 && ax[0] !== shape.length)) throw new Unconvertible(`layer ${name}: batch norm over axis ${JSON.stringify(axis)} has no mapping (only the channel axis)`);
        // Keras: moving = moving * momentum + batch * (1 - momentum); PyTorch's momentum is the other weight.
        out.push({ name, type: 'batchnorm', features: shape.at(-1)!, epsilon: (c.epsilon as number) ?? 1e-3, momentum: 1 - ((c.momentum as number) ?? 0.99), center: c.center !== false, scale: c.scale !== false });
        break;
      }
      case 'Activation':
        out.push({ name, type: 'activation', activation: activation(c, name) });
        break;
      case 'Dropout':
        out.push({ name, type: 'dropout', rate: c.rate as number });
        break;
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        if (c.padding !== 'valid') throw new Unconvertible(`layer ${name}: pooling with padding ${String(c.padding)} has no mapping yet`);
        const kernel = pair(c.pool_size, `layer ${name} pool_size`);
        const stride = pair(c.strides ?? c.pool_size, `layer ${name} strides`);
        out.push({ name, type: layer.class_name === 'MaxPooling2D' ? 'maxpool2d' : 'avgpool2d', kernel, stride });
        shape = [Math.floor((shape[0]! - kernel[0]) / stride[0]) + 1, Math.floor((shape[1]! - kernel[1]) / stride[1]) + 1, shape[2]!];
        break;
      }
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D':
        out.push({ name, type: layer.class_name === 'GlobalAveragePooling2D' ? 'globalavgpool2d' : 'globalmaxpool2d' });
        shape = [shape[2]!];
        break;
      default:
        throw new Unconvertible(`layer ${name}: ${layer.class_name} has no PyTorch mapping yet`);
    }
  }
  return out;
}

/**
 * TensorFlow's "same" padding of one axis (before, after): the output has ceil(n / stride) steps and
 * the odd one out of the total padding goes after (tf.nn.conv2d, tfjs computeConv2DInfo).
 */
export function samePadding(n: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(n / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** tfjs weight name ("conv1/kernel", maybe with a model prefix) to its layer and variable. */
function splitName(name: string): [string, string] {
  const parts = name.split('/');
  return [parts.at(-2) ?? '', parts.at(-1) ?? ''];
}

/** PyTorch parameter name and layout change for each tfjs variable of a layer type. */
function torchParam(layer: TorchLayer, variable: string): { param: string; transpose: number[] | null } | null {
  const v = variable.replace(/_\d+$/, '');
  if (layer.type === 'conv2d') return v === 'kernel' ? { param: 'weight', transpose: [3, 2, 0, 1] } : v === 'bias' ? { param: 'bias', transpose: null } : null;
  if (layer.type === 'dense') return v === 'kernel' ? { param: 'weight', transpose: [1, 0] } : v === 'bias' ? { param: 'bias', transpose: null } : null;
  if (layer.type === 'batchnorm') {
    const names: Record<string, string> = { gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' };
    return names[v] ? { param: names[v]!, transpose: null } : null;
  }
  return null;
}

/** Copies `src` (row-major, `shape`) into a new array with its axes in the order `perm`. */
export function transposeAxes(src: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(src.length);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let s = 0;
    for (let k = 0; k < idx.length; k++) s += idx[k]! * strides[perm[k]!]!;
    out[o] = src[s]!;
    for (let k = idx.length - 1; k >= 0; k--) {
      if (++idx[k]! < outShape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

const text = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => text(`${JSON.stringify(v, null, 2)}\n`);

/** The converted weights: one float32 file and its index (PyTorch names, shapes, offsets in values). */
function convertWeights(layers: TorchLayer[], specs: readonly WeightSpec[], data: Uint8Array): { bin: Uint8Array; index: { name: string; shape: number[]; offset: number }[] } {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const parts: Float32Array[] = [];
  const index: { name: string; shape: number[]; offset: number }[] = [];
  let byteOffset = 0;
  let valueOffset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32') throw new Unconvertible(`weight ${spec.name}: dtype ${spec.dtype} has no mapping (float32 only)`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (byteOffset + n * 4 > data.byteLength) throw new Unconvertible(`weights.bin is shorter than its manifest (at ${spec.name})`);
    const values = new Float32Array(data.slice(byteOffset, byteOffset + n * 4).buffer);
    byteOffset += n * 4;
    const [layerName, variable] = splitName(spec.name);
    const layer = byName.get(layerName);
    const mapping = layer ? torchParam(layer, variable) : null;
    if (!layer || !mapping) throw new Unconvertible(`weight ${spec.name}: no PyTorch parameter for it`);
    const converted = mapping.transpose ? transposeAxes(values, spec.shape, mapping.transpose) : values;
    const shape = mapping.transpose ? mapping.transpose.map((p) => spec.shape[p]!) : [...spec.shape];
    parts.push(converted);
    index.push({ name: `layers.${layer.name}.${mapping.param}`, shape, offset: valueOffset });
    valueOffset += n;
  }
  const bin = new Float32Array(valueOffset);
  let at = 0;
  for (const p of parts) {
    bin.set(p, at);
    at += p.length;
  }
  return { bin: new Uint8Array(bin.buffer), index };
}

const README = (problems: string[], series: boolean) => `# The model in PyTorch

Made by augplay's "Export model". Needs Python 3, NumPy and PyTorch (Debian: apt-get install python3-numpy python3-torch).

${
  series
    ? `    python predict.py path/to/series.csv         # or a folder: top classes per series (rows = time steps, columns = channels)
    python train.py --data DIR --epochs 5        # DIR holds one sub-folder of series files (.csv, .tsv, .txt) per class`
    : `    python predict.py path/to/image.png          # or a folder: top classes per image
    python train.py --data DIR --epochs 5        # DIR holds one sub-folder of images per class`
}
    torchrun --nproc_per_node=4 train.py --data DIR --epochs 5 --out runs/a   # several processes or GPUs
${series ? '\nA series is first brought to the working length by the rule the app imported with (metadata.json workingLength, lengthRule), as the app does.\n' : ''}
train.py starts from the browser-trained weights (weights.bin) unless --from-scratch, applies
pipeline.json in train mode keyed by (epoch, sample index) with the same random draws as the app,
and writes checkpoints to --out (--resume continues from the last one). Distributed runs use gloo on
CPU and nccl on GPUs.
${problems.length ? `\nThe model could not be converted: ${problems.join('; ')}. pipeline.json and the augplay module work on their own.\n` : ''}`;

/** Builds the pytorch/ folder of a model export. Never throws for an unconvertible model: see `problems`. */
export function pytorchBundle(input: PytorchInput): PytorchBundle {
  const files: Record<string, Uint8Array> = {};
  const problems: string[] = [];
  for (const [path, source] of Object.entries(input.python)) {
    if (path.startsWith('augplay/')) files[path] = text(source);
  }
  files['pipeline.json'] = json(input.pipeline);
  files['classes.json'] = json(input.classes);
  files['metadata.json'] = json(input.metadata);
  try {
    const sampleShape = input.metadata.sampleShape as number[];
    const layout = input.metadata.layout as string;
    // Keras sees one sample channels-last after the model's own permute layer, so start from sampleShape as given.
    const layers = torchLayers(input.modelTopology, sampleShape);
    const data = input.weightData instanceof Uint8Array ? input.weightData : new Uint8Array(input.weightData);
    const weights = convertWeights(layers, input.weightSpecs, data);
    files['model_config.json'] = json({ format: 'augplay.torch-model', version: 1, preset: input.metadata.preset, sampleShape, layout, numClasses: input.classes.length, layers });
    files['weights.bin'] = weights.bin;
    files['weights.json'] = json(weights.index);
    for (const name of ['model.py', 'predict.py', 'train.py']) {
      const source = input.python[`export/${name}`];
      if (source === undefined) throw new Error(`pytorchBundle: python/export/${name} was not given`);
      files[name] = text(source);
    }
  } catch (error) {
    if (!(error instanceof Unconvertible)) throw error;
    problems.push(error.message);
  }
  files['README.md'] = text(README(problems, input.metadata.modality === 'series'));
  return { files, problems };
}
