// AssemblyScript source (compiled to WebAssembly SIMD by scripts/build-wasm.mjs; not part of the tsc build).
// Matrix products over float32 memory addressed by byte pointers, strides in elements:
//   gemm: C[M,N] (+)= A'[M,K] · B[K,N], where A'[m,k] = A[m·sam + k·sak]  (NN: sam = lda, sak = 1;
//         TN, i.e. Aᵀ·B: sam = 1, sak = lda). 4×8 register tile of f32x4, then 4-wide edges; the last N mod 4
//         columns as the last four columns' vector with only their lanes stored (scalar only when N < 4).
//         accumulate 0: C = Σ_k; 1: C = Σ_k + C; 2: the sums start from C's values (C = C + a₀b₀ + a₁b₁ + …,
//         so a product cut into ranges of k, each continuing the last, rounds exactly as one product).
//   gemmBias: gemm (accumulate 0) plus a row vector: C[i, :] = Σ_k + v, the bias add of a layer's product fused
//         into the store (the same bits as gemm then addRows: each value is one rounded sum, then one add).
//   gemmBlocked: gemm (accumulate 0) with the sum over K in blocks, rounding as one product.
//   gemmNT: C[M,K] (+)= A[M,J] · B[K,J]ᵀ, dot products vectorised along J, four rows of B at a time.
// Same contract as src/kernels/ref/matmul.ts; results differ only by float32 rounding order.

// acc + a·b. Built twice (scripts/build-wasm.mjs): without relaxed SIMD a rounded multiply then a rounded add, as
// before; with `--enable relaxed-simd` f32x4.relaxed_madd, a fused multiply-add on hardware that has one (one
// rounding: results differ from the plain module's by float32 rounding, and from machine to machine).
@inline function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// The scalar edges' acc + a·b, fused in the relaxed build too (through lane 0), so that a column gets the same
// rounding whichever tile or edge computes it (the fused time loops and the per-step path split products
// differently and must stay bit-identical).
@inline function maddScalar(a: f32, b: f32, acc: f32): f32 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(acc)), 0);
  return acc + a * b;
}

@inline function splat(p: usize): v128 {
  return v128.load32_splat(p); // a broadcast load (vbroadcastss on x64), no shuffle
}

// The first value of a sum: 0, or what C holds when continuing a sum over a further range of k (exact: the
// partial sum was stored as the float32 it is).
@inline function from(p: usize, go: bool): v128 {
  return go ? v128.load(p) : f32x4.splat(0);
}
@inline function fromScalar(p: usize, go: bool): f32 {
  return go ? load<f32>(p) : 0;
}

// Stores the last r lanes (1–3) of x at p (p = column N − 4 of a row): the columns a tail vector adds.
@inline function storeTail(p: usize, x: v128, r: i32): void {
  if (r == 1) v128.store32_lane(p, x, 3, 12);
  else if (r == 2) v128.store64_lane(p, x, 1, 8);
  else {
    v128.store32_lane(p, x, 1, 4);
    v128.store64_lane(p, x, 1, 8);
  }
}

// Four columns (from byte o) of four rows of C: C's rows c0…c3, A's rows a0…a3. `keep` 4 stores every lane; 1–3
// only the last `keep` (the tail of a row whose length is not a multiple of 4).
@inline function rows4cols4(c0: usize, c1: usize, c2: usize, c3: usize, a0: usize, a1: usize, a2: usize, a3: usize, b: usize, o: usize, K: i32, bs: usize, aks: usize, go: bool, accumulate: i32, keep: i32, bias: usize): void {
  let x0 = from(c0 + o, go), x1 = from(c1 + o, go), x2 = from(c2 + o, go), x3 = from(c3 + o, go);
  let pb = b + o, ka: usize = 0;
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    x0 = madd(splat(a0 + ka), b0, x0);
    x1 = madd(splat(a1 + ka), b0, x1);
    x2 = madd(splat(a2 + ka), b0, x2);
    x3 = madd(splat(a3 + ka), b0, x3);
    pb += bs;
    ka += aks;
  }
  if (accumulate == 1) {
    x0 = f32x4.add(x0, v128.load(c0 + o)); x1 = f32x4.add(x1, v128.load(c1 + o));
    x2 = f32x4.add(x2, v128.load(c2 + o)); x3 = f32x4.add(x3, v128.load(c3 + o));
  }
  if (bias) {
    const v = v128.load(bias + o);
    x0 = f32x4.add(x0, v); x1 = f32x4.add(x1, v); x2 = f32x4.add(x2, v); x3 = f32x4.add(x3, v);
  }
  if (keep == 4) {
    v128.store(c0 + o, x0); v128.store(c1 + o, x1); v128.store(c2 + o, x2); v128.store(c3 + o, x3);
  } else {
    storeTail(c0 + o, x0, keep); storeTail(c1 + o, x1, keep); storeTail(c2 + o, x2, keep); storeTail(c3 + o, x3, keep);
  }
}

