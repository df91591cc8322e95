// RNN(cell): the generic recurrent layer for user-defined cells (Keras layers/rnn/rnn.py). It runs the loop
// over time one step at a time (the built-in SimpleRNN/LSTM/GRU use fused whole-sequence kernels instead),
// with returnSequences, returnState, goBackwards, initial states and masking (masked steps carry the states
// and repeat the previous output, or output zeros with zeroOutputForMask). Stateful cells and dropout are
// the built-in layers' features; a custom cell handles dropout itself if it wants it.
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import { floats } from '../../memory/precision.js';
import { Tensor, assertFinite, copyToTensor, tensor, type TensorLike } from '../../tensor/tensor.js';
import { Layer, layerArgNames, type ForwardContext, type LayerArgs } from '../layer.js';
import { RNNCell, type CellStepGrad } from './cell.js';
import { deserializeCell, type CustomObjects, registerLayer } from '../../registry/registry.js';

export interface RNNArgs extends LayerArgs {
  cell: RNNCell;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  zeroOutputForMask?: boolean;
}

export class RNN extends Layer {
  static override className = 'RNN';
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly zeroOutputForMask: boolean;
  private capB = 0;
  private capT = 0;
  private B = 0;
  private T = 0;
  private I = 0;
  private mask: Uint8Array | null = null;
  // per processing step s: inputs, states (s = 0 … T), outputs, caches; and the step record handed to the cell
  private xs: FloatArray[] = [];
  private st: FloatArray[][] = [];
  private outs: FloatArray[] = [];
  private caches: FloatArray[] = [];
  private y: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private dOut: FloatArray = floats(0);
  private dNew: FloatArray[] = [];
  private keepOut: FloatArray = floats(0);
  private keepNew: FloatArray[] = [];
  private dPrev: FloatArray[] = [];
  private dxStep: FloatArray = floats(0);
  private zeroOut: FloatArray = floats(0);
  private step!: CellStepGrad;

  constructor(args: RNNArgs) {
    checkOptions('RNN', args, ['cell', 'returnSequences', 'returnState', 'goBackwards', 'zeroOutputForMask', ...layerArgNames]);
    super(args);
    if (!(args?.cell instanceof RNNCell)) throw new ConfigError('RNN needs a cell: new RNN({ cell: new MyCell(...) }) where MyCell extends RNNCell');
    this.cell = args.cell;
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
  }

  override inputSpec(): (number | null)[] | null {
    return this.inputShape ? [null, this.inputShape[1]] : super.inputSpec();
  }

