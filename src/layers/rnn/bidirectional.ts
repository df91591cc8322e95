// Bidirectional (Keras layers/rnn/bidirectional.py): a forward copy and a goBackwards copy of a recurrent
// layer read the same input; with returnSequences the backward output is flipped back to input order, then
// the two are merged ('concat' on the last axis, 'sum', 'mul', 'ave', or null → a list from apply()).
// Weights: the forward layer's, then the backward layer's. Both copies output zeros at masked steps.
import { ConfigError, ShapeError, checkOptions } from '../../errors.js';
import { Tensor, tensor, type TensorLike } from '../../tensor/tensor.js';
import { layerArgNames, newContext, type ApplyOptions, type ForwardContext, type LayerArgs } from '../layer.js';
import { Layer } from '../layer.js';
import { Recurrent } from './recurrent.js';
import { deserializeLayer, type CustomObjects, registerLayer } from '../../registry/registry.js';
import { floats } from '../../memory/precision.js';
import type { FloatArray } from '../../kernels/types.js';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

export interface BidirectionalArgs extends LayerArgs {
  layer: Recurrent;
  /** Default 'concat'. */
  mergeMode?: MergeMode;
  /** A custom backward layer (must have goBackwards: true and the same returnSequences/returnState/stateful). */
  backwardLayer?: Recurrent;
}

/** A fresh copy of a recurrent layer from its config, with overrides (Keras re-creates both directions). */
export function recreateRecurrent(layer: Recurrent, overrides: Record<string, unknown>): Recurrent {
  const Cls = layer.constructor as new (args: Record<string, unknown>) => Recurrent;
  const { batchInputShape: _ignored, ...config } = layer.getConfig();
  return new Cls({ ...config, ...overrides });
}

export class Bidirectional extends Layer {
  static override className = 'Bidirectional';
  readonly forwardLayer: Recurrent;
  readonly backwardLayer: Recurrent;
  readonly mergeMode: MergeMode;
  private y: FloatArray = floats(0);
  private dyF: FloatArray = floats(0);
  private dyB: FloatArray = floats(0);
  private dx: FloatArray = floats(0);
  private yF: FloatArray = floats(0);
  private yB: FloatArray = floats(0);
  private T = 0;
  private I = 0;
  private readonly fCtx: ForwardContext = newContext([]);
  private readonly bCtx: ForwardContext = newContext([]);

  constructor(args: BidirectionalArgs) {
    checkOptions('Bidirectional', args, ['layer', 'mergeMode', 'backwardLayer', ...layerArgNames]);
    const inner = args?.layer;
    if (!(inner instanceof Recurrent)) throw new ConfigError('Bidirectional needs a recurrent layer: new Bidirectional({ layer: new LSTM({ units: 8 }) })');
    super({ ...args, batchInputShape: args.batchInputShape ?? (args.inputShape ? undefined : inner.batchInputShape ?? undefined) });
    const mergeMode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (!['concat', 'sum', 'mul', 'ave', null].includes(mergeMode)) {
      throw new ConfigError(`Bidirectional: mergeMode must be 'concat', 'sum', 'mul', 'ave' or null, got ${JSON.stringify(mergeMode)}`);
    }
    this.mergeMode = mergeMode;
    const base = inner.name.replace(/^(forward_|backward_)/, '');
    this.forwardLayer = recreateRecurrent(inner, { name: `forward_${base}` });
    this.backwardLayer = args.backwardLayer ?? recreateRecurrent(inner, { name: `backward_${base}`, goBackwards: true });
    const f = this.forwardLayer, b = this.backwardLayer;
    if (f.goBackwards === b.goBackwards) { // Keras 3 too: its backward copy always has go_backwards = True
      throw new ConfigError(`Bidirectional: the forward and backward layers must have different goBackwards values (both ${f.goBackwards})${args.backwardLayer ? '' : '; for a goBackwards layer, pass a backwardLayer with goBackwards: false'}`);
    }
    for (const key of ['returnSequences', 'returnState', 'stateful'] as const) {
      if (f[key] !== b[key]) throw new ConfigError(`Bidirectional: forward and backward layers must have the same ${key}`);
    }
    if (f.units !== b.units && mergeMode !== 'concat' && mergeMode !== null) {
      throw new ConfigError(`Bidirectional: merge mode '${mergeMode}' needs both layers to have the same units`);
    }
    // Keras forces zero_output_for_mask = return_sequences on both directions
    f.zeroOutputForMask = f.returnSequences;
    b.zeroOutputForMask = b.returnSequences;
  }