// The same for one row.
@inline function row1cols4(c0: usize, a0: usize, b: usize, o: usize, K: i32, bs: usize, aks: usize, go: bool, accumulate: i32, keep: i32, bias: usize): void {
  let x0 = from(c0 + o, go);
  let pb = b + o, ka: usize = 0;
  for (let k = 0; k < K; k++) {
    x0 = madd(splat(a0 + ka), v128.load(pb), x0);
    pb += bs;
    ka += aks;
  }
  if (accumulate == 1) x0 = f32x4.add(x0, v128.load(c0 + o));
  if (bias) x0 = f32x4.add(x0, v128.load(bias + o));
  if (keep == 4) v128.store(c0 + o, x0);
  else storeTail(c0 + o, x0, keep);
}

export function gemm(c: usize, ldc: i32, a: usize, sam: i32, sak: i32, b: usize, ldb: i32, M: i32, N: i32, K: i32, accumulate: i32): void {
  gemmCore(c, ldc, a, sam, sak, b, ldb, M, N, K, accumulate, 0);
}

/** C[i, :] = A'[i, :]·B + v for M rows (v: N values at byte pointer `bias`); arguments as gemm's, then v. */
export function gemmBias(c: usize, ldc: i32, a: usize, sam: i32, sak: i32, b: usize, ldb: i32, M: i32, N: i32, K: i32, bias: usize): void {
  gemmCore(c, ldc, a, sam, sak, b, ldb, M, N, K, 0, bias);
}

