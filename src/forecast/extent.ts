// The smallest and largest value of an array by a loop: `Math.min(...values)` spreads every value onto the call
// stack and throws RangeError past ~125k values, so data-sized arrays go through here. Same results as
// Math.min / Math.max: NaN when any value is NaN, [Infinity, -Infinity] for no values.

/** [min, max] of `values` (any length); NaN in → [NaN, NaN]; empty → [Infinity, -Infinity]. */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) return [NaN, NaN];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
