// Reference activation kernels (Keras 3 formulas, keras/src/activations/activations.py).
// Forward: y = f(z) over `rows` rows of `cols` values (softmax normalises each row; the others are
// elementwise). Backward: dz = dy ⊙ f'(z) using z and/or y, whichever is exact and cheap.
// `y` may alias `z`, and `dz` may alias `dy` (same array, same offset): each value is read before it is written.
import { Act, type ActivationId, type FloatArray } from '../types.js';

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

/** Elementwise f(z). */
export function activate(z: number, act: ActivationId): number {
  switch (act) {
    case Act.linear: return z;
    case Act.relu: return z > 0 ? z : 0;
    case Act.tanh: return Math.tanh(z);
    case Act.sigmoid: return sigmoid(z);
    case Act.elu: return z > 0 ? z : Math.expm1(z);
    case Act.selu: return SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case Act.softplus: return softplus(z);
    case Act.softsign: return z / (1 + Math.abs(z));
    case Act.swish: return z * sigmoid(z);
    case Act.gelu: return 0.5 * z * (1 + erf(z * SQRT1_2));
    case Act.hardSigmoid: return Math.min(1, Math.max(0, z / 6 + 0.5));
    case Act.hardSigmoidTfjs: return Math.min(1, Math.max(0, 0.2 * z + 0.5));
    case Act.exponential: return Math.exp(z);
    case Act.relu6: return Math.min(6, Math.max(0, z));
    default: throw new RangeError(`activation ${act} is not elementwise`);
  }
}

/** Elementwise f'(z), given z and y = f(z). */
export function activateGrad(z: number, y: number, act: ActivationId): number {
  switch (act) {
    case Act.linear: return 1;
    case Act.relu: return z > 0 ? 1 : 0;
    case Act.tanh: return 1 - y * y;
    case Act.sigmoid: return y * (1 - y);
    case Act.elu: return z > 0 ? 1 : y + 1;
    case Act.selu: return z > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
    case Act.softplus: return sigmoid(z);
    case Act.softsign: { const d = 1 + Math.abs(z); return 1 / (d * d); }
    case Act.swish: { const s = sigmoid(z); return s + z * s * (1 - s); }
    case Act.gelu: return 0.5 * (1 + erf(z * SQRT1_2)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    case Act.hardSigmoid: return z > -3 && z < 3 ? 1 / 6 : 0;
    case Act.hardSigmoidTfjs: return z > -2.5 && z < 2.5 ? 0.2 : 0;
    case Act.exponential: return y;
    case Act.relu6: return z > 0 && z < 6 ? 1 : 0;
    default: throw new RangeError(`activation ${act} is not elementwise`);
  }
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
  for (let i = 0; i < n; i++) y[y0 + i] = activate(z[z0 + i], act);
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
  for (let i = 0; i < n; i++) dz[dz0 + i] = dy[dy0 + i] * activateGrad(z[z0 + i], y[y0 + i], act);
}