// The product behind gemm and gemmBias: `bias` (0: none) is added to each stored value after the sum (and after
// C's old value when accumulate is 1); inlined into both, so gemm's code has no bias test.
// @ts-ignore: decorator
@inline function gemmCore(c: usize, ldc: i32, a: usize, sam: i32, sak: i32, b: usize, ldb: i32, M: i32, N: i32, K: i32, accumulate: i32, bias: usize): void {
  const cs = <usize>ldc << 2, ams = <usize>sam << 2, aks = <usize>sak << 2, bs = <usize>ldb << 2;
  const N8 = N & ~7, N4 = N & ~3;
  const go = accumulate == 2; // continue the sums held in C (K-blocked products); 1: add C after the sum
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const c0 = c + <usize>i * cs, c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
    const a0 = a + <usize>i * ams, a1 = a0 + ams, a2 = a1 + ams, a3 = a2 + ams;
    let j = 0;
    for (; j < N8; j += 8) {
      const o = <usize>j << 2;
      let x00 = from(c0 + o, go), x01 = from(c0 + o + 16, go), x10 = from(c1 + o, go), x11 = from(c1 + o + 16, go);
      let x20 = from(c2 + o, go), x21 = from(c2 + o + 16, go), x30 = from(c3 + o, go), x31 = from(c3 + o + 16, go);
      let pb = b + o, k = 0, ka: usize = 0;
      for (; k < K; k++) {
        const b0 = v128.load(pb), b1 = v128.load(pb, 16);
        let s = splat(a0 + ka); x00 = madd(s, b0, x00); x01 = madd(s, b1, x01);
        s = splat(a1 + ka); x10 = madd(s, b0, x10); x11 = madd(s, b1, x11);
        s = splat(a2 + ka); x20 = madd(s, b0, x20); x21 = madd(s, b1, x21);
        s = splat(a3 + ka); x30 = madd(s, b0, x30); x31 = madd(s, b1, x31);
        pb += bs;
        ka += aks;
      }
      if (accumulate == 1) {
        x00 = f32x4.add(x00, v128.load(c0 + o)); x01 = f32x4.add(x01, v128.load(c0 + o, 16));
        x10 = f32x4.add(x10, v128.load(c1 + o)); x11 = f32x4.add(x11, v128.load(c1 + o, 16));
        x20 = f32x4.add(x20, v128.load(c2 + o)); x21 = f32x4.add(x21, v128.load(c2 + o, 16));
        x30 = f32x4.add(x30, v128.load(c3 + o)); x31 = f32x4.add(x31, v128.load(c3 + o, 16));
      }
      if (bias) {
        const v0 = v128.load(bias + o), v1 = v128.load(bias + o, 16);
        x00 = f32x4.add(x00, v0); x01 = f32x4.add(x01, v1); x10 = f32x4.add(x10, v0); x11 = f32x4.add(x11, v1);
        x20 = f32x4.add(x20, v0); x21 = f32x4.add(x21, v1); x30 = f32x4.add(x30, v0); x31 = f32x4.add(x31, v1);
      }
      v128.store(c0 + o, x00); v128.store(c0 + o, x01, 16);
      v128.store(c1 + o, x10); v128.store(c1 + o, x11, 16);
      v128.store(c2 + o, x20); v128.store(c2 + o, x21, 16);
      v128.store(c3 + o, x30); v128.store(c3 + o, x31, 16);
    }
    for (; j < N4; j += 4) rows4cols4(c0, c1, c2, c3, a0, a1, a2, a3, b, <usize>j << 2, K, bs, aks, go, accumulate, 4, bias);
    if (j < N && N >= 4) {
      // 1–3 columns left: the last four columns [N − 4, N) as one vector per row, only the new lanes stored (the
      // others repeat columns already done, each lane the same operations in the same order as a scalar column)
      rows4cols4(c0, c1, c2, c3, a0, a1, a2, a3, b, <usize>(N - 4) << 2, K, bs, aks, go, accumulate, N - j, bias);
      j = N;
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      let s0 = fromScalar(c0 + o, go), s1 = fromScalar(c1 + o, go), s2 = fromScalar(c2 + o, go), s3 = fromScalar(c3 + o, go);
      let pb = b + o, ka: usize = 0;
      for (let k = 0; k < K; k++) {
        const bv = load<f32>(pb);
        s0 = maddScalar(load<f32>(a0 + ka), bv, s0); s1 = maddScalar(load<f32>(a1 + ka), bv, s1);
        s2 = maddScalar(load<f32>(a2 + ka), bv, s2); s3 = maddScalar(load<f32>(a3 + ka), bv, s3);
        pb += bs;
        ka += aks;
      }
      if (accumulate == 1) { s0 += load<f32>(c0 + o); s1 += load<f32>(c1 + o); s2 += load<f32>(c2 + o); s3 += load<f32>(c3 + o); }
      if (bias) { const v = load<f32>(bias + o); s0 += v; s1 += v; s2 += v; s3 += v; }
      store<f32>(c0 + o, s0); store<f32>(c1 + o, s1); store<f32>(c2 + o, s2); store<f32>(c3 + o, s3);
    }
  }
  for (; i < M; i++) {
    const c0 = c + <usize>i * cs, a0 = a + <usize>i * ams;
    let j = 0;
    // a lone row (one-step inference, batch 1): 16 columns at a time, four independent sums in flight
    for (; j + 16 <= N; j += 16) {
      const o = <usize>j << 2;
      let x0 = from(c0 + o, go), x1 = from(c0 + o + 16, go), x2 = from(c0 + o + 32, go), x3 = from(c0 + o + 48, go);
      let pb = b + o, ka: usize = 0;
      for (let k = 0; k < K; k++) {
        const s = splat(a0 + ka);
        x0 = madd(s, v128.load(pb), x0); x1 = madd(s, v128.load(pb, 16), x1);
        x2 = madd(s, v128.load(pb, 32), x2); x3 = madd(s, v128.load(pb, 48), x3);
        pb += bs;
        ka += aks;
      }
      if (accumulate == 1) {
        x0 = f32x4.add(x0, v128.load(c0 + o)); x1 = f32x4.add(x1, v128.load(c0 + o, 16));
        x2 = f32x4.add(x2, v128.load(c0 + o, 32)); x3 = f32x4.add(x3, v128.load(c0 + o, 48));
      }
      if (bias) {
        x0 = f32x4.add(x0, v128.load(bias + o)); x1 = f32x4.add(x1, v128.load(bias + o, 16));
        x2 = f32x4.add(x2, v128.load(bias + o, 32)); x3 = f32x4.add(x3, v128.load(bias + o, 48));
      }
      v128.store(c0 + o, x0); v128.store(c0 + o, x1, 16); v128.store(c0 + o, x2, 32); v128.store(c0 + o, x3, 48);
    }
    for (; j < N4; j += 4) row1cols4(c0, a0, b, <usize>j << 2, K, bs, aks, go, accumulate, 4, bias);
    if (j < N && N >= 4) { // the last 1–3 columns as in the 4-row tiles
      row1cols4(c0, a0, b, <usize>(N - 4) << 2, K, bs, aks, go, accumulate, N - j, bias);
      j = N;
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      let s = fromScalar(c0 + o, go);
      let pb = b + o, ka: usize = 0;
      for (let k = 0; k < K; k++) {
        s = maddScalar(load<f32>(a0 + ka), load<f32>(pb), s);
        pb += bs;
        ka += aks;
      }
      if (accumulate == 1) s += load<f32>(c0 + o);
      if (bias) s += load<f32>(bias + o);
      store<f32>(c0 + o, s);
    }
  }
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * gemm over K in blocks of `block`: C = Σ over the blocks, each continuing the running sums of the one before
 * (mode 2), so the roundings are those of one product; each block's rows of A and B stay in cache across the
 * register tiles (the long weight-gradient products Aᵀ·B over B·T rows).
 */
