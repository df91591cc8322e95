// Evaluation against baselines. `compare` scores the network and the naive, seasonal-naive and linear-AR
// baselines on the same origins; `backtest` is a walk-forward backtest: the last part of the series is cut into
// consecutive test folds, each forecast by a model trained only on the rows before the fold (expanding origin:
// all of them; sliding: a window of the initial training length), refitted per fold or trained once.
// No fold can see its future: training receives the rows before the fold and nothing else.
import { ConfigError, ValueError } from '../errors.js';
import type { Verbosity } from '../callbacks/progbar.js';
import { LinearAR, naiveForecast, seasonalNaiveForecast, type Forecast } from './baselines.js';
import type { Series } from './csv.js';
import { resolveConfig, type ForecastConfig } from './forecaster.js';
import { trainRecipe } from './auto.js';
import { conformalHalfWidth, type ForecastModel } from './ensemble.js';
import { actuals, forecastMetrics, maseScale, type ForecastMetrics } from './metrics.js';

export interface MethodScore {
  method: string;
  metrics: ForecastMetrics;
}

/** Empirical coverage of the conformal intervals on the scored points. */
export interface IntervalScore {
  level: number;
  /** Fraction of actual values inside [lower, upper]. */
  coverage: number;
  /** Mean upper − lower, original units. */
  width: number;
}

/** One scored point: what every method predicted, and the interval bounds when the model has them. */
export interface PredictionRow {
  /** Row index of the target (0-based) and its time label. */
  row: number;
  time: string | null;
  step: number;
  target: string;
  actual: number;
  predictions: Record<string, number>;
  bounds: Record<string, [number, number]>;
}

export interface Comparison {
  scores: MethodScore[];
  /** Interval coverage per level (models with conformal residuals). */
  intervals?: IntervalScore[];
  /** Every scored point (for --output preds.csv). */
  rows?: PredictionRow[];
  /** 1 − RMSE(model)/RMSE(baseline): > 0 means the network beats the baseline. */
  skill: Record<string, number>;
  /** Number of forecast origins scored. */
  origins: number;
}

interface Pooled {
  actual: Forecast;
  byMethod: Map<string, Forecast>;
  /** Per point: target row, step, bounds per level. */
  meta: { row: number; step: number; target: number; bounds: Record<string, [number, number]> }[];
}

const levelKey = (l: number) => `${Math.round(l * 1000) / 10}%`;

/** Records the points of these origins (rows, steps, targets) and their conformal bounds around `pred`. */
function addMeta(pool: Pooled, model: ForecastModel, raw: number[][], origins: number[], pred: Forecast, levels: number[]): void {
  const conformal = 'conformal' in model ? (model as { conformal: import('./ensemble.js').ConformalResiduals | null }).conformal : null;
  origins.forEach((o, n) => pred[n].forEach((row, h) => row.forEach((v, k) => {
    const bounds: Record<string, [number, number]> = {};
    if (conformal) for (const l of levels) { const w = conformalHalfWidth(conformal, l, h + 1, raw, o, model.targetIndices[k]); bounds[levelKey(l)] = [v - w, v + w]; }
    pool.meta.push({ row: o + h + 1, step: h + 1, target: k, bounds });
  })));
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
  for (const x of f) list.push(x); // not push(...f): one argument per origin overflows the stack past ~125k
  pool.byMethod.set(method, list);
}

function summarize(pool: Pooled, scale: number, series?: { time: string[] | null; targets: string[] }, levels: number[] = []): Comparison {
  const scores = [...pool.byMethod].map(([method, f]) => ({ method, metrics: forecastMetrics(pool.actual, f, scale) }));
  const flat = <T>(f: T[][][]) => f.flatMap((r) => r.flat());
  const actual = flat(pool.actual);
  const methods = [...pool.byMethod].map(([m, f]) => [m, flat(f)] as const);
  const rows: PredictionRow[] = pool.meta.length === actual.length ? pool.meta.map((m, i) => ({
    row: m.row, time: series?.time?.[m.row] ?? null, step: m.step, target: series?.targets[m.target] ?? String(m.target), actual: actual[i],
    predictions: Object.fromEntries(methods.map(([name, v]) => [name, v[i]])), bounds: m.bounds,
  })) : [];
  const intervals = rows.length > 0 && Object.keys(rows[0].bounds).length > 0 ? levels.map((level) => {
    const key = levelKey(level);
    const inside = rows.filter((r) => r.actual >= r.bounds[key][0] && r.actual <= r.bounds[key][1]).length;
    return { level, coverage: inside / rows.length, width: rows.reduce((s, r) => s + r.bounds[key][1] - r.bounds[key][0], 0) / rows.length };
  }) : undefined;
  const model = scores[0].metrics.rmse;
  const skill: Record<string, number> = {};
  for (const s of scores.slice(1)) skill[s.method] = 1 - model / s.metrics.rmse;
  const naiveKinds = scores.slice(1).filter((s) => s.method.startsWith('naive') || s.method.startsWith('seasonal'));
  skill['best naive'] = 1 - model / Math.min(...naiveKinds.map((s) => s.metrics.rmse));
  return { scores, skill, origins: pool.actual.length, ...(intervals ? { intervals } : {}), rows };
}

