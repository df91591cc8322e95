// Keras's recurrent dropout masks (keras/src/layers/rnn/dropout_rnn_cell.py): drawn once per call (sequence) and
// fixed over time, entries 0 or 1/(1−rate). One mask serves every gate unless `perGate` (Keras's implementation 1,
// chosen when recurrent dropout is on), where each gate draws its own.
import type { FloatArray } from '../../kernels/types.js';
import type { Random } from '../../random/random.js';

/**
 * Fills buf [G, n] with a dropout mask per gate block: G = gates blocks of n values; with `perGate` each block is
 * drawn from `rng` in order, otherwise block 0 is drawn and copied to the others (the same draws as Keras's order).
 */
export function fillDropoutMask(buf: FloatArray, n: number, rate: number, gates: number, perGate: boolean, rng: Random): void {
  const scale = 1 / (1 - rate);
  const drawn = perGate ? gates : 1;
  for (let k = 0; k < drawn; k++) for (let i = 0; i < n; i++) buf[k * n + i] = rng.uniform() < rate ? 0 : scale;
  for (let k = drawn; k < gates; k++) buf.copyWithin(k * n, 0, n);
}
