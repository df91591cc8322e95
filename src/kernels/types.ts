// Types shared by all kernels. Kernels take Float32Array in normal use and Float64Array in the
// float64 gradient checks; both index the same way.
export type FloatArray = Float32Array | Float64Array;

/** The three matrix-product forms every kernel is written against (reference JS or WebAssembly SIMD). */
export interface Matmul {
  /** C[M,N] (+)= A[M,K]·B[K,N] */
  nn(C: FloatArray, c0: number, ldc: number, A: FloatArray, a0: number, lda: number, B: FloatArray, b0: number, ldb: number, M: number, K: number, N: number, accumulate: boolean): void;
  /** C[M,K] (+)= A[M,N]·B[K,N]ᵀ */
  nt(C: FloatArray, c0: number, ldc: number, A: FloatArray, a0: number, lda: number, B: FloatArray, b0: number, ldb: number, M: number, K: number, N: number, accumulate: boolean): void;
  /** C[M,N] = A[M,K]·B[K,N] + v[v0 .. v0+N) in every row: a product and its bias add (the same values as nn then addRows). */
  nnBias(C: FloatArray, c0: number, ldc: number, A: FloatArray, a0: number, lda: number, B: FloatArray, b0: number, ldb: number, M: number, K: number, N: number, v: FloatArray, v0: number): void;
  /** C[i, :] += v[v0 .. v0+N) for M rows (row i at c0 + i·ldc): bias adds. */
  addRows(C: FloatArray, c0: number, ldc: number, v: FloatArray, v0: number, M: number, N: number): void;
  /** s[s0 .. s0+N) += Σ_i Z[z0 + i·ldz .. +N): bias gradients. */
  colSumAcc(s: FloatArray, s0: number, Z: FloatArray, z0: number, ldz: number, M: number, N: number): void;
  /** C[K,N] += A[M,K]ᵀ·B[M,N] */
  tnAcc(C: FloatArray, c0: number, ldc: number, A: FloatArray, a0: number, lda: number, B: FloatArray, b0: number, ldb: number, M: number, K: number, N: number): void;
}

/** Activations over blocks of rows with a row stride (one call per timestep for the whole batch). */
export interface ActivationKernels {
  /** y[r, :] = f(z[r, :]) for r < rows; rows at y0 + r·ldy and z0 + r·ldz. */
  forward(y: FloatArray, y0: number, ldy: number, z: FloatArray, z0: number, ldz: number, rows: number, cols: number, act: ActivationId): void;
  /** dz = dy ⊙ f'(z) from z and y = f(z), row-strided likewise; dz may alias dy. */
  backward(dz: FloatArray, dz0: number, lddz: number, dy: FloatArray, dy0: number, lddy: number, z: FloatArray, z0: number, ldz: number, y: FloatArray, y0: number, ldy: number, rows: number, cols: number, act: ActivationId): void;
}

/** Per-step gate arithmetic of the recurrent cells over B rows (reference: ref/gates.ts; fast: wasm/gates.ts). */
export interface GateKernels {
  lstmCell(c: FloatArray, c0: number, ldc: number, cp: FloatArray, cp0: number, ldcp: number, g: FloatArray, g0: number, ldg: number, B: number, H: number): void;
  lstmOut(h: FloatArray, h0: number, ldh: number, g: FloatArray, g0: number, ldg: number, a: FloatArray, a0: number, lda: number, B: number, H: number): void;
  lstmBackOut(
    dhOut: FloatArray, dh0: number, da: FloatArray, da0: number, dz: FloatArray, dz0: number, ldz: number, dhNext: FloatArray,
    dhs: FloatArray | null, s0: number, lds: number, a: FloatArray, a0: number, lda: number, g: FloatArray, g0: number, ldg: number, B: number, H: number,
  ): void;
  lstmBackCell(dz: FloatArray, dz0: number, ldz: number, dc: FloatArray, dc0: number, da: FloatArray, da0: number, g: FloatArray, g0: number, ldg: number, cp: FloatArray, cp0: number, ldcp: number, B: number, H: number): void;
  mulRows(out: FloatArray, o0: number, ldo: number, x: FloatArray, x0: number, ldx: number, y: FloatArray, y0: number, ldy: number, B: number, H: number): void;
  addRowsTo(dst: FloatArray, d0: number, ldd: number, src: FloatArray, s0: number, lds: number, B: number, H: number): void;
  gruOut(h: FloatArray, h0: number, ldh: number, hp: FloatArray, hp0: number, ldp: number, g: FloatArray, g0: number, ldg: number, B: number, H: number): void;
  gruBackOut(
    t: FloatArray, t0: number, ldt: number, dz: FloatArray, dz0: number, ldz: number, dhNext: FloatArray, dhs: FloatArray | null, s0: number, lds: number,
    hp: FloatArray, hp0: number, ldp: number, g: FloatArray, g0: number, ldg: number, B: number, H: number,
  ): void;
  gruBackReset(dz: FloatArray, dz0: number, ldz: number, dh: FloatArray, dv: FloatArray, hp: FloatArray, hp0: number, ldp: number, g: FloatArray, g0: number, ldg: number, B: number, H: number): void;
}