  /** Keras `Bidirectional.from_config`: the nested forward and backward layer configs are rebuilt first. */
  static override fromConfig(config: Record<string, unknown>, customObjects?: CustomObjects): Layer {
    const inner = (v: unknown): unknown => (v instanceof Layer || v === undefined || v === null ? v ?? undefined : deserializeLayer(v, customObjects));
    return new Bidirectional({ ...config, layer: inner(config.layer), backwardLayer: inner(config.backwardLayer) } as unknown as BidirectionalArgs);
  }

  override shareWeightsFrom(source: Layer): void {
    super.shareWeightsFrom(source);
    const s = source as Bidirectional;
    this.forwardLayer.shareWeightsFrom(s.forwardLayer);
    this.backwardLayer.shareWeightsFrom(s.backwardLayer);
  }

  get returnSequences(): boolean {
    return this.forwardLayer.returnSequences;
  }

  get returnState(): boolean {
    return this.forwardLayer.returnState;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const f = this.forwardLayer.computeOutputShape(inputShape);
    const b = this.backwardLayer.computeOutputShape(inputShape);
    if (this.mergeMode !== 'concat') return f;
    return [...f.slice(0, -1), f[f.length - 1] + b[b.length - 1]];
  }

  override inputSpec(): (number | null)[] | null {
    return super.inputSpec() ?? this.forwardLayer.inputSpec();
  }

  protected buildWeights(inputShape: readonly number[]): void {
    this.forwardLayer.build(inputShape);
    this.backwardLayer.build(inputShape);
    this.weights = [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override releaseBuffers(): void {
    this.forwardLayer.releaseBuffers();
    this.backwardLayer.releaseBuffers();
    this.y = this.dyF = this.dyB = this.dx = this.yBFlipped = this.dyBFlipped = floats(0);
  }

  forward(x: FloatArray, B: number, ctx: ForwardContext): FloatArray {
    const T = (this.T = ctx.inputShape[0]);
    this.I = ctx.inputShape[1];
    const half = ctx.initialState ? ctx.initialState.length / 2 : 0;
    const { fCtx, bCtx } = this;
    fCtx.training = bCtx.training = ctx.training;
    fCtx.inference = bCtx.inference = ctx.inference;
    fCtx.inputShape = bCtx.inputShape = ctx.inputShape;
    fCtx.inputShapes = bCtx.inputShapes = ctx.inputShapes;
    fCtx.mask = bCtx.mask = ctx.mask;
    fCtx.initialState = ctx.initialState ? ctx.initialState.slice(0, half) : null; // initial states only come from apply()
    bCtx.initialState = ctx.initialState ? ctx.initialState.slice(half) : null;
    this.yF = this.forwardLayer.forward(x, B, fCtx);
    this.yB = this.backwardLayer.forward(x, B, bCtx);
    this.outputMask = this.returnSequences ? ctx.mask : null;
    const Tout = this.returnSequences ? T : 1;
    const HF = this.forwardLayer.units, HB = this.backwardLayer.units;
    const HO = this.mergeMode === 'concat' ? HF + HB : HF;
    if (this.y.length < B * Tout * HO) this.y = floats(B * Tout * HO);
    const y = this.y, yF = this.yF, yB = this.yB, mode = this.mergeMode;
    // one pass over the outputs, the backward direction read in input order (no flipped copy); the merge is
    // chosen once per row, not per value
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < Tout; s++) {
        const f = (b * Tout + s) * HF;
        const r = (b * Tout + (this.returnSequences ? Tout - 1 - s : s)) * HB; // backward output flipped to input order
        const o = (b * Tout + s) * HO;
        if (mode === 'concat') {
          for (let j = 0; j < HF; j++) y[o + j] = yF[f + j];
          for (let j = 0; j < HB; j++) y[o + HF + j] = yB[r + j];
        } else if (mode === 'sum') for (let j = 0; j < HF; j++) y[o + j] = yF[f + j] + yB[r + j];
        else if (mode === 'ave') for (let j = 0; j < HF; j++) y[o + j] = (yF[f + j] + yB[r + j]) / 2;
        else if (mode === 'mul') for (let j = 0; j < HF; j++) y[o + j] = yF[f + j] * yB[r + j];
        // mergeMode null: the two outputs are returned apart (callForward); nothing to merge
      }
    }
    return y;
  }

