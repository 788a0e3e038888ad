// A tfjs graph model (a converted SavedModel, a TF Hub feature vector) cut at one node, as one layer
// of a layers model: a head stacked on it predicts, exports and imports like any augplay model. The
// graph's constants are the layer's (frozen) weights, fed to the graph on every call; its topology
// travels in the layer's config, hex-encoded because tfjs rewrites config strings to snake_case.
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;

export const GRAPH_LAYER_CLASS = 'AugplayGraphBackbone';

/** What the layer needs to rebuild its graph: topology, constants' specs, the input and feature nodes. */
export interface GraphSpec {
  modelTopology: object;
  weights: { name: string; shape: number[]; dtype: 'float32' | 'int32' | 'bool' }[];
  inputNode: string;
  outputNode: string;
  /** One sample's feature shape at `outputNode`. */
  outputShape: number[];
}

const BYTES: Record<GraphSpec['weights'][number]['dtype'], number> = { float32: 4, int32: 4, bool: 1 };

const toHex = (text: string) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => new TextDecoder().decode(Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16)));

export interface GraphLayer extends tfTypes.layers.Layer {
  readonly spec: GraphSpec;
}

type Runner = Pick<tfTypes.GraphModel, 'execute'>;
type GraphLayerClass = new (args: { graph: string; name?: string }, graph?: tfTypes.GraphModel) => GraphLayer;

let registered: GraphLayerClass | undefined;

/** The layer class, defined and registered with tfjs's serialization once (loading a model that holds one needs it). */
export function graphLayerClass(tf: Tf): GraphLayerClass {
  if (registered) {
    // Registered again where the registry lost it (a test clears it to stand for a fresh page).
    if (!tf.serialization.SerializationMap.getMap().classNameMap[GRAPH_LAYER_CLASS]) tf.serialization.registerClass(registered as unknown as Parameters<typeof tf.serialization.registerClass>[0]);
    return registered;
  }
  class AugplayGraphBackbone extends tf.layers.Layer implements GraphLayer {
    static readonly className = GRAPH_LAYER_CLASS;
    readonly spec: GraphSpec;
    private readonly encoded: string;
    private constants: tfTypes.LayerVariable[] = [];
    /** The graph the layer runs: the loaded one, or (from a saved model) one built with zero constants, since the layer feeds its own. */
    private graph: Runner | undefined;

    constructor(args: { graph: string; name?: string }, graph?: tfTypes.GraphModel) {
      super({ ...(args.name ? { name: args.name } : {}), trainable: false });
      this.encoded = args.graph;
      this.spec = JSON.parse(fromHex(args.graph)) as GraphSpec;
      this.graph = graph;
    }

    override build(): void {
      this.constants = this.spec.weights.map((w, i) => this.addWeight(`c${i}`, w.shape, w.dtype, tf.initializers.zeros(), undefined, false));
      this.built = true;
    }

    override computeOutputShape(inputShape: tfTypes.Shape | tfTypes.Shape[]): tfTypes.Shape {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfTypes.Shape;
      return [shape[0] ?? null, ...this.spec.outputShape];
    }

    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const feed: tfTypes.NamedTensorMap = { [this.spec.inputNode]: x };
      this.spec.weights.forEach((w, i) => (feed[w.name] = this.constants[i]!.read()));
      return this.runner().execute(feed, this.spec.outputNode) as tfTypes.Tensor;
    }

    private runner(): Runner {
      if (!this.graph) {
        const bytes = this.spec.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * BYTES[w.dtype], 0);
        const weightSpecs = this.spec.weights.map(({ name, shape, dtype }) => ({ name, shape, dtype }));
        this.graph = tf.loadGraphModelSync(tf.io.fromMemorySync({ modelTopology: this.spec.modelTopology, weightSpecs, weightData: new ArrayBuffer(bytes), format: 'graph-model' }));
      }
      return this.graph;
    }

    override getConfig(): tfTypes.serialization.ConfigDict {
      return { ...super.getConfig(), graph: this.encoded };
    }
  }
  tf.serialization.registerClass(AugplayGraphBackbone);
  registered = AugplayGraphBackbone;
  return registered;
}

/**
 * The layer for `graph` cut at `spec.outputNode`, its constants set from the graph's own (shared,
 * not copied). Every constant must be a number or bool tensor.
 */
export function makeGraphLayer(tf: Tf, graph: tfTypes.GraphModel, spec: GraphSpec, input: tfTypes.SymbolicTensor, fileName: string): { layer: GraphLayer; output: tfTypes.SymbolicTensor } {
  const Layer = graphLayerClass(tf);
  const layer = new Layer({ graph: toHex(JSON.stringify(spec)), name: 'graph_backbone' }, graph);
  const output = layer.apply(input) as tfTypes.SymbolicTensor;
  const values = spec.weights.map((w) => {
    const value = graph.weights[w.name]?.[0];
    if (!value) throw new Error(`${fileName}: the graph has no constant "${w.name}" that its weights manifest lists; choose the model's complete files.`);
    return value;
  });
  layer.setWeights(values);
  return { layer, output };
}

/** The graph's constants as the layer stores them; an error names the file when one cannot be stored (strings: a lookup table). */
export function graphWeights(manifest: tfTypes.io.WeightsManifestEntry[], fileName: string): GraphSpec['weights'] {
  return manifest.map((w) => {
    if (w.dtype !== 'float32' && w.dtype !== 'int32' && w.dtype !== 'bool') throw new Error(`${fileName}: its constant "${w.name}" is of type ${String(w.dtype)}, which a backbone cannot hold; convert the model without lookup tables or string inputs.`);
    return { name: w.name, shape: [...w.shape], dtype: w.dtype };
  });
}
