// Reference activation kernels (Keras 3 formulas, keras/src/activations/activations.py).
// Forward: y = f(z) over `rows` rows of `cols` values (softmax normalises each row; the others are
// elementwise, one loop per activation). Backward: dz = dy ⊙ f'(z) using z and/or y, whichever is exact and cheap.
// `y` may alias `z`, and `dz` may alias `dy` (same array, same offset): each value is read before it is written.
import { Act, type ActivationId, type ActivationKernels, type FloatArray } from '../types.js';

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * erf(x) to double precision: erf(x) = 2/√π · e^{−x²} · Σ (2x²)ⁿ x / (2n+1)!!  (all terms positive,
 * so no cancellation); erf(±x) = ±1 beyond |x| ≥ 6 where 1 − erf < 1e-17.
 */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const x2 = 2 * ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
  return x < 0 ? -r : r;
}

/**
 * y[rows, cols] = f(z[rows, cols]); rows contiguous from y0 / z0.
 */
export function activationForward(
  y: FloatArray, y0: number,   // [rows, cols] out
  z: FloatArray, z0: number,   // [rows, cols] in (pre-activation)
  rows: number, cols: number, act: ActivationId,
): void {
  const n = rows * cols;
  if (act === Act.linear) {
    if (y !== z || y0 !== z0) for (let i = 0; i < n; i++) y[y0 + i] = z[z0 + i];
    return;
  }
  if (act === Act.softmax) {
    for (let r = 0; r < rows; r++) {
      const zr = z0 + r * cols, yr = y0 + r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[zr + j] > max) max = z[zr + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) { const e = Math.exp(z[zr + j] - max); y[yr + j] = e; sum += e; }
      for (let j = 0; j < cols; j++) y[yr + j] /= sum;
    }
    return;
  }
  // One loop per activation (the switch stays outside the loop): a non-inlined call returning a double
  // per element would box it, i.e. allocate, in V8.
  const a = y0, b = z0;
  switch (act) {
    case Act.relu: for (let i = 0; i < n; i++) { const v = z[b + i]; y[a + i] = v > 0 ? v : 0; } return;
    case Act.tanh: for (let i = 0; i < n; i++) y[a + i] = Math.tanh(z[b + i]); return;
    case Act.sigmoid: for (let i = 0; i < n; i++) y[a + i] = sigmoid(z[b + i]); return;
    case Act.elu: for (let i = 0; i < n; i++) { const v = z[b + i]; y[a + i] = v > 0 ? v : Math.expm1(v); } return;
    case Act.selu: for (let i = 0; i < n; i++) { const v = z[b + i]; y[a + i] = SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)); } return;
    case Act.softplus: for (let i = 0; i < n; i++) y[a + i] = softplus(z[b + i]); return;
    case Act.softsign: for (let i = 0; i < n; i++) { const v = z[b + i]; y[a + i] = v / (1 + Math.abs(v)); } return;
    case Act.swish: for (let i = 0; i < n; i++) { const v = z[b + i]; y[a + i] = v * sigmoid(v); } return;
    case Act.gelu: for (let i = 0; i < n; i++) { const v = z[b + i]; y[a + i] = 0.5 * v * (1 + erf(v * SQRT1_2)); } return;
    case Act.hardSigmoid: for (let i = 0; i < n; i++) y[a + i] = Math.min(1, Math.max(0, z[b + i] / 6 + 0.5)); return;
    case Act.hardSigmoidTfjs: for (let i = 0; i < n; i++) y[a + i] = Math.min(1, Math.max(0, 0.2 * z[b + i] + 0.5)); return;
    case Act.exponential: for (let i = 0; i < n; i++) y[a + i] = Math.exp(z[b + i]); return;
    case Act.relu6: for (let i = 0; i < n; i++) y[a + i] = Math.min(6, Math.max(0, z[b + i])); return;
    default: throw new RangeError(`unknown activation ${act}`);
  }
}

/**
 * dz[rows, cols] = dy ⊙ f'(z)  (softmax: dz = y ⊙ (dy − Σ dy⊙y) per row). Overwrites dz.
 */
