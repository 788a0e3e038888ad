// A pretrained backbone from the user's disk: a TensorFlow.js layers or graph model (model.json plus
// its weight shards), read from the files' bytes, never fetched. Errors name the file and say what
// to do. features.ts trains a small head on what the chosen feature layer outputs.
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;

export interface BackboneFile {
  name: string;
  bytes: Uint8Array;
}

/** Values the backbone expects its input pixels in, e.g. [0, 1] or [-1, 1]. */
export type InputRange = readonly [min: number, max: number];

export interface Backbone {
  kind: 'layers' | 'graph';
  /** The model.json file's name, for messages. */
  fileName: string;
  /** One sample's shape, [height, width, channels]; null where the model accepts any size. */
  inputShape: readonly [number | null, number | null, number | null];
  /** Where the model says so (model.json userDefinedMetadata.augplay.inputRange), else undefined. */
  inputRange?: InputRange;
  /** Layer (layers model) or node (graph model) names a feature layer can be picked from, input first. */
  layerNames: string[];
  /** The feature layer a new user gets: the input of the model's last dense (classifier) layer. */
  defaultFeatureLayer: string;
  layers?: tfTypes.LayersModel;
  graph?: tfTypes.GraphModel;
  /** A graph model's topology and constants, for stacking it under a head (graphLayer.ts). */
  graphSpec?: { modelTopology: object; weights: tfTypes.io.WeightsManifestEntry[] };
  /** Layers made from the backbone for stacked models (graphLayer.ts): freed with it. */
  owned: { dispose(): void }[];
  /** The imported weights of the layers the last fine-tuning run changed. */
  pretrained?: { layer: tfTypes.layers.Layer; weights: tfTypes.Tensor[] }[];
  /** disposeBackbone(this). */
  dispose(): void;
}

function withDispose(backbone: Omit<Backbone, 'dispose'>): Backbone {
  const whole = backbone as Backbone;
  whole.dispose = () => disposeBackbone(whole);
  return whole;
}

/** Frees the backbone's model and what was made from it. */
export function disposeBackbone(backbone: Backbone): void {
  backbone.owned.splice(0).forEach((o) => o.dispose());
  backbone.pretrained?.forEach((p) => p.weights.forEach((w) => w.dispose()));
  backbone.layers?.dispose();
  backbone.graph?.dispose();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const WHAT_TO_CHOOSE = 'choose the model.json of a TensorFlow.js model together with its .bin weight files';
/** Layers between the features and the classifier that are not features themselves. */
const PASS_THROUGH_CLASSES = new Set(['Dropout', 'Activation', 'Softmax', 'Reshape']);
/** The same in a graph: ops between a classifier's MatMul and the output. */
const PASS_THROUGH_OPS = new Set(['Identity', 'Softmax', 'Reshape', 'Squeeze', 'BiasAdd', 'Add', 'AddV2']);
/** Graph nodes that are not a computed value a head could take: constants and no-ops. */
const NOT_FEATURES = new Set(['Const', 'NoOp']);

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Reads and checks a model.json and its shards; every error names the file. */
export async function loadBackbone(tf: Tf, files: readonly BackboneFile[]): Promise<Backbone> {
  const jsonFiles = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsonFiles.length !== 1) {
    const names = files.map((f) => f.name).join(', ') || 'no files';
    throw new Error(`${jsonFiles.length === 0 ? 'No .json file among' : 'More than one .json file among'} ${names}: ${WHAT_TO_CHOOSE}.`);
  }
  const jsonFile = jsonFiles[0]!;
  const fileName = jsonFile.name;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(jsonFile.bytes));
  } catch (error) {
    throw new Error(`${fileName} is not JSON (${error instanceof Error ? error.message : String(error)}): ${WHAT_TO_CHOOSE}.`);
  }
  if (!isRecord(parsed) || !isRecord(parsed.modelTopology) || !Array.isArray(parsed.weightsManifest)) {
    throw new Error(`${fileName} is not a TensorFlow.js model (it needs "modelTopology" and "weightsManifest"): ${WHAT_TO_CHOOSE}.`);
  }
  const topology = parsed.modelTopology;
  const kind = parsed.format === 'graph-model' || Array.isArray(topology.node) ? 'graph' : 'layers';
  const manifest = parsed.weightsManifest as tfTypes.io.WeightsManifestConfig;
  const byName = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  const shards: Uint8Array[] = [];
  for (const group of manifest) {
    for (const path of group.paths) {
      const bytes = byName.get(baseName(path));
      if (!bytes) throw new Error(`${fileName} needs the weight file ${baseName(path)}, which was not chosen: select it together with ${baseName(fileName)}.`);
      shards.push(bytes);
    }
  }
  const weightSpecs = manifest.flatMap((group) => group.weights);
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  shards.reduce((offset, s) => (weightData.set(s, offset), offset + s.length), 0);
  const needed = weightSpecs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1) * bytesPerValue(spec), 0);
  if (weightData.length < needed) {
    throw new Error(`${fileName}: its weight files hold ${weightData.length} bytes but the model needs ${needed}: a shard is missing or cut short; choose the complete set of .bin files.`);
  }
  const artifacts: tfTypes.io.ModelArtifacts = { modelTopology: topology, weightSpecs, weightData: weightData.buffer, format: parsed.format as string | undefined };
  const metadata = isRecord(parsed.userDefinedMetadata) ? parsed.userDefinedMetadata : undefined;
  const inputRange = readInputRange(metadata);
  let backbone: Backbone;
  try {
    if (kind === 'layers') {
      const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      backbone = withDispose({ kind, fileName, inputShape: sampleShape(model.inputs[0]?.shape), inputRange, layerNames: model.layers.map((l) => l.name), defaultFeatureLayer: defaultLayer(model), layers: model, owned: [] });
    } else {
      const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
      const nodes = (topology.node as GraphNode[]).filter((n) => !NOT_FEATURES.has(String(n.op)));
      const names = nodes.map((n) => String(n.name));
      const output = (model.outputNodes[0] ?? names.at(-1) ?? '').split(':')[0]!;
      backbone = withDispose({ kind, fileName, inputShape: sampleShape(model.inputs[0]?.shape), inputRange, layerNames: names, defaultFeatureLayer: defaultNode(nodes, output), graph: model, graphSpec: { modelTopology: topology, weights: weightSpecs }, owned: [] });
    }
  } catch (error) {
    throw new Error(`${fileName} could not be loaded as a ${kind} model: ${error instanceof Error ? error.message : String(error)}`);
  }
  const inputs = (backbone.layers ?? backbone.graph!).inputs;
  if (inputs.length !== 1 || inputs[0]!.shape?.length !== 4) {
    backbone.dispose();
    const shapes = inputs.map((i) => `[${(i.shape ?? []).map((d) => (d === null || d === -1 ? '?' : d)).join(', ')}]`).join(', ');
    throw new Error(`${fileName} takes ${inputs.length === 1 ? 'input' : `${inputs.length} inputs`} ${shapes}; a backbone takes one batch of images [batch, height, width, channels]: choose an image model.`);
  }
  return backbone;
}

