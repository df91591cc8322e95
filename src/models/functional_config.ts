// A graph model's config and back (Keras functional.py `get_config` / `functional_from_config`), in rnnkit's
// camelCase form: each layer with the calls that feed it, then the model's input and output tensors.
//
//   { name, layers: [{ className, name, config, inboundNodes: [{ args: [[layer, node, tensor], …],
//     initialState?: [[layer, node, tensor], …], training?: boolean }] }], inputLayers: [[…]], outputLayers: [[…]] }
//
// A tensor is named by [producing layer, index of the call among that layer's calls in this model, output index]
// (Keras's node_index counts only the calls that belong to the model). Reading treats the config as untrusted:
// references to missing layers, calls or outputs, cycles, absurd fan-in and deep nesting are clear errors, and
// the node resolution loop is bounded, so a hostile file can neither hang nor overflow the stack.
import { ConfigError } from '../errors.js';
import { InputLayer } from '../layers/core/input_layer.js';
import type { Layer } from '../layers/layer.js';
import { deserializeLayer, type CustomObjects } from '../registry/registry.js';
import type { Model } from './model.js';
import type { Node, SymbolicTensor } from './symbolic.js';

/** [layer name, call index in this model, output index] */
export type TensorRef = [string, number, number];

export interface NodeConfig {
  args: TensorRef[];
  initialState?: TensorRef[];
  training?: boolean;
  /** Other call arguments (camelCase), e.g. { useCausalMask: true }. */
  kwargs?: Record<string, unknown>;
}

export interface LayerEntry {
  className: string;
  name: string;
  config: Record<string, unknown>;
  inboundNodes: NodeConfig[];
}

export interface FunctionalConfig {
  name: string;
  layers: LayerEntry[];
  inputLayers: TensorRef[];
  outputLayers: TensorRef[];
}

/** Limits a config may not exceed (files are untrusted). */
export const GRAPH_LIMITS = { layers: 4096, nodesPerLayer: 256, fanIn: 1024, nesting: 16 };

/** The calls of each layer that belong to `model`, in call order. */
function modelNodes(model: Model): Map<Layer, Node[]> {
  const byLayer = new Map<Layer, Node[]>();
  for (const node of model.graphExecutor().nodes) {
    const list = byLayer.get(node.layer) ?? [];
    list.push(node);
    byLayer.set(node.layer, list);
  }
  for (const list of byLayer.values()) list.sort((a, b) => a.layer.inboundNodes.indexOf(a) - b.layer.inboundNodes.indexOf(b));
  return byLayer;
}

