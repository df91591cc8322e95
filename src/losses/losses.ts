// Loss functions by Keras name. A loss pairs a name with a kernel that returns the mean loss over all
// elements and writes dL/dŷ (Keras's `sum_over_batch_size` reduction of the per-sample mean).
import { ConfigError } from '../errors.js';
import { kernels } from '../kernels/kernels.js';
import type { FloatArray } from '../kernels/types.js';

export interface Loss {
  /** Keras's canonical short name ('mse', 'mae'). */
  readonly name: string;
  /** Mean loss over N elements; writes the gradient w.r.t. yPred into dy when given. */
  compute(dy: FloatArray | null, yPred: FloatArray, yTrue: FloatArray, N: number): number;
}

const mse: Loss = { name: 'mse', compute: (dy, p, t, n) => kernels().mseLoss(dy, p, t, n) };
const mae: Loss = { name: 'mae', compute: (dy, p, t, n) => kernels().maeLoss(dy, p, t, n) };

const byName: Record<string, Loss> = {
  mse, meansquarederror: mse,
  mae, meanabsoluteerror: mae,
};

/** Names accepted by `compile({ loss })`. */
export const lossNames = ['mse', 'mean_squared_error', 'meanSquaredError', 'mae', 'mean_absolute_error', 'meanAbsoluteError'];

/** Resolves 'mse', 'mean_squared_error', 'MeanSquaredError', … (case and underscores ignored, as Keras). */
export function getLoss(id: string | Loss): Loss {
  if (typeof id === 'object' && id !== null && typeof id.compute === 'function') return id;
  if (typeof id !== 'string') throw new ConfigError(`loss must be a name such as 'mse', got ${typeof id}`);
  const loss = byName[id.replace(/_/g, '').toLowerCase()];
  if (!loss) throw new ConfigError(`Unknown loss '${id}'. Known: ${lossNames.join(', ')}`);
  return loss;
}
