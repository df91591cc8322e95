// RNNCell: the contract of a user-defined recurrent cell for the generic `RNN` layer (Keras: a layer with
// `call(input_t, states) → (output, new_states)` and `state_size`). A cell computes ONE step for a batch; RNN
// runs the loop over time, masking, goBackwards and returnSequences. Unlike Keras there is no autograd, so a
// cell also writes its backward step; `checkGradients` verifies it.
import type { InitializerIdentifier } from '../../initializers/initializers.js';
import type { FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';

/** The buffers of one forward step for B samples (all row-major, batch first). */
export interface CellStep {
  B: number;
  /** [B, inputDim] the inputs of this step. */
  x: FloatArray;
  /** Previous states, one [B, stateSize[k]] per state. */
  states: FloatArray[];
  /** Out: the new states, one [B, stateSize[k]] per state. */
  newStates: FloatArray[];
  /** Out: [B, outputSize]. */
  output: FloatArray;
  /** [B, cacheSize] scratch kept for this step's backward (write anything backward will need). */
  cache: FloatArray;
  training: boolean;
}

/** One backward step: the forward buffers plus gradients. */
export interface CellStepGrad extends CellStep {
  /** dL/d output [B, outputSize]. */
  dOutput: FloatArray;
  /** dL/d newStates, one [B, stateSize[k]] per state. */
  dNewStates: FloatArray[];
  /** Out (overwrite): dL/dx [B, inputDim]. */
  dx: FloatArray;
  /** Out (overwrite): dL/d states, one [B, stateSize[k]] per state. */
  dStates: FloatArray[];
}

export type AddWeight = (name: string, shape: number[], initializer: InitializerIdentifier) => Variable;

export abstract class RNNCell {
  static className = 'RNNCell';
  /** Rebuilds a cell from `getConfig()` output; the default passes the config to the constructor. */
  static fromConfig(config: Record<string, unknown>): RNNCell {
    const Cls = this as unknown as new (config: Record<string, unknown>) => RNNCell;
    return new Cls(config);
  }
  /** Size of each state, e.g. [units] (Keras `state_size`). */
  abstract readonly stateSize: number[];
  /** Size of a step's output; default the first state's size (Keras `output_size`). */
  get outputSize(): number {
    return this.stateSize[0];
  }
  /** Values per sample this cell caches in each step for backward; default 0. */
  cacheSize(_inputDim: number): number {
    return 0;
  }
  /** Declares the weights; `addWeight` returns a Variable whose `value` and `grad` views the cell reads. */
  abstract build(inputDim: number, addWeight: AddWeight): void;
  abstract stepForward(step: CellStep): void;
  /** Accumulates (+=) into its weights' `grad`, overwrites `dx` and `dStates`. */
  abstract stepBackward(step: CellStepGrad): void;
  /** Constructor arguments. */
  abstract getConfig(): Record<string, unknown>;
  getClassName(): string {
    return (this.constructor as typeof RNNCell).className;
  }
}
