// Evaluation against baselines. `compare` scores the network and the naive, seasonal-naive and linear-AR
// baselines on the same origins; `backtest` is a walk-forward backtest: the last part of the series is cut into
// consecutive test folds, each forecast by a model trained only on the rows before the fold (expanding origin:
// all of them; sliding: a window of the initial training length), refitted per fold or trained once.
// No fold can see its future: training receives the rows before the fold and nothing else.
import { ConfigError, ValueError } from '../errors.js';
import type { Verbosity } from '../callbacks/progbar.js';
import { LinearAR, naiveForecast, seasonalNaiveForecast, type Forecast } from './baselines.js';
import type { Series } from './csv.js';
import { Forecaster, resolveConfig, type ForecastConfig } from './forecaster.js';
import { actuals, forecastMetrics, maseScale, type ForecastMetrics } from './metrics.js';

export interface MethodScore {
  method: string;
  metrics: ForecastMetrics;
}

export interface Comparison {
  scores: MethodScore[];
  /** 1 − RMSE(model)/RMSE(baseline): > 0 means the network beats the baseline. */
  skill: Record<string, number>;
  /** Number of forecast origins scored. */
  origins: number;
}

interface Pooled {
  actual: Forecast;
  byMethod: Map<string, Forecast>;
}

function baselineForecasts(raw: number[][], trainStart: number, trainEnd: number, origins: number[], horizon: number, lookback: number, targets: number[], season: number): [string, Forecast][] {
  const out: [string, Forecast][] = [['naive', naiveForecast(raw, origins, horizon, targets)]];
  if (season > 1) out.push([`seasonal naive (${season})`, seasonalNaiveForecast(raw, origins, horizon, targets, season)]);
  const train = raw.slice(trainStart, trainEnd);
  const ar = LinearAR.fit(train, train.length, lookback, horizon, targets);
  out.push([`linear AR(${lookback})`, ar.predict(raw, origins)]);
  return out;
}

function add(pool: Pooled, method: string, f: Forecast): void {
  const list = pool.byMethod.get(method) ?? [];
  list.push(...f);
  pool.byMethod.set(method, list);
}

function summarize(pool: Pooled, scale: number): Comparison {
  const scores = [...pool.byMethod].map(([method, f]) => ({ method, metrics: forecastMetrics(pool.actual, f, scale) }));
  const model = scores[0].metrics.rmse;
  const skill: Record<string, number> = {};
  for (const s of scores.slice(1)) skill[s.method] = 1 - model / s.metrics.rmse;
  const naiveKinds = scores.slice(1).filter((s) => s.method.startsWith('naive') || s.method.startsWith('seasonal'));
  skill['best naive'] = 1 - model / Math.min(...naiveKinds.map((s) => s.metrics.rmse));
  return { scores, skill, origins: pool.actual.length };
}

/** Scores a trained forecaster and the baselines on test origins of `series` after row `trainEnd`. */
export function compare(forecaster: Forecaster, series: Series, trainEnd: number): Comparison {
  const { horizon, lookback, season } = forecaster.config;
  const raw = series.values;
  const targets = forecaster.targetIndices;
  const origins = forecaster.pipeline.origins(trainEnd - 1, raw.length);
  if (origins.length === 0) {
    throw new ValueError(`no test windows after row ${trainEnd}: the data has ${raw.length} rows and a test window needs ${horizon} row(s) after its origin and ${forecaster.rowsNeeded} rows up to it; give data that continues past row ${trainEnd}, or an earlier --from (≥ ${forecaster.rowsNeeded})`);
  }
  const pool: Pooled = { actual: actuals(raw, origins, horizon, targets), byMethod: new Map() };
  add(pool, `network (${forecaster.config.model})`, forecaster.predict(raw, origins));
  for (const [m, f] of baselineForecasts(raw, 0, trainEnd, origins, horizon, lookback, targets, season)) add(pool, m, f);
  return summarize(pool, maseScale(raw, trainEnd, targets, season));
}