/** Activation functions by number, so kernels switch on an integer (no string compares in loops). */
export const Act = {
  linear: 0,
  relu: 1,
  tanh: 2,
  sigmoid: 3,
  softmax: 4,
  elu: 5,
  selu: 6,
  softplus: 7,
  softsign: 8,
  swish: 9,
  gelu: 10,
  hardSigmoid: 11, // Keras 3: clip(x/6 + 0.5, 0, 1)
  hardSigmoidTfjs: 12, // TF.js / Keras 2: clip(0.2x + 0.5, 0, 1)
  exponential: 13,
  relu6: 14,
} as const;
export type ActivationId = (typeof Act)[keyof typeof Act];

/**
 * The buffers of one recurrent-layer call, shared by the SimpleRNN, LSTM and GRU kernels. There are too many
 * arrays for positional arguments, so each layer owns one record, allocated once and updated in place.
 *
 * Letters: B batch, T timesteps, I input features, H units, G gates (SimpleRNN 1, LSTM 4 [i f c o], GRU 3 [z r h]).
 * s = processing step, t = input time (t = s, or T−1−s under goBackwards). Batch-major [B, T, ·] layouts.
 */
export interface RecurrentBuffers<F extends FloatArray = FloatArray> {
  B: number;
  T: number;
  I: number;
  H: number;
  act: ActivationId;
  recAct: ActivationId;
  goBackwards: boolean;
  /** The matrix products and activations to use (set by the kernel set that runs the call). */
  mm: Matmul;
  af: ActivationKernels;
  gk: GateKernels;
  // ---- inputs
  x: F;              // [B, T, I]
  h0: F;             // [B, H] initial state
  c0: F | null;      // [B, H] initial cell state (LSTM)
  W: F;              // [I, G·H] kernel
  U: F;              // [H, G·H] recurrent kernel
  b: F | null;       // [G·H] bias; GRU resetAfter: [2, 3H] (row 0 input, row 1 recurrent)
  inMask: F | null;  // [G, B, I] input dropout mask per gate (0 or 1/(1−rate)), or null
  recMask: F | null; // [G, B, H] recurrent dropout mask per gate, or null
  stepMask: Uint8Array | null;// [B, T] by input time: 1 = step used, 0 = masked (state carried through)
  // ---- forward results and caches
  hs: F;             // [B, T, H] state after each processing step
  cs: F | null;      // [B, T, H] LSTM cell state after each processing step
  zs: F;             // [B, T, G·H] gate pre-activations, by input time ([B, G·H], one step, in inference until wholeSequenceCaches)
  gs: F;             // [B, T, G·H] gate activations, by input time (SimpleRNN: unused; in inference as zs)
  aux: F | null;     // (in inference as zs) LSTM act(c) [B,T,H] by step; GRU resetAfter h·U+b_rec [B,T,3H] by time (the fused unmasked backward overwrites its h̃ block with dL/d rec_h̃); GRU resetAfter=false r⊙h [B,T,H] by time
  // ---- scratch
  xd: F;             // [B, T, I] masked inputs (dropout only)
  hd: F;             // [B, H] masked previous state (dropout only)
  hprev: F;          // [B, T, H] the state before each step, by input time (backward's one dU product); fused GRU resetAfter with masks: dL/d rec_h̃
  Ut: F;             // [G·H, H] Uᵀ, refreshed at the start of each backward pass (dh = dz·Uᵀ as a plain product)
  deferDU: boolean;  // set by beginRecurrentBackward: dU in one product after the loop rather than per step
  inference: boolean;// no backward pass follows: zs, gs, aux are sized for one step; the fused loops project each step's input themselves and keep one step (or call wholeSequenceCaches when they cannot)
  /**
   * Makes zs, gs and aux hold every timestep ([B, T, ·]). In inference the layer sizes them for one step ([B, ·],
   * all the fused loops keep); a kernel that keeps every step (the whole-batch projection, the per-step path)
   * calls this first. Nothing to do when they already hold B·T rows.
   */
  wholeSequenceCaches: () => void;
}

/** Gradients of one recurrent-layer call (see RecurrentBuffers for the letters). */
export interface RecurrentGrads<F extends FloatArray = FloatArray> {
  dhs: F | null;     // [B, T, H] in: dL/d hs, or null
  dhLast: F | null;  // [B, H] in: dL/d final h, or null
  dcLast: F | null;  // [B, H] in: dL/d final c (LSTM), or null
  dx: F | null;      // [B, T, I] out (overwritten), or null
  dh0: F | null;     // [B, H] out (overwritten), or null
  dc0: F | null;     // [B, H] out (overwritten), or null
  dW: F;             // [I, G·H] +=
  dU: F;             // [H, G·H] +=
  db: F | null;      // like b, +=
  // ---- scratch
  dzs: F;            // [B, T, G·H] pre-activation gradients by input time
  dh: F;             // [B, H] gradient flowing into the current state
  dc: F | null;      // [B, H] LSTM: gradient flowing into the current cell state
  tmp: F;            // [B, G·H]
  row: F;            // [H]
  dzRec: F | null;   // [B, G·H] GRU: gradient of the recurrent projection
}
