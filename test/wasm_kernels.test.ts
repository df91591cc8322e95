// The WebAssembly SIMD kernels against the reference kernels, on random data with awkward shapes (sizes that
// are not multiples of 4 or 8, batch 1, one timestep, large units). Tolerance: float32 rounding order differs,
// so results agree to rtol 1e-4 / atol 1e-5 (normwise 1e-5 for whole recurrent passes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceKernels, wasmKernels } from '../src/index.js';
import { Act, type ActivationId, type RecurrentBuffers, type RecurrentGrads } from '../src/kernels/types.js';
import { wasmFloats, wasmRuntime, type WasmKernels } from '../src/kernels/wasm/runtime.js';
import { assertClose, normwiseError, randomArray } from './helpers.js';

const rt = wasmRuntime();
const fast = wasmKernels();

test('the WebAssembly kernels start here (Node 20 has SIMD and shared memory)', () => {
  assert.ok(rt && fast, 'wasm runtime unavailable');
});

const wasmArray = (n: number, seed: number, lo = -1, hi = 1): Float32Array => {
  const a = wasmFloats(rt!, n);
  a.set(randomArray(n, seed, lo, hi));
  return a;
};

const shapes: [number, number, number][] = [[1, 1, 1], [1, 7, 13], [3, 5, 9], [4, 8, 8], [5, 3, 17], [33, 50, 51], [64, 128, 512], [7, 1, 3], [2, 129, 6]];

for (const [M, K, N] of shapes) {
  test(`matrix products match the reference at M=${M} K=${K} N=${N} (with row strides and offsets)`, () => {
    const pad = 3; // row strides wider than the rows, and non-zero offsets
    const A = wasmArray((M + 1) * (K + pad), 1), B = wasmArray((K + 1) * (N + pad), 2), C = wasmArray((M + 1) * (N + pad), 3);
    const At = wasmArray((K + 1) * (M + pad), 4), Bt = wasmArray((N + 1) * (K + pad), 5);
    for (const accumulate of [false, true]) {
      const C1 = Float32Array.from(C), C2 = wasmFloats(rt!, C.length);
      C2.set(C);
      referenceKernels.matmul.nn(C1, 2, N + pad, A, 1, K + pad, B, 3, N + pad, M, K, N, accumulate);
      fast!.matmul.nn(C2, 2, N + pad, A, 1, K + pad, B, 3, N + pad, M, K, N, accumulate);
      assertClose(C2, C1, { rtol: 1e-4, atol: 1e-5, what: `A·B accumulate ${accumulate}` });
      const D1 = Float32Array.from(C), D2 = wasmFloats(rt!, C.length);
      D2.set(C);
      referenceKernels.matmul.nt(D1, 1, N + pad, A, 0, K + pad, Bt, 2, K + pad, M, N, K, accumulate);
      fast!.matmul.nt(D2, 1, N + pad, A, 0, K + pad, Bt, 2, K + pad, M, N, K, accumulate);
      assertClose(D2, D1, { rtol: 1e-4, atol: 1e-5, what: `A·Bᵀ accumulate ${accumulate}` });
    }
    const E1 = Float32Array.from(C), E2 = wasmFloats(rt!, C.length);
    E2.set(C);
    referenceKernels.matmul.tnAcc(E1, 0, N + pad, At, 1, M + pad, B, 0, N + pad, K, M, N);
    fast!.matmul.tnAcc(E2, 0, N + pad, At, 1, M + pad, B, 0, N + pad, K, M, N);
    assertClose(E2, E1, { rtol: 1e-4, atol: 1e-5, what: 'Aᵀ·B' });
  });
}

for (const [name, act] of Object.entries(Act) as [string, ActivationId][]) {
  test(`row-block activation ${name} matches the reference (forward and backward)`, () => {
    const rows = 5, cols = 13, ld = 17, n = rows * ld;
    const z = wasmArray(n, 7, -8, 8), dy = wasmArray(n, 8);
    const y1 = new Float32Array(n), y2 = wasmFloats(rt!, n);
    referenceKernels.activations.forward(y1, 1, ld, z, 2, ld, rows, cols, act);
    fast!.activations.forward(y2, 1, ld, z, 2, ld, rows, cols, act);
    assertClose(y2, y1, { rtol: 1e-5, atol: 1e-6, what: 'forward' });
    const d1 = new Float32Array(n), d2 = wasmFloats(rt!, n);
    referenceKernels.activations.backward(d1, 0, ld, dy, 0, ld, z, 2, ld, y2, 1, ld, rows, cols, act);
    fast!.activations.backward(d2, 0, ld, dy, 0, ld, z, 2, ld, y2, 1, ld, rows, cols, act);
    assertClose(d2, d1, { rtol: 1e-5, atol: 1e-6, what: 'backward' });
  });
}

