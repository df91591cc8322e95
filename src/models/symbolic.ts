// Symbolic tensors and nodes: the graph that Keras's functional API records (keras/src/ops/node.py,
// keras/src/backend/common/keras_tensor.py). `Input()` makes a SymbolicTensor; calling a layer on symbolic
// tensors records a Node (one call of that layer) and returns the node's outputs. Nothing is computed here:
// a Model turns the nodes between its inputs and outputs into a plan of buffer-level calls (executor.ts).
//
// A node holds everything one call needs besides the layer's weights: its inbound tensors, which of them are
// initial states, and its runner — the object whose scratch buffers and caches serve this call. The first call
// of a layer runs on the layer itself; later calls (a shared layer, an inference model built from training
// layers) run on a twin that shares the layer's Variables (Layer.twin), so every call back-propagates into
// the same gradient memory.
import { ConfigError } from '../errors.js';
import type { ApplyOptions, Layer } from '../layers/layer.js';

let tensorCount = 0;

/** A placeholder for a batch of values in a graph (Keras KerasTensor). `shape[0]` is the batch axis. */
export class SymbolicTensor {
  /** Distinguishes a symbolic tensor from user data in `apply` without instanceof across copies. */
  readonly symbolic = true;
  readonly id = tensorCount++;

  constructor(
    /** Shape with the batch axis first; `null` = known only at call time (batch always, time when declared so). */
    readonly shape: readonly (number | null)[],
    /** The node that produces this tensor. */
    readonly node: Node,
    /** Which output of that node it is. */
    readonly index: number,
    readonly dtype: 'float32' | 'int32' = 'float32',
  ) {}

  /** The producing layer's name, and the Keras-style '<layer>/<node>/<index>' label used in messages. */
  get name(): string {
    const layer = this.node.layer;
    const nodeIndex = layer.inboundNodes.indexOf(this.node);
    return this.node.outputs.length === 1 && nodeIndex === 0 ? layer.name : `${layer.name}[${nodeIndex}][${this.index}]`;
  }

  /** Rank including the batch axis. */
  get rank(): number {
    return this.shape.length;
  }
}

/** True when `x` is a SymbolicTensor or a non-empty list of them. */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  if (Array.isArray(x)) return x.length > 0 && x.every((t) => t instanceof SymbolicTensor);
  return x instanceof SymbolicTensor;
}

/** One call of a layer in a graph (Keras Node). */
export class Node {
  readonly outputs: SymbolicTensor[] = [];
  /** Other call arguments a layer records for this call (e.g. Attention's useCausalMask), saved with the graph. */
  kwargs: Record<string, unknown> = {};

  constructor(
    readonly layer: Layer,
    /** Inbound tensors: the call's inputs, then its initial states (`stateCount` of them). */
    readonly inputs: readonly SymbolicTensor[],
    /** The object that runs this call (the layer itself for its first call, else a weight-sharing twin). */
    readonly runner: Layer,
    /** How many of `inputs` (at the end) are initial states given through `initialState`. */
    readonly stateCount: number,
    /** A fixed `training` argument of the call (Keras `layer(x, training=False)`), or null to follow the model. */
    readonly training: boolean | null,
  ) {}

  /** The main inputs (without initial states). */
  get callInputs(): readonly SymbolicTensor[] {
    return this.inputs.slice(0, this.inputs.length - this.stateCount);
  }

  /** True for the node of an Input (no inbound tensors). */
  get isInput(): boolean {
    return this.inputs.length === 0;
  }
}

/**
 * Records a call of `layer` on symbolic tensors (Keras `layer(x)` in the functional API): checks the inputs and
 * initial states, builds the layer, and returns the new node's outputs (one tensor, or a list for several).
 */
export function recordCall(layer: Layer, x: SymbolicTensor | SymbolicTensor[], options: ApplyOptions): SymbolicTensor | SymbolicTensor[] {
  const cls = layer.getClassName();
  for (const key of Object.keys(options)) {
    if (key !== 'initialState' && key !== 'training') throw new ConfigError(`${cls} '${layer.name}': option '${key}' is not accepted on symbolic tensors (masks flow from Masking layers)`);
  }
  const inputs = Array.isArray(x) ? [...x] : [x];
  if (!Array.isArray(x) && layer.acceptsInputList()) throw new ConfigError(`${cls} '${layer.name}' takes a list of inputs, e.g. layer.apply([a, b]) (Keras: a merge layer should be called on a list)`);
  if (inputs.length !== 1 && !layer.acceptsInputList()) {
    throw new ConfigError(`${cls} '${layer.name}' takes one input, got a list of ${inputs.length}`);
  }
  const given = options.initialState;
  const states = given === undefined ? [] : Array.isArray(given) ? [...given] : [given];
  if (!states.every((s) => s instanceof SymbolicTensor)) {
    throw new ConfigError(`${cls} '${layer.name}': in a graph, initialState must be symbolic tensors (outputs of other layers or Inputs)`);
  }
  if (states.length > 0 && states.length !== layer.stateInputCount()) {
    throw new ConfigError(`${cls} '${layer.name}' takes ${layer.stateInputCount()} initial state(s), got ${states.length}`);
  }
  const shapes = inputs.map((t) => t.shape.slice(1) as number[]);
  if (!layer.acceptsInputList()) layer.checkInputShape(inputs[0].shape as number[]);
  layer.buildFromShapes(shapes);
  const stateShapes = (states as SymbolicTensor[]).map((s) => s.shape.slice(1) as number[]);
  const outShapes = layer.computeOutputShapes([...shapes, ...stateShapes]);
  const runner = layer.inboundNodes.length === 0 ? layer : layer.twin();
  const node = new Node(layer, [...inputs, ...(states as SymbolicTensor[])], runner, states.length, options.training ?? null);
  const batch = inputs[0].shape[0];
  outShapes.forEach((shape, i) => node.outputs.push(new SymbolicTensor([batch, ...shape], node, i)));
  layer.inboundNodes.push(node);
  return node.outputs.length === 1 ? node.outputs[0] : [...node.outputs];
}

/** Inputs or outputs of a Model: one tensor, a list, or an object keyed by name. */
export type TensorStructure = SymbolicTensor | SymbolicTensor[] | Record<string, SymbolicTensor>;

/** A model's inputs or outputs as a list, with their keys when given as an object. */
export function flattenStructure(structure: TensorStructure, what: string): { list: SymbolicTensor[]; keys: string[] | null } {
  if (structure instanceof SymbolicTensor) return { list: [structure], keys: null };
  if (Array.isArray(structure)) {
    if (structure.length === 0) throw new ConfigError(`Model: ${what} is an empty list; give at least one symbolic tensor`);
    if (!structure.every((t) => t instanceof SymbolicTensor)) throw new ConfigError(`Model: ${what} must be symbolic tensors (from Input() and layer.apply), got a list with ${structure.map((t) => (t instanceof SymbolicTensor ? 'a symbolic tensor' : typeof t)).join(', ')}`);
    return { list: [...structure], keys: null };
  }
  if (typeof structure === 'object' && structure !== null) {
    const keys = Object.keys(structure);
    const list = keys.map((k) => structure[k]);
    if (list.length === 0 || !list.every((t) => t instanceof SymbolicTensor)) throw new ConfigError(`Model: ${what} must be symbolic tensors (from Input() and layer.apply)`);
    return { list, keys };
  }
  throw new ConfigError(`Model: ${what} must be a symbolic tensor, a list of them or an object of them, got ${String(structure)}`);
}
