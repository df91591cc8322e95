// Recurrent: what SimpleRNN, LSTM and GRU share (Keras layers/rnn/rnn.py + dropout_rnn_cell.py): the
// [batch, time, features] contract, returnSequences / returnState / goBackwards / stateful, initial states,
// Keras's dropout masks and Masking support. The buffers the fused kernels read and write live in a
// RecurrentBufferSet (recurrent_buffers.ts). Subclasses declare their weights and call their kernels
// (runForward / runBackward).
import { ConfigError, ShapeError, StateError, fmtShape } from '../../errors.js';
import { Act, type ActivationId, type RecurrentBuffers, type RecurrentGrads, type FloatArray } from '../../kernels/types.js';
import { Random, getRandom } from '../../random/random.js';
import { Tensor, assertFinite, copyToTensor, tensor, type TensorLike } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { copy, copyLastStep, zeroMaskedRows } from './rows.js';
import { fillDropoutMask } from './dropout_masks.js';
import { floats } from '../../memory/precision.js';
import { RecurrentBufferSet } from './recurrent_buffers.js';

export interface RecurrentArgs extends LayerArgs {
  units: number;
  /** Return the whole sequence of outputs [batch, time, units] (in processing order) instead of the last. */
  returnSequences?: boolean;
  /** Also return the final states: `apply` gives `[output, ...states]`. */
  returnState?: boolean;
  /** Process the sequence from the last step to the first. */
  goBackwards?: boolean;
  /** Carry the final states of one batch into the next (and across predict calls) until `resetStates()`. */
  stateful?: boolean;
  /** Fraction of the input units to drop in training (one mask per sequence). */
  dropout?: number;
  /** Fraction of the recurrent state units to drop in training (one mask per sequence). */
  recurrentDropout?: number;
  /** Seed of this layer's dropout generator; default: the global generator (setRandomSeed). */
  seed?: number | null;
  /** With a mask and returnSequences, output zeros at masked steps (Keras RNN `zero_output_for_mask`). */
  zeroOutputForMask?: boolean;
  /** Keras's loop-unrolling switch; accepted for compatibility, the fused kernels make it irrelevant. */
  unroll?: boolean;
}
export const recurrentArgNames = [
  'units', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'dropout', 'recurrentDropout', 'seed',
  'zeroOutputForMask', 'unroll', ...layerArgNames,
] as const;

const empty = (): FloatArray => floats(0);

