// AssemblyScript source: activations over strided row blocks, four lanes at a time (f32x4), for the
// activations recurrent layers use: linear 0, relu 1, tanh 2, sigmoid 3, hard_sigmoid 11 (x/6 + 0.5),
// hard_sigmoid_tfjs 12 (0.2x + 0.5). Ids match src/kernels/types.ts `Act`. Returns 0 for other ids (the
// caller then uses the reference kernel).
//   exp: Cephes-style range reduction (x = n·ln2 + r) and a degree-6 polynomial, about 2 ulp;
//   tanh: x + x³·P(x²) for |x| < 0.625 (Cephes tanhf), else 1 − 2/(e^{2|x|} + 1) with the sign restored;
//         a vector computes only the branches its lanes select (same values, data-dependent time).

// Horner steps p·x + c: fused in the relaxed-SIMD build (as the matrix products), a rounded multiply and add in the
// baseline build
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline function vexp(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.3)); // pmin/pmax: one instruction each (min/max: several, for NaN and ±0 rules that cannot arise here)
  // n = nearest(x·log₂e) by the 1.5·2²³ trick: adding it rounds x·log₂e to an integer (ties to even, as
  // f32x4.nearest) and leaves that integer in the low mantissa bits, so no round or float-to-int conversion
  // instruction is needed (x·log₂e lies in [−126, 128) after the clamp)
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
  const n = f32x4.sub(t, f32x4.splat(12582912.0));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  p = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), f32x4.splat(1.0));
  // p · 2^n: add n to the exponent bits
  const e = i32x4.shl(i32x4.add(i32x4.sub(t, i32x4.splat(0x4b400000)), i32x4.splat(127)), 23);
  return f32x4.mul(p, e);
}

// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline function vtanhLarge(x: v128, ax: v128): v128 {
  // 1 − 2/(e^{2|x|} + 1), sign restored
  const e = vexp(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  return v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
}

// @ts-ignore: decorator
@inline function vtanhSmall(x: v128): v128 {
  // Cephes polynomial x + x³·P(x²)
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  return f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
}

// Each lane takes the branch its |x| selects; a vector whose four lanes agree computes only that branch (the
// same values: a lane's result never depends on its neighbours). Saves the exp and the division on vectors of
// small values (LSTM and GRU pre-activations are mostly below 0.625 early in training), the polynomial on large.
// @ts-ignore: decorator
@inline export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const small = f32x4.lt(ax, f32x4.splat(0.625));
  if (!v128.any_true(small)) return vtanhLarge(x, ax);
  if (i32x4.all_true(small)) return vtanhSmall(x);
  return v128.bitselect(vtanhSmall(x), vtanhLarge(x, ax), small);
}

// @ts-ignore: decorator
@inline function vact(x: v128, act: i32): v128 {
  switch (act) {
    case 1: return f32x4.max(x, f32x4.splat(0));
    case 2: return vtanh(x);
    case 3: return vsigmoid(x);
    case 11: return f32x4.min(f32x4.max(f32x4.add(f32x4.mul(x, f32x4.splat(<f32>(1.0 / 6.0))), f32x4.splat(0.5)), f32x4.splat(0)), f32x4.splat(1));
    case 12: return f32x4.min(f32x4.max(f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5)), f32x4.splat(0)), f32x4.splat(1));
    default: return x;
  }
}

/** f'(z) given z and y = f(z). */
// @ts-ignore: decorator
@inline function vgrad(z: v128, y: v128, act: i32): v128 {
  const one = f32x4.splat(1.0), zero = f32x4.splat(0);
  switch (act) {
    case 1: return v128.and(one, f32x4.gt(z, zero));
    case 2: return f32x4.sub(one, f32x4.mul(y, y));
    case 3: return f32x4.mul(y, f32x4.sub(one, y));
    case 11: return v128.and(f32x4.splat(<f32>(1.0 / 6.0)), v128.and(f32x4.gt(z, f32x4.splat(-3)), f32x4.lt(z, f32x4.splat(3))));
    case 12: return v128.and(f32x4.splat(0.2), v128.and(f32x4.gt(z, f32x4.splat(-2.5)), f32x4.lt(z, f32x4.splat(2.5))));
    default: return one;
  }
}