/** Keras's functional config of a graph model (rnnkit form; io/ writes the file forms). */
export function functionalConfig(model: Model): FunctionalConfig {
  const byLayer = modelNodes(model);
  const ref = (t: SymbolicTensor): TensorRef => [t.node.layer.name, byLayer.get(t.node.layer)!.indexOf(t.node), t.index];
  const names = new Set<string>();
  const layers = model.layers.map((layer) => {
    if (names.has(layer.name)) throw new ConfigError(`model '${model.name}' has two layers named '${layer.name}'; names must be unique to save it`);
    names.add(layer.name);
    const nodes = (byLayer.get(layer) ?? []).filter((n) => !n.isInput);
    return {
      className: layer.getClassName(),
      name: layer.name,
      config: layer.getConfig(),
      inboundNodes: nodes.map((n) => {
        const out: NodeConfig = { args: n.callInputs.map(ref) };
        if (n.stateCount > 0) out.initialState = n.inputs.slice(n.inputs.length - n.stateCount).map(ref);
        if (n.training !== null) out.training = n.training;
        if (Object.keys(n.kwargs).length > 0) out.kwargs = { ...n.kwargs };
        return out;
      }),
    };
  });
  return { name: model.name, layers, inputLayers: model.inputs.map(ref), outputLayers: model.outputs.map(ref) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRef(r: unknown, where: string): TensorRef {
  if (!Array.isArray(r) || r.length < 3 || typeof r[0] !== 'string' || !Number.isSafeInteger(r[1]) || !Number.isSafeInteger(r[2]) || (r[1] as number) < 0 || (r[2] as number) < 0) {
    throw new ConfigError(`${where}: a tensor reference must be [layer name, node index, tensor index], got ${JSON.stringify(r)?.slice(0, 120)}`);
  }
  return [r[0], r[1], r[2]] as TensorRef;
}

let nesting = 0;

/** Builds one layer of a config (deserializeLayer for rnnkit configs; io/ passes its file translation). */
export type LayerMaker = (spec: { className: string; name: string; config: Record<string, unknown> }) => Layer;

/**
 * Rebuilds a graph model from `functionalConfig` output. `makeLayer` builds each layer (default: the class
 * registry, with `customObjects`); `translateNode(layer, node)` may turn a file's node form into NodeConfig.
 */
export function functionalFromConfig(config: Record<string, unknown>, customObjects?: CustomObjects, makeLayer?: LayerMaker, translateNode?: (layer: Layer, node: unknown, where: string) => NodeConfig): Model {
  if (nesting >= GRAPH_LIMITS.nesting) throw new ConfigError(`models are nested more than ${GRAPH_LIMITS.nesting} deep`);
  nesting++;
  try {
    return build(config, makeLayer ?? ((spec) => deserializeLayer({ className: spec.className, config: { ...spec.config, name: spec.name } }, customObjects)), translateNode);
  } finally {
    nesting--;
  }
}

function build(config: Record<string, unknown>, makeLayer: LayerMaker, translateNode?: (layer: Layer, node: unknown, where: string) => NodeConfig): Model {
  const name = typeof config.name === 'string' ? config.name : undefined;
  const where = `model '${name ?? '?'}'`;
  const specs = config.layers;
  if (!Array.isArray(specs) || specs.length === 0) throw new ConfigError(`${where}: the config has no layers`);
  if (specs.length > GRAPH_LIMITS.layers) throw new ConfigError(`${where}: ${specs.length} layers exceed the limit of ${GRAPH_LIMITS.layers}`);
  const layers = new Map<string, { layer: Layer; nodes: NodeConfig[] }>();
  for (const spec of specs) {
    if (!isObject(spec) || typeof spec.className !== 'string' || typeof spec.name !== 'string' || !isObject(spec.config)) {
      throw new ConfigError(`${where}: each layer must be { className, name, config, inboundNodes }, got ${JSON.stringify(spec)?.slice(0, 160)}`);
    }
    if (layers.has(spec.name)) throw new ConfigError(`${where}: two layers are named '${spec.name}'`);
    const raw = spec.inboundNodes ?? [];
    if (!Array.isArray(raw) || raw.length > GRAPH_LIMITS.nodesPerLayer) throw new ConfigError(`${where}: layer '${spec.name}' has an invalid or absurd list of inbound nodes`);
    let layer: Layer;
    try {
      layer = makeLayer({ className: spec.className, name: spec.name, config: spec.config });
    } catch (e) {
      throw new ConfigError(`${where}: layer '${spec.name}' (${spec.className}): ${(e as Error).message}`);
    }
    const nodes = (raw as unknown[]).map((n) => (translateNode ? translateNode(layer, n, `${where}: layer '${spec.name}'`) : (n as NodeConfig)));
    for (const n of nodes) {
      if (!isObject(n) || !Array.isArray(n.args)) throw new ConfigError(`${where}: layer '${spec.name}': each inbound node must be { args: [[layer, node, tensor], …] }`);
      const fanIn = n.args.length + (Array.isArray(n.initialState) ? n.initialState.length : 0);
      if (fanIn === 0 || fanIn > GRAPH_LIMITS.fanIn) throw new ConfigError(`${where}: layer '${spec.name}' has a call with ${fanIn} inputs (1 to ${GRAPH_LIMITS.fanIn} allowed)`);
    }
    layers.set(spec.name, { layer, nodes });
  }
  // tensors made so far: "<layer>\u0000<node index>" → outputs of that call
  const made = new Map<string, SymbolicTensor[]>();
  for (const [layerName, { layer }] of layers) if (layer instanceof InputLayer) made.set(`${layerName}\u00000`, [layer.output]);
  const resolve = (r: TensorRef, here: string): SymbolicTensor | undefined => {
    if (!layers.has(r[0])) throw new ConfigError(`${here}: refers to a layer '${r[0]}' that the model does not have`);
    const outs = made.get(`${r[0]}\u0000${r[1]}`);
    if (!outs) return undefined;
    if (r[2] >= outs.length) throw new ConfigError(`${here}: refers to output ${r[2]} of layer '${r[0]}', which has ${outs.length}`);
    return outs[r[2]];
  };
  // Keras's loop: call each layer's nodes in order once their inputs exist; stop when a pass makes no progress
  const next = new Map<string, number>([...layers.keys()].map((k) => [k, 0]));
  const pending = (): number => [...layers].reduce((n, [k, v]) => n + v.nodes.length - next.get(k)!, 0);
  for (let left = pending(); left > 0; ) {
    for (const [layerName, { layer, nodes }] of layers) {
      for (let i = next.get(layerName)!; i < nodes.length; i++) {
        const here = `${where}: layer '${layerName}' call ${i}`;
        const n = nodes[i];
        const args = n.args.map((r) => resolve(checkRef(r, here), here));
        const states = (n.initialState ?? []).map((r) => resolve(checkRef(r, here), here));
        if (args.some((t) => !t) || states.some((t) => !t)) break;
        let out;
        try {
          const kwargs = isObject(n.kwargs) ? n.kwargs : {};
          const options = { ...kwargs, ...(states.length ? { initialState: states as SymbolicTensor[] } : {}), ...(typeof n.training === 'boolean' ? { training: n.training } : {}) };
          out = layer.apply(args.length === 1 ? (args[0] as SymbolicTensor) : (args as SymbolicTensor[]), options) as SymbolicTensor | SymbolicTensor[];
        } catch (e) {
          throw new ConfigError(`${here}: ${(e as Error).message}`);
        }
        made.set(`${layerName}\u0000${i}`, Array.isArray(out) ? out : [out]);
        next.set(layerName, i + 1);
      }
    }
    const now = pending();
    if (now === left) {
      const stuck = [...layers].find(([k, v]) => next.get(k)! < v.nodes.length)!;
      throw new ConfigError(`${where}: layer '${stuck[0]}' call ${next.get(stuck[0])} waits on tensors that are never produced (a cycle, or a reference to a missing call)`);
    }
    left = now;
  }
  const endpoints = (raw: unknown, what: string): SymbolicTensor[] => {
    // Keras 3 writes a single tensor as [name, 0, 0] and a dict of them as an object
    const list = Array.isArray(raw) && typeof raw[0] === 'string' ? [raw] : isObject(raw) ? Object.values(raw) : raw;
    if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${where}: ${what} must be a non-empty list of [layer, node, tensor]`);
    return list.map((r) => {
      const t = resolve(checkRef(r, `${where}: ${what}`), `${where}: ${what}`);
      if (!t) throw new ConfigError(`${where}: ${what} refers to call ${(r as TensorRef)[1]} of layer '${(r as TensorRef)[0]}', which the config never makes`);
      return t;
    });
  };
  const inputs = endpoints(config.inputLayers, 'inputLayers');
  const outputs = endpoints(config.outputLayers, 'outputLayers');
  return makeModel({ inputs, outputs, ...(name ? { name } : {}) });
}

/** Set by model.ts (which imports this file) to construct a Model without a circular import at load time. */
let makeModel: (args: { inputs: SymbolicTensor[]; outputs: SymbolicTensor[]; name?: string }) => Model;
export function setModelFactory(factory: typeof makeModel): void {
  makeModel = factory;
}