export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  zeroOutputForMask: boolean;
  readonly unroll: boolean;
  /** Number of state tensors (SimpleRNN/GRU 1, LSTM 2). */
  abstract readonly stateCount: number;
  /** Gates per unit (SimpleRNN 1, LSTM 4, GRU 3). */
  protected abstract readonly gates: number;
  /** Elements of the kernel's auxiliary cache per (batch, time) row (see RecurrentBuffers.aux). */
  protected abstract auxPerStep(): number;
  /** Writes the current weight views into io/g (views move when a model adopts the weights). */
  protected abstract bindWeights(): void;
  protected abstract runForward(): void;
  protected abstract runBackward(): void;
  /** Activation of the recurrent gates (SimpleRNN has none). */
  protected recurrentActivationId: ActivationId = Act.sigmoid;
  protected abstract activationId(): ActivationId;

  /** The kernels' buffers: created at the first forward pass after construction or releaseBuffers(), dropped by releaseBuffers(). */
  private bufs: RecurrentBufferSet | null = null;
  protected get io(): RecurrentBuffers<FloatArray> { return this.bufs!.io; }
  protected get g(): RecurrentGrads<FloatArray> { return this.bufs!.g; }
  private dropoutRandom: Random | null;
  /** Stateful layers: the carried states ([B, units] each), null until the first batch. */
  private carried: FloatArray[] | null = null;
  private maskedOutput = false;

  constructor(args: RecurrentArgs) {
    super(args);
    const cls = this.getClassName();
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ConfigError(`${cls}: units must be a positive integer, got ${args?.units}`);
    }
    if (this.batchInputShape && this.batchInputShape.length !== 3) {
      throw new ConfigError(`${cls}: inputShape must be [timesteps, features], got ${fmtShape(this.batchInputShape.slice(1))}`);
    }
    const rate = (v: number | undefined, name: string): number => {
      const r = v ?? 0;
      if (typeof r !== 'number' || !(r >= 0 && r <= 1)) throw new ConfigError(`${cls}: ${name} must be in [0, 1], got ${v}`);
      return r;
    };
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.dropout = rate(args.dropout, 'dropout');
    this.recurrentDropout = rate(args.recurrentDropout, 'recurrentDropout');
    this.seed = args.seed ?? null;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    this.unroll = args.unroll ?? false;
    this.dropoutRandom = this.seed === null ? null : new Random(this.seed);
  }

  /** Any number of timesteps unless declared; features fixed once built. */
  override inputSpec(): (number | null)[] | null {
    const declared = this.batchInputShape ? this.batchInputShape.slice(1) : null;
    if (!declared && !this.inputShape) return null;
    return [declared?.[0] ?? null, this.inputShape?.[1] ?? declared?.[1] ?? null];
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) {
      throw new ShapeError(`${this.getClassName()} expects input of shape [batch, timesteps, features], got ${fmtShape([null, ...inputShape])}`);
    }
    return this.returnSequences ? [inputShape[0], this.units] : [this.units];
  }

  // ---- buffers ---------------------------------------------------------------------------------

  private buffers(): RecurrentBufferSet {
    this.bufs ??= new RecurrentBufferSet({
      units: this.units, gates: this.gates, stateCount: this.stateCount, auxPerStep: this.auxPerStep(),
      act: this.activationId(), recAct: this.recurrentActivationId, goBackwards: this.goBackwards,
    });
    return this.bufs;
  }

  override releaseBuffers(): void {
    this.stateOut = this.dh0 = this.dc0 = empty();
    this.bufs = null;
  }

  /**
   * Keras's dropout masks (dropout_rnn_cell.py): drawn once per call, fixed over time, entries 0 or 1/(1−rate).
   * Keras uses one input mask for all gates unless recurrentDropout > 0 (implementation 1), where every gate
   * gets its own input and recurrent mask; SimpleRNN always has one of each.
   */
  private drawMasks(bufs: RecurrentBufferSet, training: boolean, B: number, I: number): void {
    const io = bufs.io;
    io.inMask = null;
    io.recMask = null;
    if (!training) return;
    const rng = this.dropoutRandom ?? getRandom();
    const perGate = this.gates > 1 && this.recurrentDropout > 0;
    const fill = (buf: FloatArray, n: number, rate: number): void => fillDropoutMask(buf, n, rate, this.gates, perGate, rng);
    // Keras: `if training and 0.0 < rate < 1.0`
    if (this.dropout > 0 && this.dropout < 1) {
      fill(bufs.inMask, B * I, this.dropout);
      io.inMask = bufs.inMask;
    }
    if (this.recurrentDropout > 0 && this.recurrentDropout < 1) {
      fill(bufs.recMask, B * this.units, this.recurrentDropout);
      io.recMask = bufs.recMask;
    }
  }

  // ---- forward / backward ----------------------------------------------------------------------

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const T = ctx.inputShape[0], I = ctx.inputShape[1], H = this.units;
    const bufs = this.buffers();
    bufs.ensure(B, T, I, ctx.inference === true);
    const io = bufs.io;
    io.B = B; io.T = T; io.I = I; io.x = x;
    this.bindWeights();
    this.drawMasks(bufs, ctx.training, B, I);
    io.stepMask = ctx.mask;
    io.inference = ctx.inference === true;
    // initial states: given > carried (stateful) > zeros; copied so that carrying can overwrite freely
    const given = ctx.initialState;
    if (this.stateful && !given) this.checkStatefulBatch(B);
    copy(bufs.h0, this.startState(bufs, given, 0), B * H);
    io.h0 = bufs.h0;
    if (this.stateCount === 2) {
      copy(bufs.c0, this.startState(bufs, given, 1), B * H);
      io.c0 = bufs.c0;
    }
    // allocated before the carried states move on (an allocation refused at the memory limit changes nothing)
    const seqOut = this.returnSequences && ctx.mask !== null ? bufs.maskedSequence(B * T) : null;
    this.runForward();
    if (this.stateful) {
      copyLastStep(this.carried![0], io.hs, B, T, H);
      if (this.stateCount === 2) copyLastStep(this.carried![1], io.cs!, B, T, H);
    }
    this.outputMask = this.returnSequences ? ctx.mask : null;
    this.maskedOutput = ctx.mask !== null;
    if (!this.returnSequences) {
      copyLastStep(bufs.last, io.hs, B, T, H);
      if (this.maskedOutput) this.zeroMaskedOutputs(bufs.last, B, T, true);
      return bufs.last;
    }
    if (!seqOut) return io.hs;
    copy(seqOut, io.hs, B * T * H);
    this.zeroMaskedOutputs(seqOut, B, T, false);
    return seqOut;
  }

  /** Initial state k: given > carried (stateful) > zeros. */
  private startState(bufs: RecurrentBufferSet, given: FloatArray[] | null, k: number): FloatArray {
    return given?.[k] ?? (this.stateful ? this.carried![k] : bufs.zeroState);
  }

  /** Zeroes the outputs Keras zeroes under a mask (see rows.ts zeroMaskedRows). */
  private zeroMaskedOutputs(buf: FloatArray, B: number, T: number, lastOnly: boolean): void {
    zeroMaskedRows(buf, this.io.stepMask!, B, T, this.units, this.goBackwards, this.zeroOutputForMask, lastOnly);
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    return this.backwardThrough(dy, null, null, B, needInputGrad, false);
  }

  /**
   * Backpropagation through time from the output gradient `dy` (or null) and the final states' gradients
   * `dhState` / `dcState` ([B, H] each, or null: a graph that uses the returned states). Writes dL/dh0 and
   * dL/dc0 into stateGrads when `needStateGrads`; returns dL/dx when `needInputGrad`.
   */
  private backwardThrough(dy: FloatArray | null, dhState: FloatArray | null, dcState: FloatArray | null, B: number, needInputGrad: boolean, needStateGrads: boolean): FloatArray | null {
    const bufs = this.bufs!, g = bufs.g, H = this.units, T = bufs.io.T;
    // an inference forward keeps one step's caches: nothing a backward pass could use
    if (bufs.io.inference) throw new StateError(`${this.getClassName()} '${this.name}': backward after an inference forward (predict/evaluate); run a training forward first`);
    bufs.ensureGrad(B, T);
    const dySeq = bufs.dySeq;
    this.bindWeights();
    let dhs: FloatArray | null = null;
    let dLast: FloatArray | null = null;
    if (this.returnSequences) {
      dhs = dy;
      if (dy && this.maskedOutput) {
        copy(dySeq, dy, B * T * H);
        this.zeroMaskedOutputs(dySeq, B, T, false);
        dhs = dySeq;
      }
      dLast = dhState;
    } else {
      dLast = dy;
      if ((dy && this.maskedOutput) || (dy && dhState)) {
        copy(dySeq, dy, B * H);
        if (this.maskedOutput) this.zeroMaskedOutputs(dySeq, B, T, true);
        if (dhState) for (let i = 0; i < B * H; i++) dySeq[i] += dhState[i];
        dLast = dySeq;
      } else if (!dy) dLast = dhState;
    }
    g.dhs = dhs;
    g.dhLast = dLast;
    g.dcLast = dcState;
    const dx = g.dx;
    if (!needInputGrad) g.dx = null;
    g.dh0 = needStateGrads ? this.dh0 : null;
    g.dc0 = needStateGrads && this.stateCount === 2 ? this.dc0 : null;
    this.runBackward();
    g.dx = dx;
    g.dh0 = g.dc0 = null;
    return needInputGrad ? dx : null;
  }

  // ---- graph calls: initial states in, final states out ------------------------------------------

  override stateInputCount(): number {
    return this.stateCount;
  }

  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    const stateShapes = shapes.slice(1);
    stateShapes.forEach((s, k) => {
      if (s.length !== 1 || (s[0] !== null && s[0] !== this.units)) throw new ShapeError(`${this.getClassName()} '${this.name}': initial state ${k} must have shape [batch, ${this.units}], got ${fmtShape([null, ...s])}`);
    });
    const out = this.computeOutputShape(shapes[0]);
    return this.returnState ? [out, ...Array.from({ length: this.stateCount }, () => [this.units])] : [out];
  }

  /** Outputs [y, ...final states] with returnState; initial states come in after x (ctx.initialState). */
  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    const out = this.callOutputs;
    out[0] = this.forward(inputs[0], B, ctx);
    if (this.returnState) this.finalStateBuffers(B, out, 1);
    return out;
  }

  /** Writes the last forward's final states ([B, H] buffers owned by the layer) into out[at], out[at + 1]. */
  finalStateBuffers(B: number, out: FloatArray[], at: number): void {
    const H = this.units, T = this.io.T;
    if (this.stateOut.length < B * H * 2) this.stateOut = floats(B * H * 2);
    out[at] = copyLastStep(this.stateOut.subarray(0, B * H), this.io.hs, B, T, H);
    if (this.stateCount === 2) out[at + 1] = copyLastStep(this.stateOut.subarray(B * H, 2 * B * H), this.io.cs!, B, T, H);
  }
  private stateOut: FloatArray = empty();

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, needInputGrad: readonly boolean[]): readonly (FloatArray | null)[] {
    const needStates = needInputGrad.length > 1 && needInputGrad.slice(1).some((n) => n);
    if (needStates && this.dh0.length < B * this.units) {
      this.dh0 = floats(B * this.units);
      this.dc0 = floats(B * this.units);
    }
    const grads = this.callInputGrads;
    grads.length = needInputGrad.length;
    grads[0] = this.backwardThrough(dOutputs[0] ?? null, dOutputs[1] ?? null, dOutputs[2] ?? null, B, needInputGrad[0], needStates);
    if (needInputGrad.length > 1) grads[1] = needStates ? this.dh0 : null;
    if (needInputGrad.length > 2) grads[2] = needStates ? this.dc0 : null;
    return grads;
  }
  private dh0: FloatArray = empty();
  private dc0: FloatArray = empty();

  // ---- states ----------------------------------------------------------------------------------

  private checkStatefulBatch(B: number): void {
    const declared = this.batchInputShape?.[0] ?? null;
    if (declared !== null && declared !== B) {
      throw new ShapeError(`${this.getClassName()} '${this.name}' is stateful with batch size ${declared} (batchInputShape), got a batch of ${B}`);
    }
    if (!this.carried) {
      this.carried = Array.from({ length: this.stateCount }, () => floats(B * this.units));
      this.carriedBatch = B;
    } else if (this.carriedBatch !== B) {
      throw new ShapeError(`${this.getClassName()} '${this.name}' is stateful and carries states for batch size ${this.carriedBatch}, got a batch of ${B}; use the same batch size (and shuffle: false), or resetStates() first`);
    }
  }
  private carriedBatch = 0;

  /**
   * Stateful layers: zeroes the carried states (Keras `reset_states()`), or sets them to `states`
   * (one [batch, units] tensor per state).
   */
  resetStates(states?: TensorLike | TensorLike[]): void {
    if (!this.stateful) throw new ConfigError(`${this.getClassName()} '${this.name}' is not stateful; resetStates() needs stateful: true`);
    if (states === undefined) {
      this.carried = null;
      return;
    }
    const list = this.prepareInitialState(states, this.carriedBatch || tensor(Array.isArray(states) && states[0] instanceof Tensor ? states[0] : (states as TensorLike)).shape[0]);
    this.carried = list!.map((s) => s.slice());
    this.carriedBatch = this.carried[0].length / this.units;
  }

  /** The carried states of a stateful layer (copies), or null before the first batch. */
  getStates(): Tensor[] | null {
    if (!this.carried) return null;
    return this.carried.map((s) => copyToTensor(s, [this.carriedBatch, this.units]));
  }

  /** Final states of the last forward ([B, units] each). */
  protected finalStates(B: number): FloatArray[] {
    const io = this.io, T = io.T, H = this.units;
    const h = copyLastStep(floats(B * H), io.hs, B, T, H);
    return this.stateCount === 2 ? [h, copyLastStep(floats(B * H), io.cs!, B, T, H)] : [h];
  }

  protected override prepareInitialState(states: TensorLike | TensorLike[] | undefined, B: number): FloatArray[] | null {
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
    return this.finalStates(B).map((s) => copyToTensor(s, [B, this.units]));
  }

  protected recurrentConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      units: this.units,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
      zeroOutputForMask: this.zeroOutputForMask,
      unroll: this.unroll,
    };
  }
}
