// Graph ("Functional" / "Model") model configs in files, both directions.
//
// Keras 2 `.h5` `model_config` and TF.js `model.json` write each layer's calls as nested lists:
//   "inbound_nodes": [[["input_1", 0, 0, {}], ["lstm", 0, 1, {}], ["lstm", 0, 2, {}]]]
// one list per call, one [layer, node index, tensor index, kwargs] per inbound tensor; a recurrent layer's
// initial states follow its input in the same list (Keras 2 RNN.__call__ appends them).
// Keras 3 `config.json` writes each call as {"args": [...], "kwargs": {...}} with tensors as
// {"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history": [layer, node, tensor]}},
// a list of tensors for merge layers, and initial states under kwargs.initial_state.
// Both become models/functional_config.ts NodeConfigs; that module resolves the graph (bounded, checked).
import { ConfigError } from '../errors.js';
import { InputLayer } from '../layers/core/input_layer.js';
import type { Layer } from '../layers/layer.js';
import { functionalConfig, functionalFromConfig, type NodeConfig, type TensorRef } from '../models/functional_config.js';
import type { Model } from '../models/model.js';
import type { CustomObjects } from '../registry/registry.js';
import { layerToFile, type KerasObject } from './layer_config.js';
import { toSnakeCase } from './names.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Keras 3 serialized tensor → its [layer, node, tensor] history; null for anything else. */
function kerasTensorRef(v: unknown): TensorRef | null {
  if (!isObject(v) || v.class_name !== '__keras_tensor__' || !isObject(v.config)) return null;
  const h = v.config.keras_history;
  return Array.isArray(h) ? (h.slice(0, 3) as TensorRef) : null;
}

/** Every tensor in a Keras 3 argument (a tensor, or a list/dict of them), in order. */
function tensorsIn(v: unknown, depth = 0): TensorRef[] {
  if (depth > 8) throw new ConfigError('inbound node arguments are nested too deep');
  const ref = kerasTensorRef(v);
  if (ref) return [ref];
  if (Array.isArray(v)) return v.flatMap((x) => tensorsIn(x, depth + 1));
  if (isObject(v) && v.class_name === undefined) return Object.values(v).flatMap((x) => tensorsIn(x, depth + 1));
  return [];
}

/** Call arguments besides tensors that rnnkit layers take (file snake_case → camelCase); others are ignored. */
const CALL_OPTIONS: Record<string, string> = { use_causal_mask: 'useCausalMask', return_attention_scores: 'returnAttentionScores' };

function callKwargs(kwargs: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) if (CALL_OPTIONS[k] && typeof v === 'boolean') out[CALL_OPTIONS[k]] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One call of `layer` as a file writes it → NodeConfig. */
export function nodeFromFile(layer: Layer, node: unknown, where: string): NodeConfig {
  if (isObject(node)) {
    // Keras 3: {args, kwargs}
    const args = tensorsIn(node.args ?? []);
    const kwargs = isObject(node.kwargs) ? node.kwargs : {};
    const states = tensorsIn(kwargs.initial_state ?? []);
    const extra = callKwargs(kwargs);
    return { args, ...(states.length ? { initialState: states } : {}), ...(typeof kwargs.training === 'boolean' ? { training: kwargs.training } : {}), ...(extra ? { kwargs: extra } : {}) };
  }
  if (!Array.isArray(node)) throw new ConfigError(`${where}: an inbound node must be a list of [layer, node, tensor, kwargs] or {args, kwargs}`);
  const refs = node.map((entry) => {
    if (!Array.isArray(entry) || entry.length < 3) throw new ConfigError(`${where}: an inbound tensor must be [layer, node, tensor, kwargs], got ${JSON.stringify(entry)?.slice(0, 120)}`);
    return entry.slice(0, 3) as TensorRef;
  });
  const kwargs = Array.isArray(node[0]) && isObject(node[0][3]) ? node[0][3] : {};
  const extra = callKwargs(kwargs);
  const training = { ...(typeof kwargs.training === 'boolean' ? { training: kwargs.training } : {}), ...(extra ? { kwargs: extra } : {}) };
  const states = layer.stateInputCount();
  if (!layer.acceptsInputList() && states > 0 && refs.length > 1) return { args: refs.slice(0, 1), initialState: refs.slice(1), ...training };
  return { args: refs, ...training };
}

