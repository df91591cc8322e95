// AdditiveAttention: Bahdanau-style attention, after Keras 3 keras/src/layers/attention/additive_attention.py.
// Everything as Attention (masks, causal masking, dropout, returnAttentionScores) except the scores:
//   S[i, j] = Σ_d scale_d · tanh(q_id + k_jd)     (scale = 1 when useScale is false)
// Weight (Keras name, shape, initializer): 'scale' [D] (the query's feature size), glorot_uniform, when useScale
// (default true). No scoreMode (Keras's AdditiveAttention config has none).
import { registerLayer } from '../../registry/registry.js';
import type { FloatArray } from '../../kernels/types.js';
import { Attention, attentionArgNames } from './attention.js';
import type { LayerArgs } from '../layer.js';

export interface AdditiveAttentionArgs extends LayerArgs {
  /** Learn a per-feature 'scale' [D] (glorot_uniform). Default true. */
  useScale?: boolean;
  /** Dropout rate on the attention weights in training, in [0, 1). Default 0. */
  dropout?: number;
  /** Seed of the dropout generator; default: the global generator (setRandomSeed). */
  seed?: number | null;
}

/** [query [B, Tq, D], value [B, Tv, Dv], key? [B, Tv, D]] → [B, Tq, Dv] (and the weights [B, Tq, Tv]). */
export class AdditiveAttention extends Attention {
  static override className = 'AdditiveAttention';

  constructor(args: AdditiveAttentionArgs = {}) {
    super({ ...args, useScale: args?.useScale ?? true }, 'AdditiveAttention', attentionArgNames);
  }

  protected override buildWeights(queryShape: readonly number[]): void {
    this.scale = this.useScale ? this.addWeight('scale', [queryShape[queryShape.length - 1]], 'glorot_uniform') : null;
  }

  protected override scoreForward(b: number, S: FloatArray): void {
    const { Tq, Tv, D, q, k } = this, qo = b * Tq * D, ko = b * Tv * D, so = b * Tq * Tv;
    const sc = this.scale?.value ?? null;
    for (let i = 0; i < Tq; i++) for (let j = 0; j < Tv; j++) {
      let sum = 0;
      for (let d = 0; d < D; d++) sum += (sc ? sc[d] : 1) * Math.tanh(q[qo + i * D + d] + k[ko + j * D + d]);
      S[so + i * Tv + j] = sum;
    }
  }

  protected override scoreBackward(b: number, dq: FloatArray, dk: FloatArray): void {
    const { Tq, Tv, D, q, k, dS } = this, qo = b * Tq * D, ko = b * Tv * D, so = b * Tq * Tv;
    const sc = this.scale?.value ?? null, dsc = this.scale?.grad ?? null;
    for (let i = 0; i < Tq; i++) for (let j = 0; j < Tv; j++) {
      const g = dS[so + i * Tv + j];
      for (let d = 0; d < D; d++) {
        const th = Math.tanh(q[qo + i * D + d] + k[ko + j * D + d]);
        if (dsc) dsc[d] += g * th;
        const da = g * (sc ? sc[d] : 1) * (1 - th * th);
        dq[qo + i * D + d] += da;
        dk[ko + j * D + d] += da;
      }
    }
  }

  override getConfig(): Record<string, unknown> {
    const { scoreMode: _mode, ...config } = super.getConfig();
    return config;
  }
}

registerLayer(AdditiveAttention);
