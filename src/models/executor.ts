// GraphExecutor: runs a model's nodes on flat buffers, forward in topological order and backward in reverse
// (Keras functional.py `_run_through_graph`, with hand-written backward passes instead of autograd).
//
// Every symbolic tensor of the graph is a slot. Forward: a slot holds the buffer its node's runner returned
// ([B, ...shape], owned by that runner) and the timestep mask of output 0. Backward: a slot read by one node
// takes that node's input-gradient buffer as it is (no copy, as the plain layer chain always did); a slot read
// by several nodes (fan-out, a model output that is also read inside) sums their gradients into a buffer of
// its own. Nothing is allocated per batch: shapes, contexts and argument lists are set up once per distinct
// input shape (a new sequence length), buffers grow to the largest batch seen.
import { ConfigError } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { ForwardContext, Layer } from '../layers/layer.js';
import { floats } from '../memory/precision.js';
import { sizeOf } from '../tensor/tensor.js';
import { orderNodes } from './graph.js';
import type { Node, SymbolicTensor } from './symbolic.js';

/** One node's call, with its argument lists allocated once. */
interface Step {
  node: Node;
  runner: Layer;
  inSlots: number[];
  outSlots: number[];
  ctx: ForwardContext;
  ins: FloatArray[];
  states: FloatArray[] | null;
  dys: (FloatArray | null)[];
  need: boolean[];
  inShapes: number[][];
}

export class GraphExecutor {
  /** Topologically ordered nodes (Input nodes included). */
  readonly nodes: Node[];
  readonly inputSlots: number[];
  readonly outputSlots: number[];
  private readonly steps: Step[] = [];
  private readonly slotCount: number;
  /** Per slot: the forward buffer, its timestep mask, its per-sample shape for the current input shapes. */
  private readonly values: FloatArray[];
  private readonly masks: (Uint8Array | null)[];
  private readonly shapes: number[][];
  /** Per slot: readers (+1 per model output it is); slots read more than once sum into `accum`. */
  private readonly readers: Int32Array;
  private readonly needGrad: Uint8Array;
  private readonly grads: (FloatArray | null)[];
  private readonly accum: FloatArray[];
  private readonly gradSet: Uint8Array;
  private shapesReady = false;
  /** Changes whenever the per-sample shapes change (users cache what they derive from them). */
  shapeVersion = 0;

  /**
   * @param inputGrads also compute dL/d(input) for the model's inputs (a model nested in another graph,
   *   gradient checks); otherwise inputs get no gradient, as the first layer of a Sequential never did.
   */
  constructor(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[], inputGrads = false) {
    this.nodes = orderNodes(inputs, outputs);
    for (const t of inputs) if (!this.nodes.includes(t.node)) this.nodes.unshift(t.node); // an unused input (Keras allows it)
    const slotOf = new Map<SymbolicTensor, number>();
    let slots = 0;
    for (const node of this.nodes) for (const t of node.outputs) slotOf.set(t, slots++);
    this.slotCount = slots;
    const slot = (t: SymbolicTensor): number => {
      const s = slotOf.get(t);
      if (s === undefined) throw new ConfigError(`tensor '${t.name}' is not part of this model's graph`);
      return s;
    };
    this.inputSlots = inputs.map(slot);
    this.outputSlots = outputs.map(slot);
    this.values = new Array(slots).fill(null);
    this.masks = new Array(slots).fill(null);
    this.shapes = new Array(slots).fill(null);
    this.readers = new Int32Array(slots);
    this.needGrad = new Uint8Array(slots).fill(1);
    for (const s of this.inputSlots) this.needGrad[s] = inputGrads ? 1 : 0;
    this.grads = new Array(slots).fill(null);
    this.accum = Array.from({ length: slots }, () => floats(0));
    this.gradSet = new Uint8Array(slots);
    for (const s of this.outputSlots) this.readers[s]++;
    for (const node of this.nodes) {
      if (node.isInput) continue;
      const inSlots = node.inputs.map(slot);
      for (const s of inSlots) this.readers[s]++;
      const n = inSlots.length;
      this.steps.push({
        node, runner: node.runner, inSlots, outSlots: node.outputs.map(slot),
        ctx: { training: false, initialState: null, inputShape: [], mask: null, inputShapes: [], masks: new Array(n).fill(null) },
        ins: new Array(n).fill(null), states: node.stateCount > 0 ? new Array(node.stateCount).fill(null) : null,
        dys: new Array(node.outputs.length).fill(null), need: new Array(n).fill(false), inShapes: [],
      });
    }
  }

  /** Whether backward also computes dL/d(input) for the model's inputs (a model nested in another graph). */
  setInputGrads(on: boolean): void {
    for (const s of this.inputSlots) this.needGrad[s] = on ? 1 : 0;
  }

  /** The runners of the nodes, in order (each a layer or a weight-sharing twin). */
  get runners(): Layer[] {
    return this.steps.map((s) => s.runner);
  }