function bytesPerValue(spec: tfTypes.io.WeightsManifestEntry): number {
  if (spec.quantization) return spec.quantization.dtype === 'uint8' ? 1 : 2;
  return spec.dtype === 'bool' ? 1 : 4;
}

function readInputRange(metadata: Record<string, unknown> | undefined): InputRange | undefined {
  const augplay = metadata?.augplay;
  const range = isRecord(augplay) ? augplay.inputRange : undefined;
  if (Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number' && Number.isFinite(v)) && range[0] < range[1]) return [range[0], range[1]];
  return undefined;
}

function sampleShape(shape: readonly (number | null)[] | undefined): Backbone['inputShape'] {
  const [, h = null, w = null, c = null] = shape ?? [];
  return [h === -1 ? null : h, w === -1 ? null : w, c === -1 ? null : c];
}

/** The input of the model's last layer with weights (its classifier), past dropout/reshape/activation. */
function defaultLayer(model: tfTypes.LayersModel): string {
  const layers = model.layers;
  let i = layers.length - 1;
  while (i > 0 && layers[i]!.countParams() === 0) i--;
  let j = i - 1;
  while (j > 0 && PASS_THROUGH_CLASSES.has(layers[j]!.getClassName())) j--;
  return (layers[j] ?? layers.at(-1)!).name;
}

interface GraphNode {
  name?: unknown;
  op?: unknown;
  input?: unknown;
}

/** The input of the graph's classifier (a MatMul before the output, past bias/softmax/identity), else the output itself (a feature vector). */
function defaultNode(nodes: GraphNode[], output: string): string {
  const byName = new Map(nodes.map((n) => [String(n.name), n]));
  const firstInput = (n: GraphNode) => (Array.isArray(n.input) ? String(n.input[0]).replace(/^\^/, '').split(':')[0]! : '');
  let node = byName.get(output);
  for (let hops = 0; node && PASS_THROUGH_OPS.has(String(node.op)) && hops < nodes.length; hops++) node = byName.get(firstInput(node));
  if (node?.op === 'MatMul' && byName.has(firstInput(node))) return firstInput(node);
  return output;
}

/** The feature layer by name, or an error naming the file and the layers there are. */
export function checkFeatureLayer(backbone: Backbone, name: string): string {
  if (backbone.layerNames.includes(name)) return name;
  const some = backbone.layerNames.slice(-8).join(', ');
  const word = backbone.kind === 'graph' ? 'node' : 'layer';
  throw new Error(`${backbone.fileName} has no ${word} "${name}"; its last ${word}s are ${some}. Pick one of them (default: ${backbone.defaultFeatureLayer}).`);
}

/**
 * Checks that data of `sample` shape ([height, width, channels]) in `range` can feed the backbone;
 * one message per problem, naming the file and what to change in the pipeline.
 */
export function checkBackboneInput(backbone: Backbone, sample: readonly [number, number, number], range: InputRange | undefined): string[] {
  const problems: string[] = [];
  const [h, w, c] = backbone.inputShape;
  if ((h !== null && h !== sample[0]) || (w !== null && w !== sample[1])) {
    problems.push(`${backbone.fileName} takes ${h ?? 'any'}x${w ?? 'any'} images but the pipeline gives ${sample[0]}x${sample[1]}: add a preprocess resize to ${w ?? sample[1]}x${h ?? sample[0]}.`);
  }
  if (c !== null && c !== sample[2]) {
    problems.push(`${backbone.fileName} takes ${c} channel${c === 1 ? '' : 's'} but the pipeline gives ${sample[2]}: ${c === 1 ? 'add a grayscale step' : 'remove the grayscale step'}.`);
  }
  const expected = backbone.inputRange;
  if (expected && range && (Math.abs(expected[0] - range[0]) > RANGE_TOLERANCE || Math.abs(expected[1] - range[1]) > RANGE_TOLERANCE)) {
    problems.push(`${backbone.fileName} expects pixel values in [${expected.join(', ')}] but the pipeline's preprocess steps give [${range.map((v) => +v.toFixed(3)).join(', ')}]: set its rescale step to scale ${+((expected[1] - expected[0]) / 255).toFixed(6)}, offset ${expected[0]}.`);
  }
  return problems;
}

/** How far a pipeline's value range may be from the backbone's before it is called a mismatch (in pixel-value units). */
const RANGE_TOLERANCE = 0.05;
