// Attention: Luong-style dot-product attention, after Keras 3 keras/src/layers/attention/attention.py, and the
// base of AdditiveAttention. Inputs [query [B, Tq, D], value [B, Tv, Dv]] or [query, value, key [B, Tv, D]]
// (key defaults to value). Per sample:
//   scores  S[i, j] = q_i · k_j (× scale when useScale)                                  scoreMode 'dot'
//           S[i, j] = c · Σ_d tanh(s · (q_id + k_jd))  (s = scale or 1, c = concat_score_weight) scoreMode 'concat'
//   masking S[i, j] −= 1e9 where value step j is masked out or (useCausalMask) j > i   (Keras 3: scores − 1e9)
//   weights W = softmax over j; in training, dropout on W (scaled by 1/(1 − rate))
//   output  O_i = Σ_j W[i, j] v_j, zeroed where the query step is masked out; output mask = the query mask.
// `returnAttentionScores` adds W [B, Tq, Tv] as a second output. Weights (Keras names, shapes, order):
// 'scale' [] (ones) when useScale, then 'concat_score_weight' [] (ones) for 'concat'.
// The call options useCausalMask / returnAttentionScores are per call (Keras call arguments): they are kept
// with the graph node's runner, not in getConfig().
import { registerLayer } from '../../registry/registry.js';
import { ConfigError, ShapeError, checkOptions, fmtShape } from '../../errors.js';
import type { FloatArray } from '../../kernels/types.js';
import type { Variable } from '../../memory/param_store.js';
import { floats } from '../../memory/precision.js';
import { Random, getRandom } from '../../random/random.js';
import { Layer, layerArgNames, type ApplyOptions, type ForwardContext, type LayerArgs } from '../layer.js';
import type { SymbolicTensor } from '../../models/symbolic.js';
import { checkInputCount, grow } from '../merge/merge.js';

export interface AttentionArgs extends LayerArgs {
  /** Learn a scalar 'scale' for the scores. Default false. */
  useScale?: boolean;
  /** 'dot' (default) or 'concat'. */
  scoreMode?: 'dot' | 'concat';
  /** Dropout rate on the attention weights in training, in [0, 1). Default 0. */
  dropout?: number;
  /** Seed of the dropout generator; default: the global generator (setRandomSeed). */
  seed?: number | null;
}
export const attentionArgNames = ['useScale', 'dropout', 'seed', ...layerArgNames] as const;

/** Per-call options of an attention node (Keras call arguments). */
interface CallFlags { causal: boolean; scores: boolean }

/** [query [B, Tq, D], value [B, Tv, Dv], key? [B, Tv, D]] → [B, Tq, Dv] (and the weights [B, Tq, Tv]). */
export class Attention extends Layer {
  static override className = 'Attention';
  readonly useScale: boolean;
  readonly scoreMode: 'dot' | 'concat';
  readonly dropout: number;
  readonly seed: number | null;
  private readonly random: Random | null;
  protected scale: Variable | null = null;
  protected concatScoreWeight: Variable | null = null;
  private flags: CallFlags = { causal: false, scores: false };
  private pending: CallFlags | null = null;
  /** Sizes of the current call. */
  protected Tq = 0; protected Tv = 0; protected D = 0; protected Dv = 0;
  protected q: FloatArray = floats(0); protected k: FloatArray = floats(0); private v: FloatArray = floats(0);
  /** Raw scores before scale and masking (dot mode), weights after softmax, weights after dropout. */
  protected raw: FloatArray = floats(0);
  private S: FloatArray = floats(0);
  private W: FloatArray = floats(0);
  private Wd: FloatArray = floats(0);
  private keep: FloatArray = floats(0);
  private out: FloatArray = floats(0);
  private dq: FloatArray = floats(0); private dk: FloatArray = floats(0); private dv: FloatArray = floats(0);
  private dW: FloatArray = floats(0); protected dS: FloatArray = floats(0);
  private qMask: Uint8Array | null = null;
  private dropped = false;
  private hasKey = false;
  private checkedFor: readonly (readonly number[])[] | null = null;

