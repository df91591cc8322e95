// Flat parameter memory (llm.c style): all of a model's weights live in one Float32Array, their
// gradients in a second of the same layout, and each optimizer slot in a third. Sizes are computed
// first, the buffers allocated once, and every weight is a view (subarray) into them.
// Because index i means the same scalar in every buffer, an optimizer step is one loop.
import type { Initializer } from '../initializers/initializers.js';
import type { L1L2 } from '../regularizers/regularizers.js';
import { floats } from '../memory/precision.js';
import type { FloatArray } from '../kernels/types.js';

/** One trainable array of a layer: its name, Keras shape and its views into parameter memory. */
export interface Variable {
  /** Keras weight name, e.g. 'kernel', 'recurrent_kernel', 'bias'. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly size: number;
  readonly initializer: Initializer;
  /** Penalty added to the loss (and its gradient to `grad`) in training, or null. */
  readonly regularizer: L1L2 | null;
  /** Values, a view into the owning store. */
  value: FloatArray;
  /** Gradient, a view into the owning store's gradient buffer (same offset). */
  grad: FloatArray;
  /**
   * The store whose memory `value` and `grad` view. Holding it keeps that memory alive: WebAssembly memory is
   * reclaimed when a store's buffers are collected, which must not happen while a view is in use.
   */
  owner?: ParamStore;
}

export class ParamStore {
  /** Number of scalars in all variables. */
  readonly size: number;
  /** The first `trainableSize` scalars belong to trainable variables; optimizers update only those. */
  readonly trainableSize: number;
  readonly values: FloatArray;
  readonly grads: FloatArray;
  /** Offsets of the trainable variables: variable v spans [segments[v], segments[v+1]) (per-variable clipping). */
  readonly segments: Int32Array;
  /** The variables laid out here, in order, and where each starts. */
  readonly variables: readonly Variable[];
  readonly offsets: ReadonlyMap<Variable, number>;

  /**
   * Allocates memory for `vars` (in order) and points each variable's `value` and `grad` at its slice.
   * Values already held by the variables are copied into the new memory. The first `trainableCount`
   * variables are the trainable ones (all by default).
   */
  constructor(vars: readonly Variable[], trainableCount = vars.length) {
    this.size = vars.reduce((n, v) => n + v.size, 0);
    this.trainableSize = vars.slice(0, trainableCount).reduce((n, v) => n + v.size, 0);
    this.values = floats(this.size);
    this.grads = floats(this.size);
    this.segments = new Int32Array(trainableCount + 1);
    this.variables = [...vars];
    const offsets = new Map<Variable, number>();
    this.offsets = offsets;
    let offset = 0;
    for (const [i, v] of vars.entries()) {
      if (i < trainableCount) this.segments[i] = offset;
      const value = this.values.subarray(offset, offset + v.size);
      if (v.value.length === v.size) value.set(v.value);
      v.value = value;
      v.grad = this.grads.subarray(offset, offset + v.size);
      v.owner = this;
      offsets.set(v, offset);
      offset += v.size;
    }
    this.segments[trainableCount] = this.trainableSize;
  }

  /** Zeroes every gradient (once per training step; backward kernels accumulate). */
  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** A new zeroed buffer with this store's layout, for an optimizer slot. */
  slot(): FloatArray {
    return floats(this.size);
  }
}
