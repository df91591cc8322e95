// The nodes between a model's inputs and outputs, in an order where every node comes after the nodes that
// produce its inputs (Keras functional.py `_build_map`). Iterative (no recursion, so a deep graph cannot
// overflow the stack); a node appears once however many paths reach it.
import { ConfigError } from '../errors.js';
import { Input } from '../layers/core/input_layer.js';
import type { Node, SymbolicTensor } from './symbolic.js';

/**
 * Topologically ordered nodes that `outputs` depend on, Input nodes included. Throws when an output depends on
 * an Input that is not among `inputs` (Keras: "Graph disconnected").
 */
export function orderNodes(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): Node[] {
  const given = new Set(inputs.map((t) => t.node));
  const order: Node[] = [];
  const state = new Map<Node, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const out of outputs) {
    const stack: { node: Node; next: number }[] = [{ node: out.node, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === 0) {
        if (state.get(top.node) === 2) { stack.pop(); continue; }
        state.set(top.node, 1);
      }
      const inbound = given.has(top.node) ? [] : top.node.inputs;
      if (top.next < inbound.length) {
        const producer = inbound[top.next++].node;
        const seen = state.get(producer);
        if (seen === 1) throw new ConfigError(`the graph has a cycle through layer '${producer.layer.name}'`);
        if (seen !== 2) stack.push({ node: producer, next: 0 });
        continue;
      }
      if (top.node.isInput && !given.has(top.node)) {
        throw new ConfigError(`graph disconnected: an output depends on Input '${top.node.layer.name}', which is not among the model's inputs`);
      }
      state.set(top.node, 2);
      order.push(top.node);
      stack.pop();
    }
  }
  return order;
}

/**
 * The model's layers in Keras's order (keras/src/ops/function.py `map_graph`): by depth — the longest path from
 * a layer's calls to an output — deepest (the inputs) first, ties in the order a depth-first walk from the
 * outputs first meets them. Files name weights by this order, so it must match Keras's exactly.
 * @param ordered the nodes from `orderNodes` (a post-order of that same walk)
 */
export function kerasLayerOrder(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[], ordered: readonly Node[]): Node['layer'][] {
  type L = Node['layer'];
  const inGraph = new Set(ordered);
  const given = new Set(inputs.map((t) => t.node));
  // first-visit (pre-order) index of each layer in the walk from the outputs
  const index = new Map<L, number>();
  const seen = new Set<Node>();
  for (const out of outputs) {
    const stack: Node[] = [out.node];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (!index.has(node.layer)) index.set(node.layer, index.size);
      if (given.has(node)) continue;
      for (let i = node.inputs.length - 1; i >= 0; i--) if (!seen.has(node.inputs[i].node)) stack.push(node.inputs[i].node);
    }
  }
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<L, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i];
    if (!nodeDepth.has(node)) nodeDepth.set(node, 0);
    const depth = Math.max(nodeDepth.get(node)!, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    if (given.has(node)) continue;
    for (const t of node.inputs) if (inGraph.has(t.node)) nodeDepth.set(t.node, Math.max(depth + 1, nodeDepth.get(t.node) ?? 0));
  }
  for (const t of inputs) {
    if (!layerDepth.has(t.node.layer)) {
      layerDepth.set(t.node.layer, 0);
      index.set(t.node.layer, -1);
    }
  }
  return [...layerDepth.keys()].sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || index.get(a)! - index.get(b)!);
}

/**
 * Calls the layers of a graph again on new Inputs shaped like `inputs` (Keras's way of calling a functional model
 * on new tensors): each layer's new call runs on a weight-sharing twin. Returns the new inputs and outputs.
 */
export function replayGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[], nodes: readonly Node[]): { inputs: SymbolicTensor[]; outputs: SymbolicTensor[] } {
  const fresh = inputs.map((t) => Input({ batchShape: [...t.shape], name: `${t.node.layer.name}_${t.id}` }));
  const map = new Map<SymbolicTensor, SymbolicTensor>();
  inputs.forEach((t, i) => map.set(t, fresh[i]));
  for (const node of nodes) {
    if (node.isInput) continue;
    const args = node.callInputs.map((t) => map.get(t)!);
    const states = node.inputs.slice(args.length).map((t) => map.get(t)!);
    const options = { ...node.kwargs, ...(states.length ? { initialState: states } : {}), ...(node.training === null ? {} : { training: node.training }) };
    const out = node.layer.apply((args.length === 1 ? args[0] : args) as SymbolicTensor, options);
    (Array.isArray(out) ? out : [out]).forEach((t, k) => map.set(node.outputs[k], t as SymbolicTensor));
  }
  return { inputs: fresh, outputs: outputs.map((t) => map.get(t)!) };
}