  constructor(args: AttentionArgs = {}, className = 'Attention', known: readonly string[] = ['scoreMode', ...attentionArgNames]) {
    checkOptions(className, args, known);
    super(args);
    if (args.useScale !== undefined && typeof args.useScale !== 'boolean') throw new ConfigError(`${className}: useScale must be true or false, got ${JSON.stringify(args.useScale)}`);
    const mode = args.scoreMode ?? 'dot';
    if (mode !== 'dot' && mode !== 'concat') throw new ConfigError(`${className}: invalid scoreMode; expected 'dot' or 'concat', got ${JSON.stringify(args.scoreMode)}`);
    const rate = args.dropout ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new ConfigError(`${className}: dropout must be in [0, 1), got ${JSON.stringify(args.dropout)}`);
    this.useScale = args.useScale ?? false;
    this.scoreMode = mode;
    this.dropout = rate;
    this.seed = args.seed ?? null;
    this.random = this.seed === null ? null : new Random(this.seed);
  }

  override acceptsInputList(): boolean {
    return true;
  }

  /** Bookkeeping of the base class only (the query's shape); the output shapes are computeOutputShapes's. */
  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override computeOutputShapes(shapes: readonly (readonly number[])[]): number[][] {
    const cls = this.getClassName();
    checkInputCount(`${cls} (inputs [query, value] or [query, value, key])`, shapes.length, 2, 3);
    if (shapes.some((s) => s.length !== 2)) {
      throw new ShapeError(`${cls} expects query, value (and key) of shape [batch, steps, features], got ${shapes.map((s) => fmtShape([null, ...s])).join(', ')}`);
    }
    const [q, v] = shapes, k = shapes[2] ?? v;
    const differ = (a: number | null, b: number | null): boolean => a !== null && b !== null && a !== b;
    if (differ(k[1], q[1])) throw new ShapeError(`${cls}: query and key need the same feature size, got query ${fmtShape([null, ...q])} and ${shapes.length > 2 ? 'key' : 'value (the key)'} ${fmtShape([null, ...k])}`);
    if (differ(k[0], v[0])) throw new ShapeError(`${cls}: value and key need the same number of steps, got value ${fmtShape([null, ...v])} and key ${fmtShape([null, ...k])}`);
    const out = [[q[0], v[1]]];
    if ((this.pending ?? this.flags).scores) out.push([q[0], k[0]]);
    return out;
  }

  protected buildWeights(_queryShape: readonly number[]): void {
    this.scale = this.useScale ? this.addWeight('scale', [], 'ones') : null;
    this.concatScoreWeight = this.scoreMode === 'concat' ? this.addWeight('concat_score_weight', [], 'ones') : null;
  }

  /** Keras call arguments useCausalMask / returnAttentionScores are taken here and kept with the node's runner. */
  protected override callSymbolic(x: SymbolicTensor | SymbolicTensor[], options: ApplyOptions): SymbolicTensor | SymbolicTensor[] {
    const { useCausalMask, returnAttentionScores, ...rest } = options;
    for (const [k, v] of [['useCausalMask', useCausalMask], ['returnAttentionScores', returnAttentionScores]] as const) {
      if (v !== undefined && typeof v !== 'boolean') throw new ConfigError(`${this.getClassName()} '${this.name}': ${k} must be true or false, got ${JSON.stringify(v)}`);
    }
    if (!Array.isArray(x)) throw new ConfigError(`${this.getClassName()} '${this.name}' must be called on a list of inputs: [query, value] or [query, value, key]`);
    this.pending = { causal: useCausalMask ?? false, scores: returnAttentionScores ?? false };
    try {
      const out = super.callSymbolic(x, rest);
      const node = this.inboundNodes[this.inboundNodes.length - 1];
      (node.runner as Attention).flags = this.pending;
      node.kwargs = { ...(useCausalMask ? { useCausalMask } : {}), ...(returnAttentionScores ? { returnAttentionScores } : {}) };
      return out;
    } finally {
      this.pending = null;
    }
  }

  override releaseBuffers(): void {
    for (const key of ['raw', 'S', 'W', 'Wd', 'keep', 'out', 'dq', 'dk', 'dv', 'dW', 'dS'] as const) this[key] = floats(0);
  }

