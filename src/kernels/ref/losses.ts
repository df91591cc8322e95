// Reference loss kernels. Keras: mean over the last axis, then the `sum_over_batch_size` reduction,
// which together are the mean over all N elements. Each returns the loss and writes dL/dyPred into dy
// (when dy is not null), so one pass gives both.
import type { FloatArray } from '../types.js';

/** Mean squared error. dy = 2(ŷ − y)/N. */
export function mseLoss(dy: FloatArray | null, yPred: FloatArray, yTrue: FloatArray, N: number): number {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const d = yPred[i] - yTrue[i];
    sum += d * d;
    if (dy) dy[i] = (2 * d) / N;
  }
  return sum / N;
}

/** Mean absolute error. dy = sign(ŷ − y)/N (0 where equal, as TensorFlow's abs gradient). */
export function maeLoss(dy: FloatArray | null, yPred: FloatArray, yTrue: FloatArray, N: number): number {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const d = yPred[i] - yTrue[i];
    sum += Math.abs(d);
    if (dy) dy[i] = Math.sign(d) / N;
  }
  return sum / N;
}