// @ts-ignore: decorator
@inline function forwardRows(y: usize, ldy: i32, z: usize, ldz: i32, rows: i32, cols: i32, act: i32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const yr = y + (<usize>r * <usize>ldy << 2), zr = z + (<usize>r * <usize>ldz << 2);
    let j = 0;
    for (; j < c4; j += 4) v128.store(yr + (<usize>j << 2), vact(v128.load(zr + (<usize>j << 2)), act));
    for (; j < cols; j++) {
      const v = vact(f32x4.splat(load<f32>(zr + (<usize>j << 2))), act);
      store<f32>(yr + (<usize>j << 2), f32x4.extract_lane(v, 0));
    }
  }
}

/** y[r, :] = f(z[r, :]) for `rows` rows of `cols` values; row strides ldy, ldz (elements). 1 if done, 0 if unsupported. */
export function actForward(y: usize, ldy: i32, z: usize, ldz: i32, rows: i32, cols: i32, act: i32): i32 {
  // one loop per activation (the constant argument specialises the inlined loop; no switch per vector)
  switch (act) {
    case 0: forwardRows(y, ldy, z, ldz, rows, cols, 0); return 1;
    case 1: forwardRows(y, ldy, z, ldz, rows, cols, 1); return 1;
    case 2: forwardRows(y, ldy, z, ldz, rows, cols, 2); return 1;
    case 3: forwardRows(y, ldy, z, ldz, rows, cols, 3); return 1;
    case 11: forwardRows(y, ldy, z, ldz, rows, cols, 11); return 1;
    case 12: forwardRows(y, ldy, z, ldz, rows, cols, 12); return 1;
    default: return 0;
  }
}

// @ts-ignore: decorator
@inline function backwardRows(dz: usize, lddz: i32, dy: usize, lddy: i32, z: usize, ldz: i32, y: usize, ldy: i32, rows: i32, cols: i32, act: i32): void {
  const c4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const dzr = dz + (<usize>r * <usize>lddz << 2), dyr = dy + (<usize>r * <usize>lddy << 2);
    const zr = z + (<usize>r * <usize>ldz << 2), yr = y + (<usize>r * <usize>ldy << 2);
    let j = 0;
    for (; j < c4; j += 4) {
      const o = <usize>j << 2;
      v128.store(dzr + o, f32x4.mul(v128.load(dyr + o), vgrad(v128.load(zr + o), v128.load(yr + o), act)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const g = vgrad(f32x4.splat(load<f32>(zr + o)), f32x4.splat(load<f32>(yr + o)), act);
      store<f32>(dzr + o, load<f32>(dyr + o) * f32x4.extract_lane(g, 0));
    }
  }
}

/** dz = dy ⊙ f'(z) (from z and y) over strided rows; dz may alias dy. 1 if done, 0 if unsupported. */
export function actBackward(dz: usize, lddz: i32, dy: usize, lddy: i32, z: usize, ldz: i32, y: usize, ldy: i32, rows: i32, cols: i32, act: i32): i32 {
  switch (act) {
    case 0: backwardRows(dz, lddz, dy, lddy, z, ldz, y, ldy, rows, cols, 0); return 1;
    case 1: backwardRows(dz, lddz, dy, lddy, z, ldz, y, ldy, rows, cols, 1); return 1;
    case 2: backwardRows(dz, lddz, dy, lddy, z, ldz, y, ldy, rows, cols, 2); return 1;
    case 3: backwardRows(dz, lddz, dy, lddy, z, ldz, y, ldy, rows, cols, 3); return 1;
    case 11: backwardRows(dz, lddz, dy, lddy, z, ldz, y, ldy, rows, cols, 11); return 1;
    case 12: backwardRows(dz, lddz, dy, lddy, z, ldz, y, ldy, rows, cols, 12); return 1;
    default: return 0;
  }
}
