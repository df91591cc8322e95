// The normalization layers' `axis` option: rnnkit normalizes over the last (features) axis only. Keras 3 writes
// -1; Keras 2 / TF.js files write the resolved positive index, often as a list ([2] for [batch, steps, features]).
import { ConfigError, ShapeError, fmtShape } from '../../errors.js';

/** Validates the option's form (an int or a list of one int); the axis itself is checked at build. */
export function axisArg(owner: string, value: unknown): number | number[] {
  const v = value ?? -1;
  const single = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (!Number.isInteger(single)) throw new ConfigError(`${owner}: axis must be the features axis (-1, or its index), got ${JSON.stringify(value)}`);
  return v as number | number[];
}

/** Throws unless `axis` names the last axis of an input of shape [batch, ...inputShape]. */
export function checkFeatureAxis(owner: string, axis: number | number[], inputShape: readonly number[]): void {
  const a = Array.isArray(axis) ? axis[0] : axis;
  const rank = inputShape.length + 1;
  if (a !== -1 && a !== rank - 1) {
    throw new ShapeError(`${owner}: only the last (features) axis can be normalized (axis -1 or ${rank - 1} for input ${fmtShape([null, ...inputShape])}), got axis ${JSON.stringify(axis)}`);
  }
}