export interface BacktestOptions {
  /** Number of consecutive test folds; default 4. */
  folds?: number;
  /** Fraction of the series covered by the test folds; default 0.2. */
  testFraction?: number;
  /** 'expanding' (default): train on everything before the fold; 'sliding': a window of the initial training length. */
  mode?: 'expanding' | 'sliding';
  /** Train a new network for every fold (default true), or once on the first fold's training rows. */
  refit?: boolean;
  verbose?: Verbosity;
  /** Called after each fold. */
  onFold?: (fold: number, folds: number) => void;
}

export interface FoldInfo {
  trainStart: number;
  trainEnd: number;
  testEnd: number;
  origins: number;
}

export async function backtest(series: Series, config: ForecastConfig, options: BacktestOptions = {}): Promise<Comparison & { folds: FoldInfo[] }> {
  const cfg = resolveConfig(config, series);
  const folds = options.folds ?? 4;
  const testFraction = options.testFraction ?? 0.2;
  const mode = options.mode ?? 'expanding';
  if (!Number.isInteger(folds) || folds < 1) throw new ConfigError(`folds must be a positive integer, got ${folds}`);
  if (!(testFraction > 0 && testFraction < 1)) throw new ConfigError(`testFraction must be in (0, 1), got ${testFraction}`);
  if (mode !== 'expanding' && mode !== 'sliding') throw new ConfigError(`mode must be 'expanding' or 'sliding', got '${mode}'`);
  const raw = series.values;
  const T = raw.length;
  const testRows = Math.max(folds * (cfg.horizon + 1), Math.floor(T * testFraction));
  const initial = T - testRows;
  const minTrain = cfg.lookback + cfg.horizon + 2 + (cfg.difference ? 1 : 0);
  if (initial < minTrain) {
    throw new ValueError(`a backtest of ${folds} folds over ${testRows} test rows leaves ${Math.max(initial, 0)} of the ${T} rows for training; lookback ${cfg.lookback} and horizon ${cfg.horizon} need at least ${minTrain} (at least ${minTrain + testRows} rows in all): use fewer --folds, a smaller --test fraction or a shorter --lookback`);
  }
  const foldSize = Math.ceil(testRows / folds);
  const targets = cfg.targets.map((t) => series.names.indexOf(t));
  const pool: Pooled = { actual: [], byMethod: new Map() };
  const info: FoldInfo[] = [];
  let trained: Forecaster | null = null;
  for (let k = 0; k < folds; k++) {
    const testStart = initial + k * foldSize;
    const testEnd = Math.min(T, testStart + foldSize);
    if (testStart >= T) break;
    const trainStart = mode === 'sliding' ? testStart - initial : 0;
    if (!trained || options.refit !== false) {
      // the network sees rows [trainStart, testStart) only
      const sub: Series = { names: series.names, values: raw.slice(trainStart, testStart), time: series.time?.slice(trainStart, testStart) ?? null };
      trained = (await Forecaster.train(sub, config, { verbose: options.verbose })).forecaster;
    }
    const origins = trained.pipeline.origins(testStart - 1, testEnd);
    info.push({ trainStart, trainEnd: testStart, testEnd, origins: origins.length });
    options.onFold?.(k + 1, folds);
    if (origins.length === 0) continue;
    pool.actual.push(...actuals(raw, origins, cfg.horizon, targets));
    add(pool, `network (${cfg.model})`, trained.predict(raw, origins));
    for (const [m, f] of baselineForecasts(raw, trainStart, testStart, origins, cfg.horizon, cfg.lookback, targets, cfg.season)) add(pool, m, f);
  }
  if (pool.actual.length === 0) throw new ValueError(`the test folds hold no complete windows (horizon ${cfg.horizon}, fold size ${foldSize})`);
  return { ...summarize(pool, maseScale(raw, initial, targets, cfg.season)), folds: info };
}
