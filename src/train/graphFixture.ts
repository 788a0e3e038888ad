// A small TensorFlow.js graph model written by hand, as tensorflowjs_converter writes one (model.json
// with `format: "graph-model"` + one weight shard), for tests: input -> conv 3x3 stride 2 + bias +
// relu -> reshape to a vector (the features) -> MatMul + bias -> softmax. No tfjs needed to make it.
import type { BackboneFile } from './backbone.js';

export const GRAPH_SHARD = 'group1-shard1of1.bin';
/** The node a head should take: the classifier MatMul's input. */
export const GRAPH_FEATURE_NODE = 'flatten/Reshape';

const FLOAT = { type: 'DT_FLOAT' };
const T = { T: FLOAT };
const NHWC = { s: btoa('NHWC') };
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });

interface Constant {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: number[];
}

/** Options: image side, filters, classes; `inputRange` goes to userDefinedMetadata when given. */
export function makeGraphBackboneFiles(size = 8, filters = 4, classes = 4, inputRange?: [number, number]): BackboneFile[] {
  const half = Math.ceil(size / 2);
  const features = half * half * filters;
  // Filter 0 averages the patch (keeps where the image is bright); the others are fixed ripples.
  const kernel = Array.from({ length: 3 * 3 * 3 * filters }, (_, i) => (i % filters === 0 ? 1 / 27 : 0.2 * Math.sin(i * 1.7)));
  const constants: Constant[] = [
    { name: 'conv/kernel', shape: [3, 3, 3, filters], dtype: 'float32', values: kernel },
    { name: 'conv/bias', shape: [filters], dtype: 'float32', values: Array.from({ length: filters }, () => 0.01) },
    { name: 'flatten/shape', shape: [2], dtype: 'int32', values: [-1, features] },
    { name: 'dense/kernel', shape: [features, classes], dtype: 'float32', values: Array.from({ length: features * classes }, (_, i) => 0.05 * Math.cos(i)) },
    { name: 'dense/bias', shape: [classes], dtype: 'float32', values: Array.from({ length: classes }, () => 0) },
  ];
  const constNode = (c: Constant) => ({
    name: c.name,
    op: 'Const',
    attr: { value: { tensor: { dtype: c.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT', tensorShape: dims(c.shape) } }, dtype: { type: c.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' } },
  });
  const nodes = [
    { name: 'input', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims([-1, size, size, 3]) } } },
    ...constants.map(constNode),
    {
      name: 'conv/Conv2D',
      op: 'Conv2D',
      input: ['input', 'conv/kernel'],
      attr: { ...T, strides: { list: { i: ['1', '2', '2', '1'] } }, padding: { s: btoa('SAME') }, data_format: NHWC, dilations: { list: { i: ['1', '1', '1', '1'] } } },
    },
    { name: 'conv/BiasAdd', op: 'BiasAdd', input: ['conv/Conv2D', 'conv/bias'], attr: { ...T, data_format: NHWC } },
    { name: 'conv/Relu', op: 'Relu', input: ['conv/BiasAdd'], attr: T },
    { name: GRAPH_FEATURE_NODE, op: 'Reshape', input: ['conv/Relu', 'flatten/shape'], attr: { ...T, Tshape: { type: 'DT_INT32' } } },
    { name: 'dense/MatMul', op: 'MatMul', input: [GRAPH_FEATURE_NODE, 'dense/kernel'], attr: { ...T, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'dense/BiasAdd', op: 'BiasAdd', input: ['dense/MatMul', 'dense/bias'], attr: { ...T, data_format: NHWC } },
    { name: 'probs', op: 'Softmax', input: ['dense/BiasAdd'], attr: T },
  ];
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'augplay test fixture',
    convertedBy: null,
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: [GRAPH_SHARD], weights: constants.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }],
    ...(inputRange ? { userDefinedMetadata: { augplay: { inputRange } } } : {}),
  };
  const shard = new Uint8Array(constants.reduce((n, c) => n + c.values.length * 4, 0));
  const view = new DataView(shard.buffer);
  let offset = 0;
  for (const c of constants) {
    for (const v of c.values) {
      if (c.dtype === 'int32') view.setInt32(offset, v, true);
      else view.setFloat32(offset, v, true);
      offset += 4;
    }
  }
  return [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: GRAPH_SHARD, bytes: shard },
  ];
}
