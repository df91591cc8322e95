// Test helpers: closeness checks that report the worst element, and a float64 central-difference
// gradient checker for kernels.
import assert from 'node:assert/strict';

type Numeric = ArrayLike<number>;

/** Asserts |a − e| ≤ atol + rtol·|e| elementwise; the message names the worst index. */
export function assertClose(actual: Numeric, expected: Numeric, { rtol = 1e-5, atol = 1e-6, what = 'values' } = {}): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs expected ${expected.length}`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    const excess = err - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    assert.fail(`${what}: index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (|diff| ${Math.abs(actual[worst] - expected[worst]).toExponential(3)}, rtol ${rtol}, atol ${atol})`);
  }
}

/**
 * Normwise relative error max|a − e| / max|e|: the float32 error of a whole output tensor relative to its scale
 * (elementwise relative errors of near-zero entries only measure float32 rounding).
 */
export function normwiseError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let err = 0, scale = 0;
  for (let i = 0; i < actual.length; i++) {
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? err : err / scale; // all-zero expectation: the absolute error
}

/** Largest relative error max|a−e| / max(|e|, floor). */
export function maxRelError(actual: Numeric, expected: Numeric, floor = 1e-8): number {
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  return worst;
}

/**
 * Central differences of a scalar function f with respect to every entry of `param` (perturbed in place),
 * in float64: df/dp[i] ≈ (f(p + ε) − f(p − ε)) / 2ε.
 */
export function numericGrad(f: () => number, param: Float64Array, eps = 1e-6): Float64Array {
  const g = new Float64Array(param.length);
  for (let i = 0; i < param.length; i++) {
    const keep = param[i];
    param[i] = keep + eps;
    const plus = f();
    param[i] = keep - eps;
    const minus = f();
    param[i] = keep;
    g[i] = (plus - minus) / (2 * eps);
  }
  return g;
}

/** Deterministic pseudo-random float64 values in [lo, hi) (a tiny LCG, independent of the library RNG). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

/** Nested arrays → flat numbers. */
export function flat(a: unknown): number[] {
  return Array.isArray(a) ? a.flatMap(flat) : [a as number];
}