  /** Keras `RNN.from_config`: the cell is rebuilt from its registered class (see registerCell). */
  static override fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Layer {
    const cell = config.cell instanceof RNNCell ? config.cell : deserializeCell(config.cell, customObjects);
    return new RNN({ ...config, cell } as RNNArgs);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 2) throw new ShapeError(`RNN expects input of shape [batch, timesteps, features], got ${fmtShape([null, ...inputShape])}`);
    return this.returnSequences ? [inputShape[0], this.cell.outputSize] : [this.cell.outputSize];
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.cell.build(inputShape[1], (name, shape, init) => this.addWeight(name, shape, init));
  }

  override releaseBuffers(): void {
    this.capB = this.capT = 0;
  }

  private ensureCapacity(B: number, T: number, I: number): void {
    if (B <= this.capB && T <= this.capT) return;
    this.capB = B = Math.max(B, this.capB);
    this.capT = T = Math.max(T, this.capT);
    const S = this.cell.stateSize, O = this.cell.outputSize, C = this.cell.cacheSize(I);
    this.xs = Array.from({ length: T }, () => floats(B * I));
    this.st = Array.from({ length: T + 1 }, () => S.map((n) => floats(B * n)));
    this.outs = Array.from({ length: T }, () => floats(B * O));
    this.caches = Array.from({ length: T }, () => floats(B * C));
    this.y = floats(B * T * O);
    this.dx = floats(B * T * I);
    this.dOut = floats(B * O);
    this.dNew = S.map((n) => floats(B * n));
    this.keepOut = floats(B * O);
    this.keepNew = S.map((n) => floats(B * n));
    this.dPrev = S.map((n) => floats(B * n));
    this.dxStep = floats(B * I);
    this.zeroOut = floats(B * O);
    this.step = {
      B, x: this.xs[0], states: this.st[0], newStates: this.st[1], output: this.outs[0], cache: this.caches[0], training: false,
      dOutput: this.dOut, dNewStates: this.dNew, dx: this.dxStep, dStates: this.dPrev,
    };
  }

  private masked(b: number, s: number): boolean {
    return this.mask !== null && this.mask[b * this.T + (this.goBackwards ? this.T - 1 - s : s)] === 0;
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const T = (this.T = ctx.inputShape[0]), I = (this.I = ctx.inputShape[1]);
    this.B = B;
    this.ensureCapacity(B, T, I);
    this.mask = ctx.mask;
    const S = this.cell.stateSize, O = this.cell.outputSize;
    S.forEach((n, k) => {
      const init = ctx.initialState?.[k];
      const s0 = this.st[0][k];
      for (let i = 0; i < B * n; i++) s0[i] = init ? init[i] : 0;
    });
    const step = this.step;
    step.B = B;
    step.training = ctx.training;
    for (let s = 0; s < T; s++) {
      const t = this.goBackwards ? T - 1 - s : s;
      const xs = this.xs[s];
      for (let b = 0; b < B; b++) for (let i = 0; i < I; i++) xs[b * I + i] = x[(b * T + t) * I + i];
      step.x = xs;
      step.states = this.st[s];
      step.newStates = this.st[s + 1];
      step.output = this.outs[s];
      step.cache = this.caches[s];
      this.cell.stepForward(step);
      if (!this.mask) continue;
      const prevOut = s === 0 ? this.zeroOut : this.outs[s - 1];
      for (let b = 0; b < B; b++) {
        if (!this.masked(b, s)) continue;
        S.forEach((n, k) => { for (let j = 0; j < n; j++) this.st[s + 1][k][b * n + j] = this.st[s][k][b * n + j]; });
        for (let j = 0; j < O; j++) this.outs[s][b * O + j] = prevOut[b * O + j];
      }
    }
    this.outputMask = this.returnSequences ? ctx.mask : null;
    if (!this.returnSequences) return this.outs[T - 1];
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < T; s++) {
        const zero = this.zeroOutputForMask && this.masked(b, s);
        for (let j = 0; j < O; j++) this.y[(b * T + s) * O + j] = zero ? 0 : this.outs[s][b * O + j];
      }
    }
    return this.y;
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    const T = this.T, I = this.I, S = this.cell.stateSize, O = this.cell.outputSize;
    const step = this.step;
    this.dNew.forEach((d) => d.fill(0));
    this.dOut.fill(0); // carries the gradient of a repeated (masked-step) output back to the step that made it
    for (let s = T - 1; s >= 0; s--) {
      const t = this.goBackwards ? T - 1 - s : s;
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < O; j++) {
          const g = this.returnSequences ? (this.zeroOutputForMask && this.masked(b, s) ? 0 : dy[(b * T + s) * O + j]) : s === T - 1 ? dy[b * O + j] : 0;
          this.dOut[b * O + j] += g;
        }
      }
      // masked rows: keep their gradients aside and give the cell zeros (no weight-gradient contribution)
      const keepOut = this.keepOut, keepNew = this.keepNew;
      if (this.mask) {
        keepOut.set(this.dOut);
        keepNew.forEach((d, k) => d.set(this.dNew[k]));
        for (let b = 0; b < B; b++) {
          if (!this.masked(b, s)) continue;
          this.dOut.fill(0, b * O, (b + 1) * O);
          S.forEach((n, k) => this.dNew[k].fill(0, b * n, (b + 1) * n));
        }
      }
      step.x = this.xs[s];
      step.states = this.st[s];
      step.newStates = this.st[s + 1];
      step.output = this.outs[s];
      step.cache = this.caches[s];
      this.cell.stepBackward(step);
      for (let b = 0; b < B; b++) {
        const m = this.masked(b, s);
        for (let i = 0; i < I; i++) this.dx[(b * T + t) * I + i] = m ? 0 : this.dxStep[b * I + i];
      }
      // the states' gradients flow to step s−1; a masked row passes its own through unchanged
      for (let k = 0; k < S.length; k++) {
        const n = S[k];
        for (let b = 0; b < B; b++) {
          const m = this.masked(b, s);
          for (let j = 0; j < n; j++) this.dNew[k][b * n + j] = m ? keepNew[k][b * n + j] : this.dPrev[k][b * n + j];
        }
      }
      for (let b = 0; b < B; b++) {
        const m = this.masked(b, s);
        for (let j = 0; j < O; j++) this.dOut[b * O + j] = m ? keepOut[b * O + j] : 0;
      }
    }
    return needInputGrad ? this.dx : null;
  }

  protected override prepareInitialState(states: TensorLike | TensorLike[] | undefined, B: number): FloatArray[] | null {
    if (states === undefined) return null;
    const S = this.cell.stateSize;
    const list = Array.isArray(states) && states.every((s) => s instanceof Tensor) ? (states as Tensor[]) : S.length === 1 ? [states as TensorLike] : (states as TensorLike[]);
    if (list.length !== S.length) throw new ShapeError(`RNN expects ${S.length} initial state(s), got ${list.length}`);
    return list.map((s, k) => {
      const t = tensor(s);
      if (t.rank !== 2 || t.shape[0] !== B || t.shape[1] !== S[k]) throw new ShapeError(`RNN initial state ${k} must have shape [${B}, ${S[k]}], got ${fmtShape(t.shape)}`);
      assertFinite(t, `RNN initial state ${k}`);
      return t.data;
    });
  }

  protected override lastStates(B: number): Tensor[] | null {
    if (!this.returnState) return null;
    return this.cell.stateSize.map((n, k) => copyToTensor(this.st[this.T][k], [B, n]));
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name, trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      cell: { className: this.cell.getClassName(), config: this.cell.getConfig() },
      returnSequences: this.returnSequences, returnState: this.returnState, goBackwards: this.goBackwards,
      zeroOutputForMask: this.zeroOutputForMask,
    };
  }
}

registerLayer(RNN);