/** Builds a graph model from a file's {class_name: 'Functional' | 'Model', config}. */
export function functionalFromFile(config: Record<string, unknown>, where: string, makeLayer: (spec: unknown) => Layer, customObjects?: CustomObjects): Model {
  const layers = config.layers;
  if (!Array.isArray(layers)) throw new ConfigError(`${where}: the model config has no list of layers`);
  const entries = layers.map((spec) => {
    if (!isObject(spec) || typeof spec.class_name !== 'string' || !isObject(spec.config)) throw new ConfigError(`${where}: a layer must be {"class_name", "config", "inbound_nodes"}, got ${JSON.stringify(spec)?.slice(0, 160)}`);
    const name = typeof spec.name === 'string' ? spec.name : typeof spec.config.name === 'string' ? spec.config.name : null;
    if (name === null) throw new ConfigError(`${where}: a layer of class '${spec.class_name}' has no name`);
    return { className: spec.class_name, name, config: { __file: spec } as Record<string, unknown>, inboundNodes: spec.inbound_nodes ?? [] };
  });
  return functionalFromConfig(
    { name: config.name, layers: entries, inputLayers: config.input_layers, outputLayers: config.output_layers },
    customObjects,
    (spec) => {
      const file = spec.config.__file as Record<string, unknown>;
      return makeLayer({ ...file, config: { ...(file.config as Record<string, unknown>), name: spec.name } });
    },
    nodeFromFile,
  );
}

/** What a file form needs for one tensor reference. */
type RefWriter = (ref: TensorRef) => unknown;

/**
 * The graph model as a file's model config: TF.js / Keras 2 nested-list nodes, or Keras 3 {args, kwargs} nodes
 * with serialized tensors. `layerFile` writes each layer (it knows the target's conventions).
 */
export function functionalToFile(model: Model, target: 'tfjs' | 'keras3'): KerasObject {
  const config = functionalConfig(model);
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const shapeOf = (ref: TensorRef): unknown[] => {
    const layer = byName.get(ref[0])!;
    const nodes = model.graphExecutor().nodes.filter((n) => n.layer === layer).sort((a, b) => layer.inboundNodes.indexOf(a) - layer.inboundNodes.indexOf(b));
    return [...nodes[ref[1]].outputs[ref[2]].shape];
  };
  const keras3Tensor: RefWriter = (ref) => ({ class_name: '__keras_tensor__', config: { shape: shapeOf(ref), dtype: 'float32', keras_history: ref } });
  const layers = config.layers.map((entry) => {
    const layer = byName.get(entry.name)!;
    const spec = layer instanceof InputLayer ? inputLayerToFile(layer, target) : layerToFile(layer, { target });
    const nodes = entry.inboundNodes.map((n) => {
      if (target === 'keras3') {
        const args = n.args.length === 1 && !layer.acceptsInputList() ? [keras3Tensor(n.args[0])] : [n.args.map(keras3Tensor)];
        const kwargs: Record<string, unknown> = {};
        if (n.initialState) kwargs.initial_state = n.initialState.map(keras3Tensor);
        if (n.training !== undefined) kwargs.training = n.training;
        for (const [k, v] of Object.entries(n.kwargs ?? {})) kwargs[toSnakeCase(k)] = v;
        return { args, kwargs };
      }
      const kwargs: Record<string, unknown> = n.training !== undefined ? { training: n.training } : {};
      for (const [k, v] of Object.entries(n.kwargs ?? {})) kwargs[toSnakeCase(k)] = v;
      return [...n.args, ...(n.initialState ?? [])].map((r, i) => [...r, i === 0 ? kwargs : {}]);
    });
    return { ...spec, name: entry.name, inbound_nodes: nodes };
  });
  const out: KerasObject = {
    class_name: target === 'keras3' ? 'Functional' : 'Model',
    config: { name: config.name, trainable: model.trainable, layers, input_layers: config.inputLayers, output_layers: config.outputLayers } as Record<string, unknown>,
  };
  if (target === 'keras3') {
    out.module = 'keras.src.models.functional';
    out.registered_name = 'Functional';
  }
  return out;
}

/** An InputLayer in a file: TF.js/Keras 2 `batch_input_shape`, Keras 3 `batch_shape`. */
function inputLayerToFile(layer: InputLayer, target: 'tfjs' | 'keras3'): KerasObject {
  if (target === 'keras3') {
    return { module: 'keras.layers', class_name: 'InputLayer', registered_name: null, config: { batch_shape: layer.batchShape, dtype: layer.dtype, sparse: false, ragged: false, name: layer.name } };
  }
  return { class_name: 'InputLayer', config: { batch_input_shape: layer.batchShape, dtype: layer.dtype, sparse: false, name: layer.name } };
}

