// The nodes between a model's inputs and outputs, in an order where every node comes after the nodes that
// produce its inputs (Keras functional.py `_build_map`). Iterative (no recursion, so a deep graph cannot
// overflow the stack); a node appears once however many paths reach it.
import { ConfigError } from '../errors.js';
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

/** The distinct layers of ordered nodes, in first-call order (Keras `model.layers`). */
export function layersOf(nodes: readonly Node[]): Node['layer'][] {
  const seen = new Set<Node['layer']>();
  for (const n of nodes) seen.add(n.layer);
  return [...seen];
}
