// Recurrent: what SimpleRNN, LSTM and GRU share (Keras layers/rnn/rnn.py): the [batch, time, features]
// input contract, returnSequences / returnState / goBackwards, initial states and their validation.
// Subclasses own the cell math through their fused whole-sequence kernels.
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';
import { Tensor, assertFinite, tensor, type TensorLike } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type LayerArgs } from '../layer.js';

export interface RecurrentArgs extends LayerArgs {
  units: number;
  /** Return the whole sequence of states [batch, time, units] (in processing order) instead of the last. */
  returnSequences?: boolean;
  /** Also return the final states: `apply` gives `[output, ...states]`. */
  returnState?: boolean;
  /** Process the sequence from the last step to the first (output in processing order, as Keras). */
  goBackwards?: boolean;
}
export const recurrentArgNames = ['units', 'returnSequences', 'returnState', 'goBackwards', ...layerArgNames] as const;

export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  /** Number of state tensors (SimpleRNN/GRU 1, LSTM 2). */
  abstract readonly stateCount: number;

  constructor(args: RecurrentArgs) {
    super(args);
    const cls = this.getClassName();
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ConfigError(`${cls}: units must be a positive integer, got ${args?.units}`);
    }
    if (this.batchInputShape && this.batchInputShape.length !== 3) {
      throw new ConfigError(`${cls}: inputShape must be [timesteps, features], got ${fmtShape(this.batchInputShape.slice(1))}`);
    }
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
  }

  /** Any number of timesteps unless one was declared; features fixed once built. */
  override inputSpec(): (number | null)[] | null {
    const declared = this.batchInputShape ? this.batchInputShape.slice(1) : null;
    const features = this.inputShape?.[1] ?? declared?.[1] ?? null;
    if (!declared && !this.inputShape) return null;
    return [declared?.[0] ?? null, features];
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) {
      throw new ShapeError(`${this.getClassName()} expects input of shape [batch, timesteps, features], got ${fmtShape([null, ...inputShape])}`);
    }
    return this.returnSequences ? [inputShape[0], this.units] : [this.units];
  }

  protected override prepareInitialState(states: TensorLike | TensorLike[] | undefined, B: number): Float32Array[] | null {
    if (states === undefined) return null;
    // A Tensor, a list of Tensors, or (one state only) a nested array.
    let list: TensorLike[];
    if (Array.isArray(states) && states.length > 0 && states.every((s) => s instanceof Tensor)) list = states as Tensor[];
    else if (this.stateCount === 1 || !Array.isArray(states)) list = [states as TensorLike];
    else list = states as TensorLike[];
    if (list.length !== this.stateCount) {
      throw new ShapeError(`${this.getClassName()} expects ${this.stateCount} initial state tensor(s) of shape [${B}, ${this.units}], got ${list.length}`);
    }
    return list.map((s, i) => {
      const t = tensor(s);
      if (t.rank !== 2 || t.shape[0] !== B || t.shape[1] !== this.units) {
        throw new ShapeError(`${this.getClassName()} initial state ${i} must have shape [${B}, ${this.units}], got ${fmtShape(t.shape)}`);
      }
      assertFinite(t, `${this.getClassName()} initial state ${i}`);
      return t.data;
    });
  }

  protected override lastStates(B: number): Tensor[] | null {
    if (!this.returnState) return null;
    return this.finalStates(B).map((s) => new Tensor(s.slice(0, B * this.units), [B, this.units]));
  }

  /** Final states of the last forward ([B, units] each, possibly with spare capacity). */
  protected abstract finalStates(B: number): Float32Array[];

  protected recurrentConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      units: this.units,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
    };
  }
}
