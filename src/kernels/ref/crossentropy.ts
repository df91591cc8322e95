// Reference crossentropy and divergence kernels, row form as in losses.ts (loss[r], ∂loss[r]/∂ŷ[r, :]).
// Keras semantics (keras/src/losses/losses.py and the backend nn ops): probabilities are clipped to
// [ε, 1−ε] (gradient 0 outside), logits go through log-sum-exp / softplus so no exp overflows.
// Keras: the TensorFlow backend silently uses the logits cached on a sigmoid/softmax output; rnnkit does
// not (as the JAX and PyTorch backends), so fromLogits must be asked for.
import { EPSILON, type RowLoss } from './losses.js';

/** log(1 + eˣ) without overflow. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** log Σ_j exp(x[o + j]) over a row of D logits, shifted by the row's maximum so nothing overflows. */
function logSumExp(x: ArrayLike<number>, o: number, D: number): number {
  let max = -Infinity;
  for (let j = 0; j < D; j++) max = Math.max(max, x[o + j]);
  let z = 0;
  for (let j = 0; j < D; j++) z += Math.exp(x[o + j] - max);
  return max + Math.log(z);
}

/** Binary crossentropy, mean over the row; labels smoothed as y(1−s) + s/2. */
export const binaryCrossentropy: RowLoss = (loss, dy, p, t, rows, D, opt) => {
  const s = opt.labelSmoothing;
  for (let r = 0, i = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < D; j++, i++) {
      const y = t[i] * (1 - s) + 0.5 * s;
      if (opt.fromLogits) {
        const x = p[i];
        sum += softplus(x) - x * y; // = max(x,0) − x·y + log(1 + e^−|x|)
        if (dy) dy[i] = (1 / (1 + Math.exp(-x)) - y) / D;
      } else {
        const inside = p[i] > EPSILON && p[i] < 1 - EPSILON;
        const q = Math.min(Math.max(p[i], EPSILON), 1 - EPSILON);
        sum -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
        if (dy) dy[i] = inside ? (-y / q + (1 - y) / (1 - q)) / D : 0;
      }
    }
    loss[r] = sum / D;
  }
};

/**
 * Categorical crossentropy −Σ y·log q over the row; labels smoothed as y(1−s) + s/D.
 * From probabilities: q = clip(ŷ/Σŷ, ε, 1−ε). From logits: log q = x − logsumexp(x).
 */
export const categoricalCrossentropy: RowLoss = (loss, dy, p, t, rows, D, opt) => {
  const s = opt.labelSmoothing;
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let sum = 0;
    if (opt.fromLogits) {
      const lse = logSumExp(p, o, D);
      let ySum = 0;
      for (let j = 0; j < D; j++) {
        const y = t[o + j] * (1 - s) + s / D;
        ySum += y;
        sum += y * (lse - p[o + j]);
      }
      if (dy) for (let j = 0; j < D; j++) dy[o + j] = Math.exp(p[o + j] - lse) * ySum - (t[o + j] * (1 - s) + s / D);
    } else {
      let total = 0;
      for (let j = 0; j < D; j++) total += p[o + j];
      // g_j = ∂L/∂q_j; then ∂L/∂ŷ_k = (g_k − Σ_j g_j q_j)/Σŷ through the normalization
      let gq = 0;
      for (let j = 0; j < D; j++) {
        const y = t[o + j] * (1 - s) + s / D;
        const qRaw = p[o + j] / total;
        const q = Math.min(Math.max(qRaw, EPSILON), 1 - EPSILON);
        sum -= y * Math.log(q);
        const g = qRaw > EPSILON && qRaw < 1 - EPSILON ? -y / q : 0;
        if (dy) dy[o + j] = g;
        gq += g * qRaw;
      }
      if (dy) for (let j = 0; j < D; j++) dy[o + j] = (dy[o + j] - gq) / total;
    }
    loss[r] = sum;
  }
};

/**
 * Sparse categorical crossentropy: y holds one integer class per row; the loss is categorical crossentropy
 * against its one-hot row (Keras: no label smoothing for the sparse form).
 */
export const sparseCategoricalCrossentropy: RowLoss = (loss, dy, p, t, rows, D, opt) => {
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    const c = t[r];
    if (opt.fromLogits) {
      const lse = logSumExp(p, o, D);
      loss[r] = lse - p[o + c];
      if (dy) for (let j = 0; j < D; j++) dy[o + j] = Math.exp(p[o + j] - lse) - (j === c ? 1 : 0);
    } else {
      let total = 0;
      for (let j = 0; j < D; j++) total += p[o + j];
      const qRaw = p[o + c] / total;
      const q = Math.min(Math.max(qRaw, EPSILON), 1 - EPSILON);
      loss[r] = -Math.log(q);
      if (dy) {
        const g = qRaw > EPSILON && qRaw < 1 - EPSILON ? -1 / q : 0;
        for (let j = 0; j < D; j++) dy[o + j] = ((j === c ? g : 0) - g * qRaw) / total;
      }
    }
  }
};

/** Kullback–Leibler divergence Σ y·log(y/ŷ) with both clipped to [ε, 1] (a sum over the row, as Keras). */
export const kld: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < D; j++, i++) {
      const y = Math.min(Math.max(t[i], EPSILON), 1);
      const q = Math.min(Math.max(p[i], EPSILON), 1);
      sum += y * Math.log(y / q);
      if (dy) dy[i] = p[i] > EPSILON && p[i] < 1 ? -y / q : 0;
    }
    loss[r] = sum;
  }
};