// tanh computes only the branch (|x| < 0.625: polynomial; else via exp) that all four lanes of a vector select, and
// both when they differ: a value's result must not depend on its neighbours, and each regime must match the reference.
test('tanh gives each value the same bits alone as in any vector (all small, all large, mixed lanes)', () => {
  const regimes: [string, number, number][] = [['small', -0.62, 0.62], ['large', 0.63, 9], ['mixed', -2, 2]];
  for (const [what, lo, hi] of regimes) {
    const n = 64;
    const z = wasmArray(n, 11, lo, hi);
    if (what === 'large') for (let i = 0; i < n; i += 2) z[i] = -z[i];
    const y = wasmFloats(rt!, n), ref = new Float32Array(n);
    fast!.activations.forward(y, 0, n, z, 0, n, 1, n, Act.tanh);
    referenceKernels.activations.forward(ref, 0, n, z, 0, n, 1, n, Act.tanh);
    assertClose(y, ref, { rtol: 1e-5, atol: 1e-6, what: `tanh, ${what} values` });
    // each value alone in a vector of four copies of itself
    const one = wasmFloats(rt!, 4), out = wasmFloats(rt!, 4);
    for (let i = 0; i < n; i++) {
      one.fill(z[i]);
      fast!.activations.forward(out, 0, 4, one, 0, 4, 1, 4, Act.tanh);
      assert.equal(out[0], y[i], `tanh(${z[i]}) alone ${out[0]} vs in its vector ${y[i]} (${what})`);
    }
  }
  // special values, each in a vector with small and large neighbours
  const tanhOf = (v: number): number => {
    const z = wasmFloats(rt!, 4), y = wasmFloats(rt!, 4);
    z.set([0.1, v, 3, -0.3]);
    fast!.activations.forward(y, 0, 4, z, 0, 4, 1, 4, Act.tanh);
    return y[1];
  };
  assert.ok(Number.isNaN(tanhOf(NaN)));
  assert.ok(tanhOf(-0) === 0 && tanhOf(0) === 0, 'tanh(±0) is zero'); // +0 for both: the polynomial's x³·P + x gives +0 (as before the branch skip)
  assert.equal(tanhOf(Infinity), 1);
  assert.equal(tanhOf(-Infinity), -1);
  assert.ok(Math.abs(tanhOf(1e-40)) <= 1e-39 && Math.abs(tanhOf(-1e-40)) <= 1e-39, 'subnormal inputs');
  for (const v of [0.625, -0.625, 0.62499994, 20, -20]) {
    assert.ok(Math.abs(tanhOf(v) - Math.tanh(v)) <= 2e-7, `tanh(${v}) = ${tanhOf(v)}, want ${Math.tanh(v)}`);
  }
});

type Cell = 'simple' | 'lstm' | 'gru' | 'gru-v1';

