// Forecast accuracy over all (origin, step, target) points of a set of windows: RMSE, MAE, MAPE, sMAPE (in
// percent) and MASE (MAE divided by the in-sample MAE of the seasonal naive one-step forecast on the training
// part, Hyndman & Koehler 2006).
import type { Forecast } from './baselines.js';

export interface ForecastMetrics {
  rmse: number;
  mae: number;
  mape: number;
  smape: number;
  mase: number;
}

/** Mean |y_t − y_{t−m}| over training rows [0, trainEnd) of the target columns (the MASE scale). */
export function maseScale(raw: number[][], trainEnd: number, targets: number[], season: number): number {
  let sum = 0, n = 0;
  for (let t = season; t < trainEnd; t++) for (const k of targets) { sum += Math.abs(raw[t][k] - raw[t - season][k]); n++; }
  return n === 0 ? NaN : sum / n;
}

export function forecastMetrics(actual: Forecast, predicted: Forecast, scale: number): ForecastMetrics {
  let se = 0, ae = 0, ape = 0, sape = 0, n = 0, nPct = 0;
  actual.forEach((rows, i) => rows.forEach((row, h) => row.forEach((y, k) => {
    const e = predicted[i][h][k] - y;
    se += e * e;
    ae += Math.abs(e);
    n++;
    if (y !== 0) { ape += Math.abs(e / y); nPct++; }
    const denom = Math.abs(y) + Math.abs(predicted[i][h][k]);
    sape += denom === 0 ? 0 : (2 * Math.abs(e)) / denom;
  })));
  return { rmse: Math.sqrt(se / n), mae: ae / n, mape: (100 * ape) / nPct, smape: (100 * sape) / n, mase: ae / n / scale };
}

/** The actual values [N][H][targets] for origins. */
export function actuals(raw: number[][], origins: number[], horizon: number, targets: number[]): Forecast {
  return origins.map((o) => Array.from({ length: horizon }, (_, i) => targets.map((k) => raw[o + i + 1][k])));
}
