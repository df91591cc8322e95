// AssemblyScript source: the per-step LSTM gate arithmetic over B rows (row strides in floats), four lanes at
// a time with a scalar tail. The same formulas as src/kernels/ref/gates.ts (the oracle):
//   lstmCell:     c = f⊙c_prev + i⊙c̃              (gate rows [i, f, c̃, o], H each)
//   lstmOut:      h = o⊙a                          (a = act(c))
//   lstmBackOut:  dh = dhNext (+ dhs); dz_o = dh⊙a; da = dh⊙o
//   lstmBackCell: dc' = dc + da; dz_i = dc'⊙c̃; dz_f = dc'⊙c_prev; dz_c̃ = dc'⊙i; dc = dc'⊙f

// @ts-ignore: decorator
@inline function at(base: usize, row: i32, ld: i32, j: i32): usize {
  return base + ((<usize>(row * ld + j)) << 2);
}

export function lstmCell(c: usize, ldc: i32, cp: usize, ldcp: i32, g: usize, ldg: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const gi = v128.load(at(g, b, ldg, j)), gf = v128.load(at(g, b, ldg, j + H)), gc = v128.load(at(g, b, ldg, j + 2 * H));
      v128.store(at(c, b, ldc, j), f32x4.add(f32x4.mul(gf, v128.load(at(cp, b, ldcp, j))), f32x4.mul(gi, gc)));
    }
    for (; j < H; j++) {
      store<f32>(at(c, b, ldc, j), load<f32>(at(g, b, ldg, j + H)) * load<f32>(at(cp, b, ldcp, j)) + load<f32>(at(g, b, ldg, j)) * load<f32>(at(g, b, ldg, j + 2 * H)));
    }
  }
}

export function lstmOut(h: usize, ldh: i32, g: usize, ldg: i32, a: usize, lda: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) v128.store(at(h, b, ldh, j), f32x4.mul(v128.load(at(g, b, ldg, j + 3 * H)), v128.load(at(a, b, lda, j))));
    for (; j < H; j++) store<f32>(at(h, b, ldh, j), load<f32>(at(g, b, ldg, j + 3 * H)) * load<f32>(at(a, b, lda, j)));
  }
}

/** dhOut[b] = dhNext[b] + dhs[b] (dhs may be 0: none); dzo[b] = dhOut⊙a; da[b] = dhOut⊙o. dhOut, dhNext, da: ld H. */
export function lstmBackOut(dhOut: usize, da: usize, dzo: usize, ldz: i32, dhNext: usize, dhs: usize, lds: i32, a: usize, lda: i32, go: usize, ldg: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      let d = v128.load(at(dhNext, b, H, j));
      if (dhs) d = f32x4.add(d, v128.load(at(dhs, b, lds, j)));
      v128.store(at(dhOut, b, H, j), d);
      v128.store(at(dzo, b, ldz, j), f32x4.mul(d, v128.load(at(a, b, lda, j))));
      v128.store(at(da, b, H, j), f32x4.mul(d, v128.load(at(go, b, ldg, j))));
    }
    for (; j < H; j++) {
      let d = load<f32>(at(dhNext, b, H, j));
      if (dhs) d += load<f32>(at(dhs, b, lds, j));
      store<f32>(at(dhOut, b, H, j), d);
      store<f32>(at(dzo, b, ldz, j), d * load<f32>(at(a, b, lda, j)));
      store<f32>(at(da, b, H, j), d * load<f32>(at(go, b, ldg, j)));
    }
  }
}

/** dz rows [i, f, c̃] at dz (ld ldz), gates g (ld ldg), c_prev cp (ld ldcp); dc and da ld H. */
export function lstmBackCell(dz: usize, ldz: i32, dc: usize, da: usize, g: usize, ldg: i32, cp: usize, ldcp: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const d = f32x4.add(v128.load(at(dc, b, H, j)), v128.load(at(da, b, H, j)));
      v128.store(at(dz, b, ldz, j), f32x4.mul(d, v128.load(at(g, b, ldg, j + 2 * H))));
      v128.store(at(dz, b, ldz, j + H), f32x4.mul(d, v128.load(at(cp, b, ldcp, j))));
      v128.store(at(dz, b, ldz, j + 2 * H), f32x4.mul(d, v128.load(at(g, b, ldg, j))));
      v128.store(at(dc, b, H, j), f32x4.mul(d, v128.load(at(g, b, ldg, j + H))));
    }
    for (; j < H; j++) {
      const d = load<f32>(at(dc, b, H, j)) + load<f32>(at(da, b, H, j));
      store<f32>(at(dz, b, ldz, j), d * load<f32>(at(g, b, ldg, j + 2 * H)));
      store<f32>(at(dz, b, ldz, j + H), d * load<f32>(at(cp, b, ldcp, j)));
      store<f32>(at(dz, b, ldz, j + 2 * H), d * load<f32>(at(g, b, ldg, j)));
      store<f32>(at(dc, b, H, j), d * load<f32>(at(g, b, ldg, j + H)));
    }
  }
}