/**
 * Scores a trained forecaster and the baselines on test origins of `series` after row `trainEnd`; with
 * conformal residuals (the automatic recipe), also the coverage of intervals at `levels` (default 0.8, 0.95).
 */
export function compare(forecaster: ForecastModel, series: Series, trainEnd: number, levels: number[] = [0.8, 0.95]): Comparison {
  const { horizon, lookback, season } = forecaster.config;
  const raw = series.values;
  const targets = forecaster.targetIndices;
  const origins = forecaster.origins(trainEnd - 1, raw.length);
  if (origins.length === 0) {
    throw new ValueError(`no test windows after row ${trainEnd}: the data has ${raw.length} rows and a test window needs ${horizon} row(s) after its origin and ${forecaster.rowsNeeded} rows up to it; give data that continues past row ${trainEnd}, or an earlier --from (≥ ${forecaster.rowsNeeded})`);
  }
  const pool: Pooled = { actual: actuals(raw, origins, horizon, targets), byMethod: new Map(), meta: [] };
  const pred = forecaster.predict(raw, origins);
  add(pool, forecaster.label, pred);
  addMeta(pool, forecaster, raw, origins, pred, levels);
  for (const [m, f] of baselineForecasts(raw, 0, trainEnd, origins, horizon, lookback, targets, season)) add(pool, m, f);
  return summarize(pool, maseScale(raw, trainEnd, targets, season), { time: series.time, targets: forecaster.config.targets }, levels);
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
  /** Interval levels whose coverage is reported (default 0.8, 0.95). */
  levels?: number[];
}

export interface FoldInfo {
  trainStart: number;
  trainEnd: number;
  testEnd: number;
  origins: number;
}

/**
 * Walk-forward backtest of a recipe (`recipe`: 'manual' — the default here, the options as given —, 'auto' or a
 * candidate's name): each fold's model is trained on the rows before the fold only.
 */
export async function backtest(series: Series, config: ForecastConfig & { recipe?: string }, options: BacktestOptions = {}): Promise<Comparison & { folds: FoldInfo[] }> {
  const { recipe = 'manual', ...plain } = config;
  const cfg = resolveConfig(plain, series);
  const levels = options.levels ?? [0.8, 0.95];
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
  const pool: Pooled = { actual: [], byMethod: new Map(), meta: [] };
  const info: FoldInfo[] = [];
  let trained: ForecastModel | null = null;
  for (let k = 0; k < folds; k++) {
    const testStart = initial + k * foldSize;
    const testEnd = Math.min(T, testStart + foldSize);
    if (testStart >= T) break;
    const trainStart = mode === 'sliding' ? testStart - initial : 0;
    if (!trained || options.refit !== false) {
      // the network sees rows [trainStart, testStart) only
      const sub: Series = { names: series.names, values: raw.slice(trainStart, testStart), time: series.time?.slice(trainStart, testStart) ?? null };
      trained = await trainRecipe(sub, { ...plain, recipe }, { verbose: options.verbose });
    }
    const origins = trained.origins(testStart - 1, testEnd);
    info.push({ trainStart, trainEnd: testStart, testEnd, origins: origins.length });
    options.onFold?.(k + 1, folds);
    if (origins.length === 0) continue;
    for (const a of actuals(raw, origins, cfg.horizon, targets)) pool.actual.push(a);
    const pred = trained.predict(raw, origins);
    add(pool, recipe === 'manual' ? trained.label : `recipe ${recipe}`, pred);
    addMeta(pool, trained, raw, origins, pred, levels);
    for (const [m, f] of baselineForecasts(raw, trainStart, testStart, origins, cfg.horizon, cfg.lookback, targets, cfg.season)) add(pool, m, f);
  }
  if (pool.actual.length === 0) throw new ValueError(`the test folds hold no complete windows (horizon ${cfg.horizon}, fold size ${foldSize})`);
  return { ...summarize(pool, maseScale(raw, initial, targets, cfg.season), { time: series.time, targets: cfg.targets }, levels), folds: info };
}
