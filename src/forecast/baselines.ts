// Baselines every forecast is reported against, computed on the same origins and horizon:
// naive ("next equals last"), seasonal naive (the value one season earlier), and a linear autoregression of the
// same lookback fitted by least squares on the training windows (one regression per target and horizon step).
import { ValueError } from '../errors.js';

/** [N][H][targets] predictions of raw values. */
export type Forecast = number[][][];

export function naiveForecast(raw: number[][], origins: number[], horizon: number, targets: number[]): Forecast {
  return origins.map((o) => Array.from({ length: horizon }, () => targets.map((k) => raw[o][k])));
}

/** y(o+h) = y(o + h − m·⌈h/m⌉): the latest value of the same season. */
export function seasonalNaiveForecast(raw: number[][], origins: number[], horizon: number, targets: number[], season: number): Forecast {
  return origins.map((o) => Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    const t = o + h - season * Math.ceil(h / season);
    return targets.map((k) => raw[Math.max(t, 0)][k]);
  }));
}

/** Solves (AᵀA + λI)β = Aᵀb by Gaussian elimination with partial pivoting (float64); λ a whisper, or `ridge`·trace/p. */
export function leastSquares(rows: number[][], b: number[], ridge = 1e-10): number[] {
  const p = rows[0].length;
  const M = Array.from({ length: p }, () => new Float64Array(p + 1));
  for (let r = 0; r < rows.length; r++) {
    const a = rows[r];
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) M[i][j] += a[i] * a[j];
      M[i][p] += a[i] * b[r];
    }
  }
  const trace = M.reduce((s, row, i) => s + row[i], 0);
  for (let i = 0; i < p; i++) M[i][i] += ridge * (trace / p + 1); // a whisper of ridge keeps collinear windows solvable
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    for (let r = c + 1; r < p; r++) {
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= p; j++) M[r][j] -= f * M[c][j];
    }
  }
  const beta = new Array(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = M[i][p];
    for (let j = i + 1; j < p; j++) s -= M[i][j] * beta[j];
    beta[i] = s / M[i][i];
  }
  return beta;
}

/** Linear AR: y(o+h) = b + Σ a_j·y(o−L+1+j), fitted per target and horizon step on training origins. */
export class LinearAR {
  private constructor(readonly lookback: number, readonly horizon: number, readonly targets: number[], private readonly coef: number[][][]) {}

  /** Fits on origins whose inputs and targets all lie in raw rows [0, trainEnd). */
  static fit(raw: number[][], trainEnd: number, lookback: number, horizon: number, targets: number[]): LinearAR {
    const origins: number[] = [];
    for (let o = lookback - 1; o + horizon < trainEnd; o++) origins.push(o);
    if (origins.length < lookback + 2) throw new ValueError(`linear AR needs more training windows than ${origins.length} for lookback ${lookback}`);
    const coef = targets.map((k) => {
      const design = origins.map((o) => [1, ...Array.from({ length: lookback }, (_, j) => raw[o - lookback + 1 + j][k])]);
      return Array.from({ length: horizon }, (_, i) => leastSquares(design, origins.map((o) => raw[o + i + 1][k])));
    });
    return new LinearAR(lookback, horizon, targets, coef);
  }

  predict(raw: number[][], origins: number[]): Forecast {
    return origins.map((o) => Array.from({ length: this.horizon }, (_, i) => this.targets.map((k, ki) => {
      const beta = this.coef[ki][i];
      let s = beta[0];
      for (let j = 0; j < this.lookback; j++) s += beta[j + 1] * raw[o - this.lookback + 1 + j][k];
      return s;
    })));
  }
}
