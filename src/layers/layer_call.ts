// What one call of a layer takes: ApplyOptions, the public call arguments of `layer.apply` (Keras's call kwargs),
// and ForwardContext, what the engine hands a layer's `forward` besides the input batch (shapes, masks, states,
// training and inference flags). Shapes here are per sample, without the batch axis B.
import type { FloatArray } from '../kernels/types.js';
import type { SymbolicTensor } from '../models/symbolic.js';
import type { TensorLike } from '../tensor/tensor.js';

/** Call arguments of `layer.apply` (Keras's call kwargs). */
export interface ApplyOptions {
  /** Initial states for recurrent layers (one tensor [batch, units] per state); symbolic tensors in a graph. */
  initialState?: TensorLike | TensorLike[] | SymbolicTensor | SymbolicTensor[];
  /** Training mode (dropout active); default false. */
  training?: boolean;
  /** Timestep mask [batch, time] (true/1 = use the step), as Keras's `mask` call argument. */
  mask?: boolean[][] | number[][] | Uint8Array;
  /** Attention layers: a query step attends to value steps at or before it only (Keras `use_causal_mask`). */
  useCausalMask?: boolean;
  /** Attention layers: also return the attention weights [batch, Tq, Tv] (Keras `return_attention_scores`). */
  returnAttentionScores?: boolean;
}

/** What `forward` receives besides the input. */
export interface ForwardContext {
  training: boolean;
  /** Initial states as flat [B, units] arrays, or null for zeros. */
  initialState: FloatArray[] | null;
  /** Shape of one input sample (without batch); `x` holds B such samples. */
  inputShape: readonly number[];
  /** Timestep mask [B, T] from a Masking layer upstream (1 = use the step), or null. */
  mask: Uint8Array | null;
  /** Multi-input layers: the shape (without batch) of every input of this call; [inputShape] otherwise. */
  inputShapes: readonly (readonly number[])[];
  /** Multi-input layers: the timestep mask of every input of this call, or null per input. */
  masks: readonly (Uint8Array | null)[];
  /**
   * True when no backward pass follows this call (predict, evaluate), so a layer may skip the caches backward
   * reads; absent or false keeps them. Independent of `training` (a gradient check runs training = false).
   */
  inference?: boolean;
}

/** A context for a single-input call of `inputShape` (without batch). */
export function newContext(inputShape: readonly number[], training = false): ForwardContext {
  return { training, initialState: null, inputShape, mask: null, inputShapes: [inputShape], masks: [null] };
}