/** Runs one recurrent kernel forward and backward on the given set, with buffers from `alloc`. */
function runCell(set: NonNullable<typeof fast>, cell: Cell, B: number, T: number, I: number, H: number, goBackwards: boolean, dropout: boolean, alloc: (n: number) => Float32Array): Float32Array[] {
  const G = cell === 'simple' ? 1 : cell === 'lstm' ? 4 : 3;
  const fill = (n: number, seed: number, lo = -1, hi = 1) => { const a = alloc(n); a.set(randomArray(n, seed, lo, hi)); return a; };
  const mask = (n: number, seed: number) => { const a = alloc(n); a.set(randomArray(n, seed, 0, 1).map((u) => (u < 0.25 ? 0 : 1 / 0.75))); return a; };
  const io: RecurrentBuffers<Float32Array> = {
    B, T, I, H, act: Act.tanh, recAct: Act.sigmoid, goBackwards, mm: set.matmul, af: set.activations, gk: set.gates,
    x: fill(B * T * I, 1), h0: fill(B * H, 2, -0.5, 0.5), c0: cell === 'lstm' ? fill(B * H, 3, -0.5, 0.5) : null,
    W: fill(I * G * H, 4, -0.3, 0.3), U: fill(H * G * H, 5, -0.3, 0.3), b: fill(cell === 'gru' ? 2 * G * H : G * H, 6),
    inMask: dropout ? mask(G * B * I, 7) : null, recMask: dropout ? mask(G * B * H, 8) : null, stepMask: null,
    hs: alloc(B * T * H), cs: cell === 'lstm' ? alloc(B * T * H) : null, zs: alloc(B * T * G * H), gs: alloc(B * T * G * H),
    aux: cell === 'simple' ? null : alloc(B * T * (cell === 'gru' ? G * H : H)), xd: alloc(B * T * I), hd: alloc(B * H), hprev: alloc(B * T * H), Ut: alloc(G * H * H), deferDU: false, inference: false, wholeSequenceCaches: () => {},
  };
  const g: RecurrentGrads<Float32Array> = {
    dhs: fill(B * T * H, 9), dhLast: fill(B * H, 10), dcLast: cell === 'lstm' ? fill(B * H, 11) : null,
    dx: alloc(B * T * I), dh0: alloc(B * H), dc0: cell === 'lstm' ? alloc(B * H) : null,
    dW: alloc(I * G * H), dU: alloc(H * G * H), db: alloc(cell === 'gru' ? 2 * G * H : G * H),
    dzs: alloc(B * T * G * H), dh: alloc(B * H), dc: cell === 'lstm' ? alloc(B * H) : null, tmp: alloc(B * G * H), row: alloc(H), dzRec: alloc(B * G * H),
  };
  const run = { simple: [set.simpleRnnForward, set.simpleRnnBackward], lstm: [set.lstmForward, set.lstmBackward] } as const;
  if (cell === 'simple' || cell === 'lstm') {
    run[cell][0](io);
    run[cell][1](io, g);
  } else {
    set.gruForward(io, cell === 'gru');
    set.gruBackward(io, g, cell === 'gru');
  }
  return [io.hs, g.dx!, g.dh0!, g.dW, g.dU, g.db!];
}

const cases: [number, number, number, number][] = [[1, 1, 1, 1], [3, 4, 2, 5], [1, 7, 3, 9], [4, 6, 5, 33], [16, 10, 8, 128]];
for (const cell of ['simple', 'lstm', 'gru', 'gru-v1'] as Cell[]) {
  for (const [B, T, I, H] of cases) {
    test(`${cell} forward and backward-through-time: wasm kernels equal the reference (B=${B} T=${T} I=${I} H=${H})`, () => {
      for (const [goBackwards, dropout] of [[false, false], [true, false], [true, true]]) {
        const mine = runCell(fast!, cell, B, T, I, H, goBackwards, dropout, (n) => wasmFloats(rt!, n));
        const ref = runCell(referenceKernels, cell, B, T, I, H, goBackwards, dropout, (n) => new Float32Array(n));
        const names = ['states', 'dx', 'dh0', 'dW', 'dU', 'db'];
        mine.forEach((a, i) => {
          const err = normwiseError(a, ref[i]);
          assert.ok(err <= 1e-5, `${names[i]} (goBackwards ${goBackwards}, dropout ${dropout}): normwise error ${err.toExponential(2)}`);
        });
      }
    });
  }
}

test('two threads give bit-identical products to one (each output element is computed by one thread)', async () => {
  const { columnChunk, startGemmThreads } = await import('../src/kernels/wasm/threads.js');
  const two = startGemmThreads(rt!);
  if (!two) return; // one core, or not Node: nothing to compare
  // long sums (the weight gradients' K = B·T) are shared in narrow column units, guided: 16-column units here,
  // the last one short at N = 203
  assert.equal(columnChunk(512, 128, 3200), 16);
  assert.equal(columnChunk(512, 64, 128), 64); // short sums keep about N / 8
  for (const [M, K, N] of [[64, 128, 512], [33, 70, 130], [5, 9, 17], [128, 3200, 512], [40, 6000, 203]]) {
    const A = wasmArray(M * K, 21), B = wasmArray(K * N, 22);
    const C1 = wasmFloats(rt!, M * N), C2 = wasmFloats(rt!, M * N);
    rt!.exports.gemm(C1.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 0);
    two.gemmForced(C2.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 0);
    assert.deepEqual(Array.from(C2), Array.from(C1), `${M}×${K}×${N}`);
  }
});