export function gemmBlocked(c: usize, ldc: i32, a: usize, sam: i32, sak: i32, b: usize, ldb: i32, M: i32, N: i32, K: i32, block: i32): void {
  const aks = <usize>sak << 2, bs = <usize>ldb << 2;
  for (let k0 = 0; k0 < K; k0 += block) {
    gemm(c, ldc, a + <usize>k0 * aks, sam, sak, b + <usize>k0 * bs, ldb, M, N, min(block, K - k0), k0 == 0 ? 0 : 2);
  }
}

export function gemmNT(c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, M: i32, K: i32, J: i32, accumulate: i32): void {
  const cs = <usize>ldc << 2, as_ = <usize>lda << 2, bs = <usize>ldb << 2;
  const J4 = J & ~3;
  for (let i = 0; i < M; i++) {
    const ci = c + <usize>i * cs, ai = a + <usize>i * as_;
    let k = 0;
    for (; k + 4 <= K; k += 4) {
      const b0 = b + <usize>k * bs, b1 = b0 + bs, b2 = b1 + bs, b3 = b2 + bs;
      let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
      let j = 0;
      for (; j < J4; j += 4) {
        const o = <usize>j << 2;
        const av = v128.load(ai + o);
        x0 = madd(av, v128.load(b0 + o), x0);
        x1 = madd(av, v128.load(b1 + o), x1);
        x2 = madd(av, v128.load(b2 + o), x2);
        x3 = madd(av, v128.load(b3 + o), x3);
      }
      let s0 = hsum(x0), s1 = hsum(x1), s2 = hsum(x2), s3 = hsum(x3);
      for (; j < J; j++) {
        const o = <usize>j << 2;
        const av = load<f32>(ai + o);
        s0 = maddScalar(av, load<f32>(b0 + o), s0); s1 = maddScalar(av, load<f32>(b1 + o), s1);
        s2 = maddScalar(av, load<f32>(b2 + o), s2); s3 = maddScalar(av, load<f32>(b3 + o), s3);
      }
      const o = <usize>k << 2;
      if (accumulate) { s0 += load<f32>(ci + o); s1 += load<f32>(ci + o + 4); s2 += load<f32>(ci + o + 8); s3 += load<f32>(ci + o + 12); }
      store<f32>(ci + o, s0); store<f32>(ci + o + 4, s1); store<f32>(ci + o + 8, s2); store<f32>(ci + o + 12, s3);
    }
    for (; k < K; k++) {
      const bk = b + <usize>k * bs;
      let x0 = f32x4.splat(0);
      let j = 0;
      for (; j < J4; j += 4) x0 = madd(v128.load(ai + (<usize>j << 2)), v128.load(bk + (<usize>j << 2)), x0);
      let s = hsum(x0);
      for (; j < J; j++) s = maddScalar(load<f32>(ai + (<usize>j << 2)), load<f32>(bk + (<usize>j << 2)), s);
      const o = <usize>k << 2;
      if (accumulate) s += load<f32>(ci + o);
      store<f32>(ci + o, s);
    }
  }
}