  /** dL/d(merged output) → dL/d(forward output) in dyF and dL/d(backward output) in dyB. */
  private splitGrad(dy: FloatArray, B: number): void {
    const Tout = this.returnSequences ? this.T : 1;
    const HF = this.forwardLayer.units, HB = this.backwardLayer.units;
    const HO = this.mergeMode === 'concat' ? HF + HB : HF;
    if (this.dyF.length < B * Tout * HF) this.dyF = floats(B * Tout * HF);
    if (this.dyB.length < B * Tout * HB) this.dyB = floats(B * Tout * HB);
    const { dyF, dyB, yF, yB } = this, mode = this.mergeMode;
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < Tout; s++) {
        const f = (b * Tout + s) * HF;
        const r = (b * Tout + (this.returnSequences ? Tout - 1 - s : s)) * HB;
        const o = (b * Tout + s) * HO;
        if (mode === 'concat') {
          for (let j = 0; j < HF; j++) dyF[f + j] = dy[o + j];
          for (let j = 0; j < HB; j++) dyB[r + j] = dy[o + HF + j];
        } else if (mode === 'sum') for (let j = 0; j < HF; j++) dyF[f + j] = dyB[r + j] = dy[o + j];
        else if (mode === 'ave') for (let j = 0; j < HF; j++) dyF[f + j] = dyB[r + j] = dy[o + j] / 2;
        else if (mode === 'mul') for (let j = 0; j < HF; j++) { const g = dy[o + j]; dyF[f + j] = g * yB[r + j]; dyB[r + j] = g * yF[f + j]; }
      }
    }
  }

  backward(dy: FloatArray, B: number, needInputGrad: boolean): FloatArray | null {
    this.splitGrad(dy, B);
    const { dyF, dyB } = this;
    const dxF = this.forwardLayer.backward(dyF, B, needInputGrad);
    const dxB = this.backwardLayer.backward(dyB, B, needInputGrad);
    if (!needInputGrad) return null;
    const n = B * this.T * this.I;
    if (this.dx.length < n) this.dx = floats(n);
    for (let i = 0; i < n; i++) this.dx[i] = dxF![i] + dxB![i];
    return this.dx;
  }

  // ---- graph calls: two outputs for mergeMode null, initial and final states of both directions ----------

  override stateInputCount(): number {
    return 2 * this.forwardLayer.stateCount;
  }

  /** Keras: [merged] or [forward, backward] (mergeMode null), then forward's states, then backward's. */
  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    const n = this.forwardLayer.stateCount;
    shapes.slice(1).forEach((s, k) => {
      const units = k < n ? this.forwardLayer.units : this.backwardLayer.units;
      if (s.length !== 1 || (s[0] !== null && s[0] !== units)) throw new ShapeError(`Bidirectional '${this.name}': initial state ${k} must have shape [batch, ${units}], got ${JSON.stringify([null, ...s])}`);
    });
    const main = this.mergeMode === null
      ? [this.forwardLayer.computeOutputShape(shapes[0]), this.backwardLayer.computeOutputShape(shapes[0])]
      : [this.computeOutputShape(shapes[0])];
    if (!this.returnState) return main;
    return [...main, ...Array.from({ length: n }, () => [this.forwardLayer.units]), ...Array.from({ length: n }, () => [this.backwardLayer.units])];
  }

  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    const out = this.callOutputs;
    const y = this.forward(inputs[0], B, ctx);
    let at = 1;
    if (this.mergeMode === null) {
      out[0] = this.yF;
      out[1] = this.returnSequences ? this.flip(this.yB, B, this.backwardLayer.units, 'yBFlipped') : this.yB;
      at = 2;
    } else out[0] = y;
    if (this.returnState) {
      this.forwardLayer.finalStateBuffers(B, out, at);
      this.backwardLayer.finalStateBuffers(B, out, at + this.forwardLayer.stateCount);
    }
    return out;
  }

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, needInputGrad: readonly boolean[]): readonly (FloatArray | null)[] {
    const n = this.forwardLayer.stateCount;
    let dyF: FloatArray | null = null, dyB: FloatArray | null = null, at = 1;
    if (this.mergeMode === null) {
      dyF = dOutputs[0] ?? null;
      dyB = dOutputs[1] ? (this.returnSequences ? this.flip(dOutputs[1], B, this.backwardLayer.units, 'dyBFlipped') : dOutputs[1]) : null;
      at = 2;
    } else if (dOutputs[0]) {
      this.splitGrad(dOutputs[0], B);
      dyF = this.dyF;
      dyB = this.dyB;
    }
    const needStates = needInputGrad.length > 1;
    const fNeed = this.fNeed, bNeed = this.bNeed, fD = this.fD, bD = this.bD;
    fNeed.length = bNeed.length = needStates ? 1 + n : 1;
    fD.length = bD.length = 1 + n;
    fNeed[0] = bNeed[0] = needInputGrad[0];
    fD[0] = dyF;
    bD[0] = dyB;
    for (let k = 0; k < n; k++) {
      fD[1 + k] = this.returnState ? dOutputs[at + k] ?? null : null;
      bD[1 + k] = this.returnState ? dOutputs[at + n + k] ?? null : null;
      if (needStates) {
        fNeed[1 + k] = needInputGrad[1 + k];
        bNeed[1 + k] = needInputGrad[1 + n + k];
      }
    }
    const f = this.forwardLayer.callBackward(fD, B, fNeed);
    const b = this.backwardLayer.callBackward(bD, B, bNeed);
    const grads = this.callInputGrads;
    grads.length = needInputGrad.length;
    grads[0] = null;
    if (needInputGrad[0]) {
      const size = B * this.T * this.I;
      if (this.dx.length < size) this.dx = floats(size);
      for (let i = 0; i < size; i++) this.dx[i] = f[0]![i] + b[0]![i];
      grads[0] = this.dx;
    }
    for (let k = 0; k < n && needStates; k++) {
      grads[1 + k] = f[1 + k] ?? null;
      grads[1 + n + k] = b[1 + k] ?? null;
    }
    return grads;
  }
  private readonly fNeed: boolean[] = [];
  private readonly bNeed: boolean[] = [];
  private readonly fD: (FloatArray | null)[] = [];
  private readonly bD: (FloatArray | null)[] = [];
  private yBFlipped: FloatArray = floats(0);
  private dyBFlipped: FloatArray = floats(0);

  /** [B, T, H] with the time axis reversed, into a buffer of this layer. */
  private flip(src: FloatArray, B: number, H: number, into: 'yBFlipped' | 'dyBFlipped'): FloatArray {
    const T = this.T;
    if (this[into].length < B * T * H) this[into] = floats(B * T * H);
    const dst = this[into];
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) {
      const from = (b * T + t) * H, to = (b * T + T - 1 - t) * H;
      for (let j = 0; j < H; j++) dst[to + j] = src[from + j];
    }
    return dst;
  }

  /** Keras: `[output, ...forwardStates, ...backwardStates]` with returnState; two outputs for mergeMode null. */
  protected override applyEager(x: TensorLike, options: ApplyOptions): Tensor | Tensor[] {
    if (this.mergeMode !== null) return super.applyEager(x, options);
    const input = tensor(x);
    this.build(input.shape.slice(1));
    const n = this.forwardLayer.stateCount;
    const init = options.initialState as TensorLike[] | undefined;
    const f = this.forwardLayer.apply(input, { ...options, initialState: init?.slice(0, n) });
    const b = this.backwardLayer.apply(input, { ...options, initialState: init?.slice(n) });
    const [yf, ...sf] = Array.isArray(f) ? f : [f];
    const [yb, ...sb] = Array.isArray(b) ? b : [b];
    const flipped = this.returnSequences ? flipTime(yb) : yb;
    return [yf, flipped, ...sf, ...sb];
  }

  protected override prepareInitialState(states: TensorLike | TensorLike[] | undefined, B: number): FloatArray[] | null {
    if (states === undefined) return null;
    const list = Array.isArray(states) ? (states as TensorLike[]) : [states];
    const n = this.forwardLayer.stateCount;
    if (list.length !== 2 * n) throw new ShapeError(`Bidirectional expects ${2 * n} initial states (forward's then backward's), got ${list.length}`);
    const f = this.forwardLayer['prepareInitialState'](list.slice(0, n), B)!;
    const b = this.backwardLayer['prepareInitialState'](list.slice(n), B)!;
    return [...f, ...b];
  }

  protected override lastStates(B: number): Tensor[] | null {
    if (!this.returnState) return null;
    return [...this.forwardLayer['lastStates'](B)!, ...this.backwardLayer['lastStates'](B)!];
  }

  resetStates(): void {
    this.forwardLayer.resetStates();
    this.backwardLayer.resetStates();
  }

  /**
   * Whether the backward layer is the forward layer's config with the opposite goBackwards (what Keras 2 and
   * TF.js re-create from `layer` alone, so their files need no backward_layer).
   */
  mirrorsForward(): boolean {
    const { name: _f, goBackwards: forward, ...f } = this.forwardLayer.getConfig();
    const { name: _b, goBackwards: backward, ...b } = this.backwardLayer.getConfig();
    return forward !== backward && this.forwardLayer.getClassName() === this.backwardLayer.getClassName() && JSON.stringify(f) === JSON.stringify(b);
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.batchInputShape ? { batchInputShape: this.batchInputShape } : {}),
      mergeMode: this.mergeMode,
      layer: { className: this.forwardLayer.getClassName(), config: this.forwardLayer.getConfig() },
      backwardLayer: { className: this.backwardLayer.getClassName(), config: this.backwardLayer.getConfig() },
    };
  }
}

/** [B, T, H] with the time axis reversed. */
function flipTime(t: Tensor): Tensor {
  const [B, T, H] = t.shape;
  const out = new Float32Array(t.size);
  for (let b = 0; b < B; b++) for (let s = 0; s < T; s++) out.set(t.data.subarray((b * T + s) * H, (b * T + s + 1) * H), (b * T + T - 1 - s) * H);
  return new Tensor(out, t.shape);
}

registerLayer(Bidirectional);