test('gemmBias (the bias add fused into the product) gives the bits of gemm then addRows, on one thread and split', async () => {
  const { startGemmThreads } = await import('../src/kernels/wasm/threads.js');
  const two = startGemmThreads(rt!);
  // row tiles of 4 and a lone row; column tiles of 8, 4, the last 1–3 columns, and N < 4 (scalar columns)
  for (const [M, K, N] of [[64, 8, 512], [3200, 8, 512], [33, 70, 130], [5, 9, 17], [1, 128, 19], [6, 3, 3]]) {
    const ldc = N + 3;
    const A = wasmArray(M * K, 51), B = wasmArray(K * N, 52), v = wasmArray(N + 2, 53);
    const expected = wasmFloats(rt!, M * ldc), fused = wasmFloats(rt!, M * ldc), split = wasmFloats(rt!, M * ldc);
    for (const C of [expected, fused, split]) C.fill(7); // the gaps between rows (ldc > N) stay untouched
    rt!.exports.gemm(expected.byteOffset, ldc, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 0);
    rt!.exports.addRows(expected.byteOffset, ldc, v.byteOffset + 8, M, N);
    rt!.exports.gemmBias(fused.byteOffset, ldc, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, v.byteOffset + 8);
    assert.deepEqual(Array.from(fused), Array.from(expected), `${M}×${K}×${N}`);
    if (!two) continue;
    two.gemmBias(split.byteOffset, ldc, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, v.byteOffset + 8);
    assert.deepEqual(Array.from(split), Array.from(expected), `${M}×${K}×${N} split between threads`);
  }
});

test('nnBias with a bias outside WebAssembly memory: the product here, the add in the reference (the same bits)', () => {
  const [M, K, N] = [9, 8, 21];
  const A = wasmArray(M * K, 61), Bm = wasmArray(K * N, 62), plain = Float32Array.from(wasmArray(N, 63));
  const expected = wasmFloats(rt!, M * N), got = wasmFloats(rt!, M * N);
  fast!.matmul.nn(expected, 0, N, A, 0, K, Bm, 0, N, M, K, N, false);
  referenceKernels.matmul.addRows(expected, 0, N, plain, 0, M, N);
  fast!.matmul.nnBias(got, 0, N, A, 0, K, Bm, 0, N, M, K, N, plain, 0);
  assert.deepEqual(Array.from(got), Array.from(expected));
});

test('a long Aᵀ·B (weight gradients over B·T rows) computed in blocks rounds exactly as one product', async () => {
  const { TN_BLOCK } = await import('../src/kernels/wasm/matmul.js');
  for (const [M, K, N] of [[3200, 128, 512], [TN_BLOCK * 2 + 5, 9, 17], [TN_BLOCK + 1, 4, 8]]) {
    const lda = K + 3, ldb = N + 1, ldc = N + 2;
    const A = wasmArray(M * lda, 41), B = wasmArray(M * ldb, 42), C0 = wasmArray(K * ldc, 43);
    const blocked = wasmFloats(rt!, C0.length), whole = wasmFloats(rt!, C0.length);
    blocked.set(C0);
    whole.set(C0);
    fast!.matmul.tnAcc(blocked, 0, ldc, A, 0, lda, B, 0, ldb, M, K, N);
    rt!.exports.gemm(whole.byteOffset, ldc, A.byteOffset, 1, lda, B.byteOffset, ldb, K, N, M, 1); // one call, one block
    assert.deepEqual(Array.from(blocked), Array.from(whole), `${M}×${K}×${N}`);
    const reference = Float32Array.from(C0);
    referenceKernels.matmul.tnAcc(reference, 0, ldc, A, 0, lda, B, 0, ldb, M, K, N);
    assertClose(blocked, reference, { rtol: 1e-4, atol: 1e-4 * Math.sqrt(M), what: `${M}×${K}×${N} against the reference` });
  }
});

