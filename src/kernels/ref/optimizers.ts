// Reference optimizer updates: one loop over the flat parameter buffer (Keras update_step, applied to
// every variable at once). w, g and the slots share one layout, so index i is the same weight everywhere.
// Formulas from keras/src/optimizers/{sgd,adam,rmsprop}.py.
import type { FloatArray } from '../types.js';

/** SGD: momentum 0: w −= lr·g; else v = m·v − lr·g and w += v (nesterov: w += m·v − lr·g). */
export function sgdUpdate(
  w: FloatArray, g: FloatArray, velocity: FloatArray | null, n: number,
  lr: number, momentum: number, nesterov: boolean,
): void {
  if (!velocity || momentum === 0) {
    for (let i = 0; i < n; i++) w[i] -= lr * g[i];
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = momentum * velocity[i] - lr * g[i];
    velocity[i] = v;
    w[i] += nesterov ? momentum * v - lr * g[i] : v;
  }
}

/**
 * Adam (Keras placement of ε): α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); m += (g−m)(1−β₁); v += (g²−v)(1−β₂);
 * w −= α·m/(√v + ε). `t` is the 1-based step number. amsgrad keeps vHat = max(vHat, v) and uses it.
 */
export function adamUpdate(
  w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, vHat: FloatArray | null, n: number,
  lr: number, beta1: number, beta2: number, epsilon: number, t: number,
): void {
  const alpha = adamStepSize(lr, beta1, beta2, t);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = (m[i] += (gi - m[i]) * (1 - beta1));
    let vi = (v[i] += (gi * gi - v[i]) * (1 - beta2));
    if (vHat) vi = vHat[i] = Math.max(vHat[i], vi);
    w[i] -= (alpha * mi) / (Math.sqrt(vi) + epsilon);
  }
}

/** Adam's step size at 1-based step t: α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ) (shared with the WebAssembly update). */
export function adamStepSize(lr: number, beta1: number, beta2: number, t: number): number {
  return (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
}

/**
 * RMSprop (Keras 3): v = ρ·v + (1−ρ)·g²; denominator = v + ε (centered: v − ḡ² + ε with ḡ = ρ·ḡ + (1−ρ)·g);
 * inc = lr·g/√denominator; with momentum: mom = momentum·mom + inc, w −= mom; else w −= inc.
 * Keras: ε sits inside the square root.
 */
export function rmspropUpdate(
  w: FloatArray, g: FloatArray, v: FloatArray, mom: FloatArray | null, avgGrad: FloatArray | null, n: number,
  lr: number, rho: number, momentum: number, epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const vi = (v[i] = rho * v[i] + (1 - rho) * gi * gi);
    let denom = vi + epsilon;
    if (avgGrad) {
      const a = (avgGrad[i] = rho * avgGrad[i] + (1 - rho) * gi);
      denom -= a * a;
    }
    const inc = (lr * gi) / Math.sqrt(denom);
    if (mom && momentum > 0) {
      mom[i] = momentum * mom[i] + inc;
      w[i] -= mom[i];
    } else {
      w[i] -= inc;
    }
  }
}

/** Adagrad: acc += g²; w −= lr·g/√(acc + ε) (Keras: ε inside the square root). */
export function adagradUpdate(w: FloatArray, g: FloatArray, acc: FloatArray, n: number, lr: number, epsilon: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const a = (acc[i] += gi * gi);
    w[i] -= (lr * gi) / Math.sqrt(a + epsilon);
  }
}

/**
 * Adadelta: E[g²] = ρE[g²] + (1−ρ)g²; Δ = −√(E[Δ²] + ε)·g/√(E[g²] + ε); E[Δ²] = ρE[Δ²] + (1−ρ)Δ²; w += lr·Δ.
 */
export function adadeltaUpdate(w: FloatArray, g: FloatArray, accGrad: FloatArray, accDelta: FloatArray, n: number, lr: number, rho: number, epsilon: number): void {
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const ag = (accGrad[i] = rho * accGrad[i] + (1 - rho) * gi * gi);
    const delta = (-Math.sqrt(accDelta[i] + epsilon) * gi) / Math.sqrt(ag + epsilon);
    accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
    w[i] += lr * delta;
  }
}

/** Adamax: m += (g−m)(1−β₁); u = max(β₂u, |g|); w −= lr·m/((1−β₁ᵗ)(u + ε)). */
export function adamaxUpdate(w: FloatArray, g: FloatArray, m: FloatArray, u: FloatArray, n: number, lr: number, beta1: number, beta2: number, epsilon: number, t: number): void {
  const correction = 1 - Math.pow(beta1, t);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = (m[i] += (gi - m[i]) * (1 - beta1));
    const ui = (u[i] = Math.max(beta2 * u[i], Math.abs(gi)));
    w[i] -= (lr * mi) / (correction * (ui + epsilon));
  }
}

/**
 * Nadam (Keras 3 nadam.py): with u_t = β₁(1 − ½·0.96ᵗ), uProduct = Π u_1..u_t (uProductNext = uProduct·u_{t+1}):
 * m̂ = u_{t+1}·m/(1 − uProductNext) + (1 − u_t)·g/(1 − uProduct); v̂ = v/(1 − β₂ᵗ); w −= lr·m̂/(√v̂ + ε).
 */
export function nadamUpdate(
  w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, n: number,
  lr: number, beta1: number, beta2: number, epsilon: number, t: number, uProduct: number,
): void {
  const uT = beta1 * (1 - 0.5 * Math.pow(0.96, t));
  const uNext = beta1 * (1 - 0.5 * Math.pow(0.96, t + 1));
  const uProductNext = uProduct * uNext;
  const vCorrection = 1 - Math.pow(beta2, t);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = (m[i] += (gi - m[i]) * (1 - beta1));
    const vi = (v[i] += (gi * gi - v[i]) * (1 - beta2));
    const mHat = (uNext * mi) / (1 - uProductNext) + ((1 - uT) * gi) / (1 - uProduct);
    w[i] -= (mHat * lr) / (Math.sqrt(vi / vCorrection) + epsilon);
  }
}