  forward(): FloatArray {
    throw new ConfigError(`${this.getClassName()} '${this.name}' takes a list [query, value] or [query, value, key]: call it on symbolic tensors inside a Model`);
  }

  backward(): FloatArray | null {
    throw new ConfigError(`${this.getClassName()} '${this.name}' takes a list of inputs: it runs inside a Model`);
  }

  /** Writes the scores of sample b into S (Tq·Tv values from offset b·Tq·Tv); dot or concat mode. */
  protected scoreForward(b: number, S: FloatArray): void {
    const { Tq, Tv, D, q, k } = this, qo = b * Tq * D, ko = b * Tv * D, so = b * Tq * Tv;
    const s = this.scale ? this.scale.value[0] : 1;
    for (let i = 0; i < Tq; i++) for (let j = 0; j < Tv; j++) {
      let sum = 0;
      if (this.scoreMode === 'dot') for (let d = 0; d < D; d++) sum += q[qo + i * D + d] * k[ko + j * D + d];
      else for (let d = 0; d < D; d++) sum += Math.tanh(s * (q[qo + i * D + d] + k[ko + j * D + d]));
      this.raw[so + i * Tv + j] = sum;
      S[so + i * Tv + j] = this.scoreMode === 'dot' ? sum * s : sum * this.concatScoreWeight!.value[0];
    }
  }

  /** From dS (sample b) accumulates dq, dk and the weight gradients. */
  protected scoreBackward(b: number, dq: FloatArray, dk: FloatArray): void {
    const { Tq, Tv, D, q, k, dS, raw } = this, qo = b * Tq * D, ko = b * Tv * D, so = b * Tq * Tv;
    const s = this.scale ? this.scale.value[0] : 1;
    if (this.scoreMode === 'dot') {
      let dscale = 0;
      for (let i = 0; i < Tq; i++) for (let j = 0; j < Tv; j++) {
        const g = dS[so + i * Tv + j];
        dscale += g * raw[so + i * Tv + j];
        const gs = g * s;
        for (let d = 0; d < D; d++) { dq[qo + i * D + d] += gs * k[ko + j * D + d]; dk[ko + j * D + d] += gs * q[qo + i * D + d]; }
      }
      if (this.scale) this.scale.grad[0] += dscale;
      return;
    }
    const c = this.concatScoreWeight!.value[0];
    let dc = 0, ds = 0;
    for (let i = 0; i < Tq; i++) for (let j = 0; j < Tv; j++) {
      const g = dS[so + i * Tv + j];
      dc += g * raw[so + i * Tv + j];
      for (let d = 0; d < D; d++) {
        const sum = q[qo + i * D + d] + k[ko + j * D + d], th = Math.tanh(s * sum);
        const da = g * c * (1 - th * th);
        dq[qo + i * D + d] += da * s;
        dk[ko + j * D + d] += da * s;
        ds += da * sum;
      }
    }
    this.concatScoreWeight!.grad[0] += dc;
    if (this.scale) this.scale.grad[0] += ds;
  }

