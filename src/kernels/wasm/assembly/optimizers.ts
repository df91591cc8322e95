// AssemblyScript source: the Adam and SGD updates over the flat parameter buffer (w, g and the slots share one
// layout, index i the same weight everywhere), two weights at a time in float64 (f64x2). The reference loops
// (src/kernels/ref/optimizers.ts) compute in JavaScript numbers — float64 — and round to float32 on store; these
// do the same float64 operations in the same order (add, sub, mul, div, sqrt and max are IEEE in both), so the
// results are bit-identical to them. Scalars derived from the step (Adam's α) come from the caller.

// @ts-ignore: decorator
@inline function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

// @ts-ignore: decorator
@inline function store2(p: usize, x: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(x), 0);
}

/**
 * Adam (Keras placement of ε): m += (g − m)·c1; v += (g² − v)·c2; vHat = max(vHat, v) (amsgrad, vHat ≠ 0);
 * w −= α·m/(√v + ε) with the unrounded m and v, as the reference's assignment expressions give them.
 * c1 = 1 − β₁, c2 = 1 − β₂, α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ).
 */
export function adamUpdate(w: usize, g: usize, m: usize, v: usize, vHat: usize, n: i32, alpha: f64, c1: f64, c2: f64, epsilon: f64): void {
  const A = f64x2.splat(alpha), C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), E = f64x2.splat(epsilon);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 2;
    const gi = load2(g + o), m0 = load2(m + o), v0 = load2(v + o);
    const mi = f64x2.add(m0, f64x2.mul(f64x2.sub(gi, m0), C1));
    let vi = f64x2.add(v0, f64x2.mul(f64x2.sub(f64x2.mul(gi, gi), v0), C2));
    store2(m + o, mi);
    store2(v + o, vi);
    if (vHat) {
      vi = f64x2.max(load2(vHat + o), vi);
      store2(vHat + o, vi);
    }
    store2(w + o, f64x2.sub(load2(w + o), f64x2.div(f64x2.mul(A, mi), f64x2.add(f64x2.sqrt(vi), E))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = <f64>load<f32>(g + o), m0 = <f64>load<f32>(m + o), v0 = <f64>load<f32>(v + o);
    const mi = m0 + (gi - m0) * c1;
    let vi = v0 + (gi * gi - v0) * c2;
    store<f32>(m + o, <f32>mi);
    store<f32>(v + o, <f32>vi);
    if (vHat) {
      vi = max(<f64>load<f32>(vHat + o), vi);
      store<f32>(vHat + o, <f32>vi);
    }
    store<f32>(w + o, <f32>(<f64>load<f32>(w + o) - (alpha * mi) / (sqrt(vi) + epsilon)));
  }
}

/**
 * SGD: without velocity (0) w −= lr·g; else u = momentum·velocity − lr·g, velocity = u, and w += u (nesterov:
 * w += momentum·u − lr·g, with the unrounded u).
 */
export function sgdUpdate(w: usize, g: usize, velocity: usize, n: i32, lr: f64, momentum: f64, nesterov: i32): void {
  const L = f64x2.splat(lr), M = f64x2.splat(momentum);
  let i = 0;
  if (!velocity) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 2;
      store2(w + o, f64x2.sub(load2(w + o), f64x2.mul(L, load2(g + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(w + o, <f32>(<f64>load<f32>(w + o) - lr * <f64>load<f32>(g + o)));
    }
    return;
  }
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 2;
    const lg = f64x2.mul(L, load2(g + o));
    const u = f64x2.sub(f64x2.mul(M, load2(velocity + o)), lg);
    store2(velocity + o, u);
    store2(w + o, f64x2.add(load2(w + o), nesterov ? f64x2.sub(f64x2.mul(M, u), lg) : u));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const lg = lr * <f64>load<f32>(g + o);
    const u = momentum * <f64>load<f32>(velocity + o) - lg;
    store<f32>(velocity + o, <f32>u);
    store<f32>(w + o, <f32>(<f64>load<f32>(w + o) + (nesterov ? momentum * u - lg : u)));
  }
}
