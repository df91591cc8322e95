// The automatic recipe (the `train` default, like a statistician's auto.arima): candidate pipelines — naive,
// seasonal naive, linear AR on levels, on differences and against the seasonal reference, a network on levels
// (window-normalised), a network on differences, and a hybrid whose networks model what a linear part leaves —
// are scored by rolling-origin validation inside the training rows (never the test rows): the last
// `validationFraction` of the training rows is cut into `folds` consecutive blocks, and each candidate is trained
// on the rows before a block and forecasts the block from the true history. The result is the equal-weight mean
// of every fitted candidate (naive ones excluded) unless the best single candidate, or the mean of the best 2 or
// 3, has clearly lower validation errors (paired t < −2): on short series the validation cannot rank candidates
// reliably and the combination is the safer bet (evidence: bench/forecast_rules.ts, docs/FORECASTING.md). The
// chosen members are retrained on all training rows and carry the validation residuals for conformal prediction
// intervals. Reproducible: every network's seed derives from `seed`.
import { checkOptions, ConfigError, ValueError } from '../errors.js';
import type { Verbosity } from '../callbacks/progbar.js';
import type { Series } from './csv.js';
import { Ensemble, localScale, type CandidateScore, type ConformalResiduals, type SelectionReport } from './ensemble.js';
import { Forecaster, resolveConfig, type ForecastConfig, type ResolvedConfig } from './forecaster.js';
import { actuals, maseScale } from './metrics.js';

export interface Candidate {
  name: string;
  /** The recipe options it sets over the user's (model, normalize, difference, season). */
  config: Partial<ForecastConfig>;
}

/** The candidate pipelines for a resolved recipe (its model spec, season and lookback). */
export function candidates(cfg: ResolvedConfig): Candidate[] {
  const m = cfg.season;
  const net = cfg.model.startsWith('linear') || cfg.model === 'naive' ? 'lstm:32' : cfg.model;
  const list: Candidate[] = [{ name: 'naive', config: { model: 'naive', normalize: 'window', difference: false, season: 1 } }];
  if (m > 1) list.push({ name: 'seasonal naive', config: { model: 'naive', normalize: 'window', difference: false, season: m } });
  list.push({ name: 'linear AR', config: { model: 'linear', normalize: 'global', difference: false } });
  list.push({ name: 'linear AR on differences', config: { model: 'linear', normalize: 'window', difference: true, season: 1 } });
  if (m > 1) list.push({ name: 'linear seasonal', config: { model: 'linear', normalize: 'window', difference: false, season: m } });
  list.push({ name: 'network on levels', config: { model: net, normalize: 'window', difference: false } });
  list.push({ name: 'network on differences', config: { model: net, normalize: 'window', difference: true } });
  list.push({ name: 'hybrid', config: { model: `linear+${net}`, normalize: 'window', difference: false } });
  return list;
}

/** Recipe names `--recipe` accepts: 'auto', 'manual' (the options as given) and the candidates' names with dashes. */
export const recipeName = (name: string) => name.replace(/ /g, '-');

export interface AutoOptions {
  /** Last row (exclusive) of the training part; nothing after it is read. Default: every row. */
  trainEnd?: number;
  /** Validation blocks (default 3). */
  folds?: number;
  /** Fraction of the training rows used for validation (default 0.25). */
  validationFraction?: number;
  /** Networks per candidate during validation (default min(ensemble, 3)); the winner is retrained with `ensemble`. */
  validationEnsemble?: number;
  /** Only these candidates (names as in `candidates`). */
  only?: string[];
  verbose?: Verbosity;
  onProgress?: (message: string) => void;
}

type Preds = number[][][];

const mean = (parts: Preds[]): Preds => parts[0].map((rows, n) => rows.map((row, h) => row.map((_, k) => parts.reduce((s, p) => s + p[n][h][k], 0) / parts.length)));

/** Paired t-statistic of |errors of a| − |errors of b| over every point (negative: a is better); NaN when all equal. */
function pairedT(actual: Preds, a: Preds, b: Preds): number {
  const d: number[] = [];
  actual.forEach((rows, i) => rows.forEach((row, h) => row.forEach((y, k) => d.push(Math.abs(a[i][h][k] - y) - Math.abs(b[i][h][k] - y)))));
  if (d.length < 2) return NaN;
  const m = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1));
  return sd === 0 ? NaN : m / (sd / Math.sqrt(d.length));
}