test('the relaxed-SIMD build runs here (Node 20 through V8\'s flag) and its products are the baseline build\'s within float32 rounding', async () => {
  const { wasmBase64 } = await import('../src/kernels/wasm/binary.js');
  assert.equal(rt!.relaxedSimd, process.env.RNNKIT_RELAXED_SIMD !== '0', 'relaxed SIMD in use unless RNNKIT_RELAXED_SIMD=0');
  const baseline = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), { env: { memory: rt!.memory } }).exports as unknown as WasmKernels;
  let fused = 0;
  for (const [M, K, N] of [[64, 128, 512], [33, 70, 130], [1, 256, 1024], [5, 9, 17]]) {
    const A = wasmArray(M * K, 31), B = wasmArray(K * N, 32);
    const C1 = wasmFloats(rt!, M * N), C2 = wasmFloats(rt!, M * N);
    baseline.gemm(C1.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 0);
    rt!.exports.gemm(C2.byteOffset, N, A.byteOffset, K, 1, B.byteOffset, N, M, N, K, 0);
    // each sum of K products rounds at most K times less; |error| ≤ K·ε·Σ|a·b| ≤ K·ε·K (entries in [-1, 1])
    assertClose(C2, C1, { rtol: 0, atol: K * K * 2 ** -24, what: `${M}×${K}×${N}` });
    for (let i = 0; i < C1.length; i++) if (C1[i] !== C2[i]) fused++;
  }
  if (rt!.relaxedSimd) assert.ok(fused > 0, 'the relaxed build gave the baseline\'s bits everywhere: no fused multiply-add ran');
});

test('a layer kept after its model is dropped keeps working weights (WebAssembly memory is not reclaimed under it)', async () => {
  const { Dense, Sequential, tensor } = await import('../src/index.js');
  const layer = new Dense({ units: 3, kernelInitializer: 'ones' });
  let model: InstanceType<typeof Sequential> | null = new Sequential({ layers: [layer] });
  model.build([4]);
  const before = Array.from((layer.apply(tensor([[1, 2, 3, 4]])) as import('../src/index.js').Tensor).data);
  model = null;
  const gc = (globalThis as { gc?: () => void }).gc;
  // allocate and drop a lot so that freed blocks would be reused if the weights' block had been reclaimed
  for (let i = 0; i < 50; i++) new Sequential({ layers: [new Dense({ units: 3, inputShape: [4], kernelInitializer: 'zeros' })] });
  gc?.();
  await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 50; i++) new Sequential({ layers: [new Dense({ units: 3, inputShape: [4], kernelInitializer: 'zeros' })] });
  assert.deepEqual(Array.from((layer.apply(tensor([[1, 2, 3, 4]])) as import('../src/index.js').Tensor).data), before);
  assert.equal(model, null);
});

test('LSTM gate kernels: WebAssembly matches the reference to float32 rounding (strided rows, H not a multiple of 4, dhs or none)', () => {
  // the reference rounds once (float64 arithmetic, one store); WebAssembly rounds each float32 operation
  const GATE_TOL = { rtol: 1e-6, atol: 1e-7 };
  const ref = referenceKernels.gates, wasm = fast!.gates;
  for (const [B, H] of [[1, 1], [3, 5], [2, 7], [4, 8], [5, 129]]) {
    const ldg = 4 * H + 3, ld = H + 2; // strided rows, as inside [B, T, ·] buffers
    const g = wasmArray(B * ldg, 1), cp = wasmArray(B * ld, 2), a = wasmArray(B * ld, 3), dhs = wasmArray(B * ld, 4), dhNext = wasmArray(B * H, 5);
    const out = () => [wasmArray(B * ld, 10), wasmArray(B * ld, 10)];
    const [c1, c2] = out();
    ref.lstmCell(c1, 1, ld, cp, 2, ld, g, 3, ldg, B, H);
    wasm.lstmCell(c2, 1, ld, cp, 2, ld, g, 3, ldg, B, H);
    assertClose(c2, c1, { ...GATE_TOL, what: `lstmCell B=${B} H=${H}` });
    const [h1, h2] = out();
    ref.lstmOut(h1, 0, ld, g, 0, ldg, a, 1, ld, B, H);
    wasm.lstmOut(h2, 0, ld, g, 0, ldg, a, 1, ld, B, H);
    assertClose(h2, h1, { ...GATE_TOL, what: `lstmOut B=${B} H=${H}` });
    for (const withDhs of [true, false]) {
      const t1 = wasmArray(2 * B * H, 11), t2 = wasmArray(2 * B * H, 11), z1 = wasmArray(B * ldg, 12), z2 = wasmArray(B * ldg, 12);
      ref.lstmBackOut(t1, 0, t1, B * H, z1, 0, ldg, dhNext, withDhs ? dhs : null, 1, ld, a, 0, ld, g, 0, ldg, B, H);
      wasm.lstmBackOut(t2, 0, t2, B * H, z2, 0, ldg, dhNext, withDhs ? dhs : null, 1, ld, a, 0, ld, g, 0, ldg, B, H);
      assertClose(t2, t1, { ...GATE_TOL, what: `lstmBackOut tmp B=${B} H=${H} dhs=${withDhs}` });
      assertClose(z2, z1, { ...GATE_TOL, what: `lstmBackOut dz B=${B} H=${H}` });
      const dc1 = wasmArray(B * H, 13), dc2 = wasmArray(B * H, 13);
      ref.lstmBackCell(z1, 0, ldg, dc1, 0, t1, B * H, g, 0, ldg, cp, 1, ld, B, H);
      wasm.lstmBackCell(z2, 0, ldg, dc2, 0, t2, B * H, g, 0, ldg, cp, 1, ld, B, H);
      assertClose(z2, z1, { ...GATE_TOL, what: `lstmBackCell dz B=${B} H=${H}` });
      assertClose(dc2, dc1, { ...GATE_TOL, what: `lstmBackCell dc B=${B} H=${H}` });
    }
  }
});