// ---- GRU (gate rows [z, r, h̃], H each) and shared row operations ----------------------------------------

/** out = x⊙y */
export function mulRows(out: usize, ldo: i32, x: usize, ldx: i32, y: usize, ldy: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) v128.store(at(out, b, ldo, j), f32x4.mul(v128.load(at(x, b, ldx, j)), v128.load(at(y, b, ldy, j))));
    for (; j < H; j++) store<f32>(at(out, b, ldo, j), load<f32>(at(x, b, ldx, j)) * load<f32>(at(y, b, ldy, j)));
  }
}

/** dst += src */
export function addRowsTo(dst: usize, ldd: i32, src: usize, lds: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) v128.store(at(dst, b, ldd, j), f32x4.add(v128.load(at(dst, b, ldd, j)), v128.load(at(src, b, lds, j))));
    for (; j < H; j++) store<f32>(at(dst, b, ldd, j), load<f32>(at(dst, b, ldd, j)) + load<f32>(at(src, b, lds, j)));
  }
}

/** h = z⊙h_prev + (1 − z)⊙h̃ */
export function gruOut(h: usize, ldh: i32, hp: usize, ldp: i32, g: usize, ldg: i32, B: i32, H: i32): void {
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const z = v128.load(at(g, b, ldg, j));
      v128.store(at(h, b, ldh, j), f32x4.add(f32x4.mul(z, v128.load(at(hp, b, ldp, j))), f32x4.mul(f32x4.sub(one, z), v128.load(at(g, b, ldg, j + 2 * H)))));
    }
    for (; j < H; j++) {
      const z = load<f32>(at(g, b, ldg, j));
      store<f32>(at(h, b, ldh, j), z * load<f32>(at(hp, b, ldp, j)) + (1 - z) * load<f32>(at(g, b, ldg, j + 2 * H)));
    }
  }
}

/** d = dhNext (+ dhs); t[0..H) = d; dz_z = d⊙(h_prev − h̃); dz_h̃ = d⊙(1 − z); t[H..2H) = d⊙z (t rows ld ldt). */
export function gruBackOut(t: usize, ldt: i32, dz: usize, ldz: i32, dhNext: usize, dhs: usize, lds: i32, hp: usize, ldp: i32, g: usize, ldg: i32, B: i32, H: i32): void {
  const one = f32x4.splat(1.0);
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      let d = v128.load(at(dhNext, b, H, j));
      if (dhs) d = f32x4.add(d, v128.load(at(dhs, b, lds, j)));
      const z = v128.load(at(g, b, ldg, j));
      v128.store(at(t, b, ldt, j), d);
      v128.store(at(dz, b, ldz, j), f32x4.mul(d, f32x4.sub(v128.load(at(hp, b, ldp, j)), v128.load(at(g, b, ldg, j + 2 * H)))));
      v128.store(at(dz, b, ldz, j + 2 * H), f32x4.mul(d, f32x4.sub(one, z)));
      v128.store(at(t, b, ldt, j + H), f32x4.mul(d, z));
    }
    for (; j < H; j++) {
      let d = load<f32>(at(dhNext, b, H, j));
      if (dhs) d += load<f32>(at(dhs, b, lds, j));
      const z = load<f32>(at(g, b, ldg, j));
      store<f32>(at(t, b, ldt, j), d);
      store<f32>(at(dz, b, ldz, j), d * (load<f32>(at(hp, b, ldp, j)) - load<f32>(at(g, b, ldg, j + 2 * H))));
      store<f32>(at(dz, b, ldz, j + 2 * H), d * (1 - z));
      store<f32>(at(t, b, ldt, j + H), d * z);
    }
  }
}

/** resetAfter = false: dz_r = dv⊙h_prev; dh += dv⊙r (dv, dh ld H; r at g + H). */
export function gruBackReset(dz: usize, ldz: i32, dh: usize, dv: usize, hp: usize, ldp: i32, g: usize, ldg: i32, B: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const v = v128.load(at(dv, b, H, j));
      v128.store(at(dz, b, ldz, j + H), f32x4.mul(v, v128.load(at(hp, b, ldp, j))));
      v128.store(at(dh, b, H, j), f32x4.add(v128.load(at(dh, b, H, j)), f32x4.mul(v, v128.load(at(g, b, ldg, j + H)))));
    }
    for (; j < H; j++) {
      const v = load<f32>(at(dv, b, H, j));
      store<f32>(at(dz, b, ldz, j + H), v * load<f32>(at(hp, b, ldp, j)));
      store<f32>(at(dh, b, H, j), load<f32>(at(dh, b, H, j)) + v * load<f32>(at(g, b, ldg, j + H)));
    }
  }
}
