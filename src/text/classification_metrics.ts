// Classification metrics from a confusion matrix, as scikit-learn computes them: accuracy, and precision, recall
// and F1 of the positive class for two classes (average 'binary') or their unweighted mean over the classes for
// more (average 'macro'). A ratio whose denominator is 0 counts as 0 (sklearn's zero_division default, without the
// warning). Rows of the matrix are the true classes, columns the predicted ones (sklearn.metrics.confusion_matrix).
import { ValueError } from '../errors.js';

/** What `classificationReport` returns; every ratio is in [0, 1]. */
export interface ClassificationReport {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** 'binary': the figures of class `positive`; 'macro': the mean of the per-class figures. */
  average: 'binary' | 'macro';
  /** The positive class index (binary only; null for macro). */
  positive: number | null;
  /** confusion[i][j] = how many samples of true class i were predicted as class j. */
  confusion: number[][];
  /** Per class: precision, recall, f1 and support (the number of true samples of the class). */
  perClass: { precision: number; recall: number; f1: number; support: number }[];
}

/**
 * The K×K confusion matrix of class indices: rows true, columns predicted. Errors: lengths that differ, an index
 * outside [0, K).
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  if (yTrue.length !== yPred.length) throw new ValueError(`confusionMatrix: ${yTrue.length} true labels but ${yPred.length} predictions`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValueError(`confusionMatrix: numClasses must be a positive integer; got ${numClasses}`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i], p = yPred[i];
    for (const [v, what] of [[t, 'true label'], [p, 'prediction']] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= numClasses) throw new ValueError(`confusionMatrix: ${what} ${v} at position ${i} is not a class index in [0, ${numClasses})`);
    }
    m[t][p]++;
  }
  return m;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Accuracy, precision, recall and F1 from a confusion matrix (rows true, columns predicted). With two classes
 * the figures are those of class `positive` (default 1); with more, pass `average: 'macro'` (the default then).
 * Errors: an empty or non-square matrix, negative or fractional counts, no samples, a positive index out of range.
 */
export function classificationReport(confusion: readonly (readonly number[])[], options: { positive?: number; average?: 'binary' | 'macro' } = {}): ClassificationReport {
  const K = confusion.length;
  if (K === 0 || confusion.some((row) => row.length !== K)) throw new ValueError(`classificationReport: expected a square K×K confusion matrix; got ${K} row(s) of lengths ${confusion.map((r) => r.length).join(', ')}`);
  let total = 0, correct = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = confusion[i][j];
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`classificationReport: count [${i}][${j}] must be a non-negative integer; got ${v}`);
      total += v;
      if (i === j) correct += v;
    }
  }
  if (total === 0) throw new ValueError('classificationReport: the confusion matrix holds no samples');
  const average = options.average ?? (K === 2 ? 'binary' : 'macro');
  if (average === 'binary' && K !== 2) throw new ValueError(`classificationReport: average 'binary' needs 2 classes; got ${K} (use 'macro')`);
  const perClass = confusion.map((_, c) => {
    const tp = confusion[c][c];
    let predicted = 0, support = 0;
    for (let i = 0; i < K; i++) { predicted += confusion[i][c]; support += confusion[c][i]; }
    const precision = ratio(tp, predicted), recall = ratio(tp, support);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const accuracy = correct / total;
  const copy = confusion.map((r) => [...r]);
  if (average === 'binary') {
    const positive = options.positive ?? 1;
    if (positive !== 0 && positive !== 1) throw new ValueError(`classificationReport: positive must be 0 or 1 for two classes; got ${positive}`);
    const { precision, recall, f1 } = perClass[positive];
    return { accuracy, precision, recall, f1, average, positive, confusion: copy, perClass };
  }
  const mean = (k: 'precision' | 'recall' | 'f1') => perClass.reduce((s, c) => s + c[k], 0) / K;
  return { accuracy, precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), average, positive: null, confusion: copy, perClass };
}
