// Reference kernels for the accuracy metrics, row form: out[r] = the metric's value for row r (one prediction
// vector of D values). Formulas from keras/src/metrics/accuracy_metrics.py.
import type { FloatArray } from '../types.js';

export type RowMetric = (out: FloatArray, yPred: FloatArray, yTrue: FloatArray, rows: number, D: number, param: number) => void;

/** Mean over the row of [(ŷ > threshold) == y]. param = threshold (Keras default 0.5). */
export const binaryAccuracy: RowMetric = (out, p, t, rows, D, threshold) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let hits = 0;
    for (let j = 0; j < D; j++, i++) if ((p[i] > threshold ? 1 : 0) === t[i]) hits++;
    out[r] = hits / D;
  }
};

/** Exact equality, mean over the row (Keras `Accuracy`). */
export const accuracy: RowMetric = (out, p, t, rows, D) => {
  for (let r = 0, i = 0; r < rows; r++) {
    let hits = 0;
    for (let j = 0; j < D; j++, i++) if (p[i] === t[i]) hits++;
    out[r] = hits / D;
  }
};

/** Index of the first maximum of row r. */
function argmax(a: FloatArray, o: number, D: number): number {
  let best = 0;
  for (let j = 1; j < D; j++) if (a[o + j] > a[o + best]) best = j;
  return best;
}

/** 1 where argmax(ŷ) == argmax(y) (one-hot targets). */
export const categoricalAccuracy: RowMetric = (out, p, t, rows, D) => {
  for (let r = 0; r < rows; r++) out[r] = argmax(p, r * D, D) === argmax(t, r * D, D) ? 1 : 0;
};

/** 1 where argmax(ŷ) == the integer label (targets: one class index per row). */
export const sparseCategoricalAccuracy: RowMetric = (out, p, t, rows, D) => {
  for (let r = 0; r < rows; r++) out[r] = argmax(p, r * D, D) === t[r] ? 1 : 0;
};

/** 1 where the true class (argmax of the one-hot row) is among the k largest predictions. param = k. */
export const topKCategoricalAccuracy: RowMetric = (out, p, t, rows, D, k) => {
  for (let r = 0; r < rows; r++) {
    const o = r * D;
    const target = p[o + argmax(t, o, D)];
    // in_top_k: the target is in the top k when fewer than k predictions are strictly larger
    let larger = 0;
    for (let j = 0; j < D; j++) if (p[o + j] > target) larger++;
    out[r] = larger < k ? 1 : 0;
  }
};