  /**
   * Sets the per-sample shapes of the inputs (concrete, e.g. [T, F]) and derives every slot's shape; does
   * nothing when they are the ones already set, so a run of equal-length batches allocates nothing.
   */
  setInputShapes(inputShapes: readonly (readonly number[])[]): void {
    if (this.shapesReady && inputShapes.every((s, i) => sameShape(s, this.shapes[this.inputSlots[i]]))) return;
    inputShapes.forEach((s, i) => (this.shapes[this.inputSlots[i]] = [...s]));
    for (const step of this.steps) {
      step.inShapes = step.inSlots.map((s) => this.shapes[s]);
      const out = step.runner.computeOutputShapes(step.inShapes);
      step.outSlots.forEach((s, k) => (this.shapes[s] = out[k]));
      step.ctx.inputShape = step.inShapes[0];
      step.ctx.inputShapes = step.inShapes;
    }
    this.shapesReady = true;
    this.shapeVersion++;
  }

  /** Per-sample shape of a slot for the current input shapes. */
  shapeOf(slot: number): number[] {
    return this.shapes[slot];
  }

  /**
   * Runs every node on B samples; inputs[k] holds B samples of input k. Read results with `value`/`mask`.
   * `inference`: no backward pass follows (see ForwardContext.inference).
   */
  forward(inputs: readonly FloatArray[], B: number, training: boolean, inference = false): void {
    const { values, masks } = this;
    this.inputSlots.forEach((s, k) => { values[s] = inputs[k]; masks[s] = null; });
    for (const step of this.steps) {
      const { ctx, ins, inSlots, states } = step;
      const n = inSlots.length;
      const ctxMasks = ctx.masks as (Uint8Array | null)[];
      for (let i = 0; i < n; i++) { ins[i] = values[inSlots[i]]; ctxMasks[i] = masks[inSlots[i]]; }
      if (states) {
        const first = n - states.length;
        for (let k = 0; k < states.length; k++) states[k] = ins[first + k];
      }
      ctx.initialState = states;
      ctx.mask = masks[inSlots[0]];
      ctx.training = step.node.training ?? training;
      ctx.inference = inference;
      const outs = step.runner.callForward(ins, B, ctx);
      const outSlots = step.outSlots;
      for (let k = 0; k < outSlots.length; k++) {
        values[outSlots[k]] = outs[k];
        masks[outSlots[k]] = k === 0 ? step.runner.outputMask : null;
      }
    }
  }

  /** The forward buffer of a slot ([B, ...shapeOf(slot)]). */
  value(slot: number): FloatArray {
    return this.values[slot];
  }

  /** The timestep mask of a slot ([B, T]) or null. */
  mask(slot: number): Uint8Array | null {
    return this.masks[slot];
  }

  /**
   * Back-propagates from dL/d(output k) = dOutputs[k] (null: output k is not in the loss) through the last
   * forward. Weight gradients accumulate into the Variables' grad views; input gradients (when asked for at
   * construction) are read with `grad(inputSlots[k])`.
   */
  backward(dOutputs: readonly (FloatArray | null)[], B: number): void {
    const { grads, gradSet } = this;
    grads.fill(null);
    gradSet.fill(0);
    this.outputSlots.forEach((s, k) => { if (dOutputs[k]) this.addGrad(s, dOutputs[k]!, B); });
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i];
      const { dys, need, inSlots, outSlots } = step;
      let any = false;
      for (let k = 0; k < outSlots.length; k++) { dys[k] = grads[outSlots[k]]; if (dys[k]) any = true; }
      if (!any) continue;
      let needAny = false;
      for (let k = 0; k < inSlots.length; k++) { need[k] = this.needGrad[inSlots[k]] === 1; if (need[k]) needAny = true; }
      if (!needAny && step.runner.weights.length === 0) continue;
      const res = step.runner.callBackward(dys, B, need);
      for (let k = 0; k < inSlots.length; k++) if (need[k] && res[k]) this.addGrad(inSlots[k], res[k]!, B);
    }
  }

  /** dL/d(slot) after `backward`, or null where no gradient reached it. */
  grad(slot: number): FloatArray | null {
    return this.grads[slot];
  }

  private addGrad(slot: number, g: FloatArray, B: number): void {
    if (this.readers[slot] <= 1) {
      this.grads[slot] = g;
      return;
    }
    const n = B * sizeOf(this.shapes[slot]);
    if (this.accum[slot].length < n) this.accum[slot] = floats(n);
    const acc = this.accum[slot];
    if (this.gradSet[slot] === 0) {
      for (let i = 0; i < n; i++) acc[i] = g[i];
      this.gradSet[slot] = 1;
    } else {
      for (let i = 0; i < n; i++) acc[i] += g[i];
    }
    this.grads[slot] = acc;
  }

  /** Drops per-slot scratch (gradient accumulators) so they are allocated again in the current precision. */
  releaseBuffers(): void {
    for (let s = 0; s < this.slotCount; s++) this.accum[s] = floats(0);
  }
}

function sameShape(a: readonly number[], b: readonly number[] | null): boolean {
  return b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}