  override callForward(inputs: readonly FloatArray[], B: number, ctx: ForwardContext): readonly FloatArray[] {
    const shapes = ctx.inputShapes;
    if (shapes !== this.checkedFor) { this.computeOutputShapes(shapes); this.checkedFor = shapes; }
    [this.Tq, this.D] = shapes[0];
    [this.Tv, this.Dv] = shapes[1];
    const { Tq, Tv, Dv } = this;
    this.hasKey = inputs.length > 2;
    this.q = inputs[0]; this.v = inputs[1]; this.k = this.hasKey ? inputs[2] : inputs[1];
    const n = B * Tq * Tv;
    this.raw = grow(this.raw, n); this.S = grow(this.S, n); this.W = grow(this.W, n);
    const S = this.S, W = this.W, vMask = ctx.masks[1], causal = this.flags.causal;
    for (let b = 0; b < B; b++) {
      this.scoreForward(b, S);
      for (let i = 0; i < Tq; i++) {
        const row = b * Tq * Tv + i * Tv;
        if (vMask || causal) for (let j = 0; j < Tv; j++) if ((vMask && vMask[b * Tv + j] === 0) || (causal && j > i)) S[row + j] = S[row + j] - 1e9;
        let max = -Infinity;
        for (let j = 0; j < Tv; j++) max = Math.max(max, S[row + j]);
        let sum = 0;
        for (let j = 0; j < Tv; j++) { const e = Math.exp(S[row + j] - max); W[row + j] = e; sum += e; }
        for (let j = 0; j < Tv; j++) W[row + j] /= sum;
      }
    }
    this.dropped = ctx.training && this.dropout > 0;
    let Wd = W;
    if (this.dropped) {
      this.keep = grow(this.keep, n); this.Wd = Wd = grow(this.Wd, n);
      const rng = this.random ?? getRandom(), scale = 1 / (1 - this.dropout);
      for (let i = 0; i < n; i++) { this.keep[i] = rng.uniform() < this.dropout ? 0 : scale; Wd[i] = W[i] * this.keep[i]; }
    }
    const out = (this.out = grow(this.out, B * Tq * Dv)), v = this.v;
    this.qMask = ctx.masks[0];
    for (let b = 0; b < B; b++) for (let i = 0; i < Tq; i++) {
      const oo = (b * Tq + i) * Dv, row = b * Tq * Tv + i * Tv;
      out.fill(0, oo, oo + Dv);
      if (this.qMask && this.qMask[b * Tq + i] === 0) continue;
      for (let j = 0; j < Tv; j++) {
        const w = Wd[row + j], vo = (b * Tv + j) * Dv;
        for (let e = 0; e < Dv; e++) out[oo + e] += w * v[vo + e];
      }
    }
    this.outputMask = this.qMask;
    this.callOutputs.length = this.flags.scores ? 2 : 1;
    this.callOutputs[0] = out;
    if (this.flags.scores) this.callOutputs[1] = Wd;
    return this.callOutputs;
  }

  override callBackward(dOutputs: readonly (FloatArray | null)[], B: number, need: readonly boolean[]): readonly (FloatArray | null)[] {
    const { Tq, Tv, D, Dv, v } = this, dOut = dOutputs[0], dScores = this.flags.scores ? dOutputs[1] : null;
    const n = B * Tq * Tv, W = this.W, Wd = this.dropped ? this.Wd : W;
    const dW = (this.dW = grow(this.dW, n)), dS = (this.dS = grow(this.dS, n));
    const dv = (this.dv = grow(this.dv, B * Tv * Dv)), dq = (this.dq = grow(this.dq, B * Tq * D));
    const dk = this.hasKey ? (this.dk = grow(this.dk, B * Tv * D)) : dv;
    dv.fill(0, 0, B * Tv * Dv); dq.fill(0, 0, B * Tq * D);
    if (this.hasKey) dk.fill(0, 0, B * Tv * D);
    for (let b = 0; b < B; b++) for (let i = 0; i < Tq; i++) {
      const oo = (b * Tq + i) * Dv, row = b * Tq * Tv + i * Tv;
      const live = dOut !== null && !(this.qMask && this.qMask[b * Tq + i] === 0);
      for (let j = 0; j < Tv; j++) {
        let g = dScores ? dScores[row + j] : 0;
        if (live) {
          const vo = (b * Tv + j) * Dv, w = Wd[row + j];
          for (let e = 0; e < Dv; e++) { g += dOut![oo + e] * v[vo + e]; dv[vo + e] += w * dOut![oo + e]; }
        }
        dW[row + j] = this.dropped ? g * this.keep[row + j] : g;
      }
      let dot = 0;
      for (let j = 0; j < Tv; j++) dot += W[row + j] * dW[row + j];
      for (let j = 0; j < Tv; j++) dS[row + j] = W[row + j] * (dW[row + j] - dot);
    }
    for (let b = 0; b < B; b++) this.scoreBackward(b, dq, dk);
    const res = this.callInputGrads;
    res.length = need.length;
    res[0] = need[0] ? dq : null;
    res[1] = need[1] ? dv : null;
    if (this.hasKey) res[2] = need[2] ? dk : null;
    return res;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable, useScale: this.useScale, scoreMode: this.scoreMode, dropout: this.dropout, seed: this.seed };
  }
}

registerLayer(Attention);