function mae(actual: Preds, pred: Preds): number {
  let s = 0, n = 0;
  actual.forEach((rows, i) => rows.forEach((row, h) => row.forEach((y, k) => { s += Math.abs(pred[i][h][k] - y); n++; })));
  return s / n;
}

/** The rolling-origin validation of every candidate: their pooled predictions on the same points. */
export interface Validation {
  base: ResolvedConfig;
  list: Candidate[];
  /** Validation origins (rows), actual values and each candidate's predictions [origin][step][target]. */
  origins: number[];
  actual: Preds;
  preds: Map<string, Preds>;
  scores: CandidateScore[];
  folds: number;
  validationRows: number;
  /** The MASE scale of the rows before the validation. */
  scale: number;
}

/** Scores every candidate by rolling-origin validation on the last rows of [0, trainEnd) (see the file header). */
export async function validateCandidates(series: Series, config: ForecastConfig, options: AutoOptions = {}): Promise<Validation> {
  checkOptions('autoTrain', options, ['trainEnd', 'folds', 'validationFraction', 'validationEnsemble', 'only', 'verbose', 'onProgress']);
  const base = resolveConfig(config, series);
  const T0 = options.trainEnd ?? series.values.length;
  const folds = options.folds ?? 3;
  const fraction = options.validationFraction ?? 0.25;
  if (!Number.isInteger(folds) || folds < 1) throw new ConfigError(`folds must be a positive integer, got ${folds}`);
  if (!(fraction > 0 && fraction < 1)) throw new ConfigError(`validationFraction must be in (0, 1), got ${fraction}`);
  const H = base.horizon;
  const valRows = Math.max(folds * H, Math.ceil(T0 * fraction));
  const foldSize = Math.ceil(valRows / folds);
  const start = T0 - valRows;
  let list = candidates(base);
  if (options.only) {
    for (const n of options.only) if (!list.some((c) => c.name === n)) throw new ConfigError(`unknown candidate '${n}'. Known: ${list.map((c) => c.name).join(', ')}`);
    list = list.filter((c) => options.only!.includes(c.name));
  }
  const need = Math.max(...list.map((c) => 1 + base.lookback - 1 + (c.config.difference ? 1 : 0) + (c.config.normalize === 'window' ? Math.max(0, (c.config.season ?? base.season) - base.lookback) : 0)));
  const minTrain = need + H + 4;
  if (start < minTrain) {
    throw new ValueError(`the automatic recipe validates on the last ${valRows} of the ${T0} training rows, which leaves ${Math.max(start, 0)} to train on; lookback ${base.lookback} needs at least ${minTrain}: give a shorter --lookback, more data, or a fixed --recipe`);
  }
  const raw = series.values;
  const targets = base.targets.map((t) => series.names.indexOf(t));
  const valEnsemble = options.validationEnsemble ?? Math.min(base.ensemble, 3);
  // the validation points, the same for every candidate
  const blocks: { s: number; origins: number[] }[] = [];
  for (let k = 0; k < folds; k++) {
    const s = start + k * foldSize;
    const e = Math.min(T0, s + foldSize);
    if (s >= T0) break;
    const origins: number[] = [];
    for (let o = s - 1; o + H < e; o++) origins.push(o);
    if (origins.length > 0) blocks.push({ s, origins });
  }
  const origins = blocks.flatMap((b) => b.origins);
  const actual = actuals(raw, origins, H, targets);
  const preds = new Map<string, Preds>();
  const scores: CandidateScore[] = [];
  const scale = maseScale(raw, start, targets, base.season);
  for (const c of list) {
    const p: Preds = [];
    for (const b of blocks) {
      const sub: Series = { names: series.names, values: raw.slice(0, b.s), time: null };
      const { forecaster } = await Forecaster.train(sub, recipeOf(config, c, valEnsemble), { verbose: 0 });
      for (const f of forecaster.predict(raw.slice(0, b.s + foldSize), b.origins)) p.push(f); // not push(...): one argument per origin
    }
    preds.set(c.name, p);
    const err = mae(actual, p);
    scores.push({ name: c.name, mae: err, mase: err / scale });
    options.onProgress?.(`${c.name}: validation MAE ${err.toPrecision(4)}`);
  }
  return { base, list, origins, actual, preds, scores, folds: blocks.length, validationRows: valRows, scale };
}

/** A candidate's recipe: the user's options with the candidate's pipeline over them. */
export const recipeOf = (config: ForecastConfig, c: Candidate, ensemble: number): ForecastConfig => ({ ...config, ...c.config, ensemble });