test('GRU and row gate kernels: WebAssembly matches the reference to float32 rounding', () => {
  const TOL = { rtol: 1e-6, atol: 1e-7 };
  const ref = referenceKernels.gates, wasm = fast!.gates;
  for (const [B, H] of [[1, 1], [3, 5], [4, 8], [2, 129]]) {
    const ldg = 3 * H + 1, ld = H + 3;
    const g = wasmArray(B * ldg, 21), hp = wasmArray(B * ld, 22), dhs = wasmArray(B * ld, 23), dhNext = wasmArray(B * H, 24), dv = wasmArray(B * H, 25);
    const pair = (n: number, seed: number) => [wasmArray(n, seed), wasmArray(n, seed)];
    let [a1, a2] = pair(B * ld, 30);
    ref.mulRows(a1, 1, ld, g, H, ldg, hp, 0, ld, B, H);
    wasm.mulRows(a2, 1, ld, g, H, ldg, hp, 0, ld, B, H);
    assertClose(a2, a1, { ...TOL, what: `mulRows ${B}×${H}` });
    [a1, a2] = pair(B * ld, 31);
    ref.addRowsTo(a1, 0, ld, hp, 1, ld, B, H);
    wasm.addRowsTo(a2, 0, ld, hp, 1, ld, B, H);
    assertClose(a2, a1, { ...TOL, what: `addRowsTo ${B}×${H}` });
    [a1, a2] = pair(B * ld, 32);
    ref.gruOut(a1, 2, ld, hp, 1, ld, g, 0, ldg, B, H);
    wasm.gruOut(a2, 2, ld, hp, 1, ld, g, 0, ldg, B, H);
    assertClose(a2, a1, { ...TOL, what: `gruOut ${B}×${H}` });
    for (const withDhs of [true, false]) {
      const [t1, t2] = pair(B * 3 * H, 33), [z1, z2] = pair(B * ldg, 34);
      ref.gruBackOut(t1, 0, 3 * H, z1, 0, ldg, dhNext, withDhs ? dhs : null, 1, ld, hp, 0, ld, g, 0, ldg, B, H);
      wasm.gruBackOut(t2, 0, 3 * H, z2, 0, ldg, dhNext, withDhs ? dhs : null, 1, ld, hp, 0, ld, g, 0, ldg, B, H);
      assertClose(t2, t1, { ...TOL, what: `gruBackOut t ${B}×${H}` });
      assertClose(z2, z1, { ...TOL, what: `gruBackOut dz ${B}×${H}` });
      const [d1, d2] = pair(B * H, 35);
      ref.gruBackReset(z1, 0, ldg, d1, dv, hp, 0, ld, g, 0, ldg, B, H);
      wasm.gruBackReset(z2, 0, ldg, d2, dv, hp, 0, ld, g, 0, ldg, B, H);
      assertClose(z2, z1, { ...TOL, what: `gruBackReset dz ${B}×${H}` });
      assertClose(d2, d1, { ...TOL, what: `gruBackReset dh ${B}×${H}` });
    }
  }
});