/** dst[J, K] = src[K, J]ᵀ (src rows at stride lds elements; dst contiguous), in 4×4 SIMD tiles. */
export function transpose(dst: usize, src: usize, K: i32, J: i32, lds: i32): void {
  const ss = <usize>lds << 2, ds = <usize>K << 2;
  const K4 = K & ~3, J4 = J & ~3;
  for (let k = 0; k < K4; k += 4) {
    const s0 = src + <usize>k * ss, s1 = s0 + ss, s2 = s1 + ss, s3 = s2 + ss;
    for (let j = 0; j < J4; j += 4) {
      const o = <usize>j << 2;
      const v0 = v128.load(s0 + o), v1 = v128.load(s1 + o), v2 = v128.load(s2 + o), v3 = v128.load(s3 + o);
      const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
      const d = dst + <usize>j * ds + (<usize>k << 2);
      v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(d + ds, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(d + 2 * ds, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(d + 3 * ds, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (let j = J4; j < J; j++) {
      const o = <usize>j << 2, d = dst + <usize>j * ds + (<usize>k << 2);
      store<f32>(d, load<f32>(s0 + o)); store<f32>(d + 4, load<f32>(s1 + o));
      store<f32>(d + 8, load<f32>(s2 + o)); store<f32>(d + 12, load<f32>(s3 + o));
    }
  }
  for (let k = K4; k < K; k++) {
    const s = src + <usize>k * ss, d = dst + (<usize>k << 2);
    for (let j = 0; j < J; j++) store<f32>(d + <usize>j * ds, load<f32>(s + (<usize>j << 2)));
  }
}

/** C[i, :] += v for M rows of N values (row stride ldc). */
export function addRows(c: usize, ldc: i32, v: usize, M: i32, N: i32): void {
  const cs = <usize>ldc << 2, N4 = N & ~3;
  for (let i = 0; i < M; i++) {
    const ci = c + <usize>i * cs;
    let j = 0;
    for (; j < N4; j += 4) {
      const o = <usize>j << 2;
      v128.store(ci + o, f32x4.add(v128.load(ci + o), v128.load(v + o)));
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      store<f32>(ci + o, load<f32>(ci + o) + load<f32>(v + o));
    }
  }
}

/**
 * s[N] += Σ_i Z[i, :] over M rows (row stride ldz), rows in order. Row by row (s stays in cache, Z is read once
 * in memory order); each column's sum takes the same additions in the same order as a column-by-column loop.
 */
export function colSum(s: usize, z: usize, ldz: i32, M: i32, N: i32): void {
  const zs = <usize>ldz << 2, N4 = N & ~3;
  let i = 0;
  for (; i + 4 <= M; i += 4) { // four rows per pass over s
    const z0 = z + <usize>i * zs, z1 = z0 + zs, z2 = z1 + zs, z3 = z2 + zs;
    let j = 0;
    for (; j < N4; j += 4) {
      const o = <usize>j << 2;
      let acc = f32x4.add(v128.load(s + o), v128.load(z0 + o));
      acc = f32x4.add(acc, v128.load(z1 + o));
      acc = f32x4.add(acc, v128.load(z2 + o));
      v128.store(s + o, f32x4.add(acc, v128.load(z3 + o)));
    }
    for (; j < N; j++) {
      const o = <usize>j << 2;
      store<f32>(s + o, load<f32>(s + o) + load<f32>(z0 + o) + load<f32>(z1 + o) + load<f32>(z2 + o) + load<f32>(z3 + o));
    }
  }
  for (; i < M; i++) addRows(s, 0, z + <usize>i * zs, 1, N); // the last rows one at a time: s += Z[i, :]
}
