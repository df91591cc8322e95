// Sample and class weights for fit/evaluate (Keras trainers/data_adapters): both become one weight per
// output row, so the loss reduction treats them alike. A weight per sample (shape [n]) covers all of that
// sample's rows; a weight per timestep (shape [n, T], sequence outputs) covers that timestep's rows.
import { ConfigError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { tensor, type Tensor, type TensorLike } from '../tensor/tensor.js';
import { rowLayout } from './compiled.js';

/** Expands `sampleWeight` ([n], [n, 1], [n, T] or [n, T, 1]) to one weight per output row: Float32Array(n · rowsPerSample). */
export function sampleWeightRows(sampleWeight: TensorLike, n: number, outShape: readonly number[]): Float32Array {
  let sw = tensor(sampleWeight);
  // Keras 3 squeezes a trailing 1: per-timestep weights shaped [n, T, 1] are [n, T]
  if (sw.rank === 3 && sw.shape[2] === 1) sw = sw.reshape(sw.shape.slice(0, 2));
  const { rowsPerSample } = rowLayout(outShape);
  const perTimestep = sw.rank === 2 && sw.shape[1] !== 1;
  if (sw.shape[0] !== n || sw.rank > 2 || (perTimestep && (outShape.length < 2 || sw.shape[1] !== outShape[0]))) {
    const seq = outShape.length >= 2 ? ` or [${n}, ${outShape[0]}] / [${n}, ${outShape[0]}, 1] (one per timestep)` : '';
    throw new ShapeError(`sampleWeight must have shape [${n}]${seq}, got ${fmtShape(sw.shape)}`);
  }
  const bad = sw.data.findIndex((v) => !Number.isFinite(v) || v < 0);
  if (bad >= 0) throw new ValueError(`sampleWeight must hold finite values >= 0, got ${sw.data[bad]} at flat index ${bad}`);
  const perWeight = perTimestep ? rowsPerSample / sw.shape[1] : rowsPerSample;
  const rows = new Float32Array(n * rowsPerSample);
  for (let r = 0; r < rows.length; r++) rows[r] = sw.data[Math.floor(r / perWeight)];
  return rows;
}

/**
 * Per-sample weights from `classWeight` (Keras class_weight_to_sample_weights): the class of a sample is the
 * argmax of a one-hot target, or the rounded value of a single-value target; unlisted classes weigh 1.
 */
export function classWeightRows(classWeight: Record<number | string, number>, y: Tensor, outShape: readonly number[], sparse: boolean): Float32Array {
  if (typeof classWeight !== 'object' || classWeight === null) throw new ConfigError('classWeight must map class indices to weights, e.g. { 0: 1, 1: 5 }');
  if (outShape.length !== 1) throw new ConfigError(`classWeight needs outputs of shape [batch, classes] (as Keras); this model outputs ${fmtShape([null, ...outShape])}`);
  for (const [k, v] of Object.entries(classWeight)) {
    if (!/^\d+$/.test(k) || typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ValueError(`classWeight entries must be class index → finite weight >= 0, got ${k}: ${String(v)}`);
  }
  const n = y.shape[0];
  const width = sparse ? 1 : outShape[0];
  const rows = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let cls = 0;
    if (width > 1) {
      for (let j = 1; j < width; j++) if (y.data[i * width + j] > y.data[i * width + cls]) cls = j;
    } else {
      cls = Math.round(y.data[i]);
    }
    rows[i] = classWeight[cls] ?? 1;
  }
  return rows;
}