/** Trains the automatic recipe on rows [0, trainEnd) of `series`; returns the chosen combination and the report. */
export async function autoTrain(series: Series, config: ForecastConfig, options: AutoOptions = {}): Promise<Ensemble> {
  const v = await validateCandidates(series, config, options);
  const { base, list, actual, preds, scores } = v;
  const T0 = options.trainEnd ?? series.values.length;
  // the default: the equal-weight mean of every fitted candidate (naive ones excluded); a single candidate or
  // the mean of the best 2 or 3 replaces it only when the validation says so clearly: its absolute errors lower
  // on average, with a paired t-statistic below −2 over the validation points
  const fitted = list.filter((c) => c.config.model !== 'naive').map((c) => c.name);
  const pool = fitted.length > 0 ? fitted : list.map((c) => c.name);
  const membersOf = new Map<string, string[]>(list.map((c) => [c.name, [c.name]]));
  const score = (names: string[], label?: string) => {
    const name = label ?? (names.length === 1 ? names[0] : `mean(${names.join(', ')})`);
    membersOf.set(name, names);
    if (!preds.has(name)) {
      const p = mean(names.map((n) => preds.get(n)!));
      preds.set(name, p);
      const err = mae(actual, p);
      scores.push({ name, mae: err, mase: err / v.scale });
    }
    return name;
  };
  const all = score(pool, pool.length > 1 ? `mean of all fitted (${pool.length})` : undefined);
  const ranked = [...scores].sort((a, b) => a.mae - b.mae).map((x) => x.name).filter((n) => list.some((c) => c.name === n));
  let best = scores.find((x) => x.name === all)!, bestT = -2;
  for (const k of [1, 2, 3]) {
    if (ranked.length < k) break;
    const top = ranked.slice(0, k);
    if (top.length === pool.length && top.every((n) => pool.includes(n))) continue; // the mean of all itself
    const name = score(top);
    const t = pairedT(actual, preds.get(name)!, preds.get(all)!);
    const entry = scores.find((x) => x.name === name)!;
    if (Number.isFinite(t)) entry.t = t;
    if (t < bestT) { bestT = t; best = entry; }
  }
  const chosen = membersOf.get(best.name)!;

  // the chosen members, retrained on every training row
  const members = [];
  for (const name of chosen) {
    const c = list.find((x) => x.name === name)!;
    const { forecaster } = await Forecaster.train(series, recipeOf(config, c, base.ensemble), { trainEnd: T0, verbose: options.verbose ?? 0 });
    members.push({ name, weight: 1 / chosen.length, forecaster });
  }
  const ensemble = new Ensemble(best.name, members);
  const selection: SelectionReport = { scores, chosen: best.name, members: chosen, folds: v.folds, validationRows: v.validationRows, seed: base.seed };
  ensemble.selection = selection;
  const targets = base.targets.map((t) => series.names.indexOf(t));
  ensemble.conformal = conformalResiduals(series.values, v.origins, targets, actual, preds.get(best.name)!, Math.max(base.lookback, 2 * base.season), base.season);
  return ensemble;
}

/** Sorted |actual − predicted| / local scale per horizon step, pooled over origins and targets (see ConformalResiduals). */
export function conformalResiduals(raw: number[][], origins: number[], targets: number[], actual: Preds, pred: Preds, window: number, lag = 1): ConformalResiduals {
  const H = actual[0]?.length ?? 0;
  const byStep = Array.from({ length: H }, (_, h) => actual.flatMap((rows, i) => rows[h].map((y, k) => Math.abs(pred[i][h][k] - y) / localScale(raw, origins[i], targets[k], window, lag))).sort((a, b) => a - b));
  return { residuals: byStep, window, lag };
}

/** Trains a recipe by name: 'auto' (the default), 'manual' (the options as given), or one candidate. */
export async function trainRecipe(series: Series, config: ForecastConfig & { recipe?: string }, options: AutoOptions = {}): Promise<Forecaster | Ensemble> {
  const { recipe = 'auto', ...rest } = config;
  if (recipe === 'auto') return autoTrain(series, rest, options);
  if (recipe === 'manual') return (await Forecaster.train(series, rest, { trainEnd: options.trainEnd, verbose: options.verbose })).forecaster;
  const base = resolveConfig(rest, series);
  const c = candidates(base).find((x) => recipeName(x.name) === recipe);
  if (!c) throw new ConfigError(`unknown recipe '${recipe}'. Known: auto, manual, ${candidates(base).map((x) => recipeName(x.name)).join(', ')}`);
  return autoTrain(series, rest, { ...options, only: [c.name] });
}