export function activationBackward(
  dz: FloatArray, dz0: number, // [rows, cols] out
  dy: FloatArray, dy0: number, // [rows, cols] in: gradient w.r.t. y
  z: FloatArray, z0: number,   // [rows, cols] in: pre-activation
  y: FloatArray, y0: number,   // [rows, cols] in: activation output
  rows: number, cols: number, act: ActivationId,
): void {
  const n = rows * cols;
  if (act === Act.linear) {
    if (dz !== dy || dz0 !== dy0) for (let i = 0; i < n; i++) dz[dz0 + i] = dy[dy0 + i];
    return;
  }
  if (act === Act.softmax) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += dy[dy0 + o + j] * y[y0 + o + j];
      for (let j = 0; j < cols; j++) dz[dz0 + o + j] = y[y0 + o + j] * (dy[dy0 + o + j] - dot);
    }
    return;
  }
  const d = dz0, g = dy0, p = z0, q = y0;
  switch (act) {
    case Act.relu: for (let i = 0; i < n; i++) dz[d + i] = z[p + i] > 0 ? dy[g + i] : 0; return;
    case Act.tanh: for (let i = 0; i < n; i++) { const v = y[q + i]; dz[d + i] = dy[g + i] * (1 - v * v); } return;
    case Act.sigmoid: for (let i = 0; i < n; i++) { const v = y[q + i]; dz[d + i] = dy[g + i] * v * (1 - v); } return;
    case Act.elu: for (let i = 0; i < n; i++) dz[d + i] = dy[g + i] * (z[p + i] > 0 ? 1 : y[q + i] + 1); return;
    case Act.selu: for (let i = 0; i < n; i++) dz[d + i] = dy[g + i] * (z[p + i] > 0 ? SELU_SCALE : y[q + i] + SELU_SCALE * SELU_ALPHA); return;
    case Act.softplus: for (let i = 0; i < n; i++) dz[d + i] = dy[g + i] * sigmoid(z[p + i]); return;
    case Act.softsign: for (let i = 0; i < n; i++) { const t = 1 + Math.abs(z[p + i]); dz[d + i] = dy[g + i] / (t * t); } return;
    case Act.swish: for (let i = 0; i < n; i++) { const v = z[p + i], s = sigmoid(v); dz[d + i] = dy[g + i] * (s + v * s * (1 - s)); } return;
    case Act.gelu: for (let i = 0; i < n; i++) { const v = z[p + i]; dz[d + i] = dy[g + i] * (0.5 * (1 + erf(v * SQRT1_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)); } return;
    case Act.hardSigmoid: for (let i = 0; i < n; i++) { const v = z[p + i]; dz[d + i] = v > -3 && v < 3 ? dy[g + i] / 6 : 0; } return;
    case Act.hardSigmoidTfjs: for (let i = 0; i < n; i++) { const v = z[p + i]; dz[d + i] = v > -2.5 && v < 2.5 ? dy[g + i] * 0.2 : 0; } return;
    case Act.exponential: for (let i = 0; i < n; i++) dz[d + i] = dy[g + i] * y[q + i]; return;
    case Act.relu6: for (let i = 0; i < n; i++) { const v = z[p + i]; dz[d + i] = v > 0 && v < 6 ? dy[g + i] : 0; } return;
    default: throw new RangeError(`unknown activation ${act}`);
  }
}

/** The reference activations over row-strided blocks (one contiguous call per row). */
export const referenceActivations: ActivationKernels = {
  forward(y, y0, ldy, z, z0, ldz, rows, cols, act) {
    for (let r = 0; r < rows; r++) activationForward(y, y0 + r * ldy, z, z0 + r * ldz, 1, cols, act);
  },
  backward(dz, dz0, lddz, dy, dy0, lddy, z, z0, ldz, y, y0, ldy, rows, cols, act) {
    for (let r = 0; r < rows; r++) activationBackward(dz, dz0 + r * lddz, dy, dy0 + r * lddy, z, z0 + r * ldz, y, y0 + r * ldy, 1, cols, act);
  },
};
