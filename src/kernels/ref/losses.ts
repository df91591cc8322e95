// Reference loss kernels, one row at a time. A "row" is one prediction vector along the last axis (D values):
// the kernel writes the row's loss into loss[r] and, when dy is given, ∂loss[r]/∂ŷ[r, :] into dy (unscaled).
// Reduction (sample weights, masks, the mean over rows) is the caller's (losses/reduction.ts).
// Formulas follow keras/src/losses/losses.py; EPSILON is Keras's backend.epsilon() = 1e-7.
import type { FloatArray } from '../types.js';

export const EPSILON = 1e-7;

/** Options some losses read: Huber's delta, crossentropies' fromLogits and labelSmoothing. */
export interface LossOptions {
  fromLogits: boolean;
  labelSmoothing: number;
  delta: number;
}

/** loss[r] = row loss of ŷ[r, :] against y[r, :] (y rows hold `yWidth` values: D, or 1 for sparse labels). */
export type RowLoss = (loss: FloatArray, dy: FloatArray | null, yPred: FloatArray, yTrue: FloatArray, rows: number, D: number, opt: LossOptions) => void;

/** Mean squared error over the row: Σ(ŷ−y)²/D. */
export const mse: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      const d = p[i] - t[i];
      s += d * d;
      if (dy) dy[i] = (2 * d) / D;
    }
    loss[r] = s / D;
  }
};

/** Mean absolute error: Σ|ŷ−y|/D; gradient sign(ŷ−y)/D (0 where equal, as TensorFlow's abs). */
export const mae: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      const d = p[i] - t[i];
      s += Math.abs(d);
      if (dy) dy[i] = Math.sign(d) / D;
    }
    loss[r] = s / D;
  }
};

/** Mean absolute percentage error: 100·Σ|y−ŷ|/max(|y|, ε)/D. */
export const mape: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      const d = p[i] - t[i];
      const scale = 100 / (Math.max(Math.abs(t[i]), EPSILON) * D);
      s += Math.abs(d) * scale;
      if (dy) dy[i] = Math.sign(d) * scale;
    }
    loss[r] = s;
  }
};

/** Mean squared logarithmic error: Σ(log(max(ŷ,ε)+1) − log(max(y,ε)+1))²/D. */
export const msle: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      const pc = Math.max(p[i], EPSILON);
      const d = Math.log(pc + 1) - Math.log(Math.max(t[i], EPSILON) + 1);
      s += d * d;
      if (dy) dy[i] = p[i] > EPSILON ? (2 * d) / ((pc + 1) * D) : 0;
    }
    loss[r] = s / D;
  }
};

/** Huber: e = ŷ − y; ½e² where |e| ≤ δ, else δ|e| − ½δ²; mean over the row. */
export const huber: RowLoss = (loss, dy, p, t, rows, D, opt) => {
  const delta = opt.delta;
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      const e = p[i] - t[i];
      const a = Math.abs(e);
      if (a <= delta) {
        s += 0.5 * e * e;
        if (dy) dy[i] = e / D;
      } else {
        s += delta * a - 0.5 * delta * delta;
        if (dy) dy[i] = (delta * Math.sign(e)) / D;
      }
    }
    loss[r] = s / D;
  }
};

/** log(cosh(ŷ − y)) computed stably as x + softplus(−2x) − log 2; gradient tanh(x). */
export const logCosh: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      const x = p[i] - t[i];
      const z = -2 * x;
      s += x + Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - Math.LN2;
      if (dy) dy[i] = Math.tanh(x) / D;
    }
    loss[r] = s / D;
  }
};

/** Poisson: Σ(ŷ − y·log(ŷ + ε))/D. */
export const poisson: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < D; j++, i++) {
      s += p[i] - t[i] * Math.log(p[i] + EPSILON);
      if (dy) dy[i] = (1 - t[i] / (p[i] + EPSILON)) / D;
    }
    loss[r] = s / D;
  }
};

/** Cosine similarity loss: −Σ ŷ/‖ŷ‖ · y/‖y‖ with ‖x‖ = √max(Σx², 1e-12) (tf.nn.l2_normalize). */
export const cosineSimilarity: RowLoss = (loss, dy, p, t, rows, D) => {
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    let pp = 0, tt = 0, pt = 0;
    for (let j = 0; j < D; j++) {
      pp += p[o + j] * p[o + j];
      tt += t[o + j] * t[o + j];
      pt += p[o + j] * t[o + j];
    }
    const np = Math.sqrt(Math.max(pp, 1e-12)), nt = Math.sqrt(Math.max(tt, 1e-12));
    loss[r] = -pt / (np * nt);
    if (!dy) continue;
    const clipped = pp <= 1e-12; // the norm is a constant there, so only the numerator varies
    for (let j = 0; j < D; j++) {
      const g = t[o + j] / (np * nt) - (clipped ? 0 : (pt * p[o + j]) / (np * np * np * nt));
      dy[o + j] = -g;
    }
  }
};
