// The (left, right) arguments of ZeroPadding1D and Cropping1D: an int n means (n, n), as Keras's
// standardize_tuple(…, 2, allow_zero=True).
import { ConfigError } from '../../errors.js';

/** n or [left, right] → [left, right] of non-negative integers. */
export function pairArg(owner: string, key: string, value: unknown, fallback: number): [number, number] {
  const v = value ?? fallback;
  const pair = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(pair) || pair.length !== 2 || pair.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ConfigError(`${owner}: ${key} must be a non-negative integer or [left, right] of them, got ${JSON.stringify(value)}`);
  }
  return [pair[0], pair[1]];
}
