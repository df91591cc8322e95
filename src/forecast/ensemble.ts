// A forecast combination: member forecasters (each with its own pipeline: levels, differences, linear,
// networks, hybrids) whose predictions are averaged with fixed weights — what the automatic recipe returns,
// with the validation report that chose it and the conformal interval widths measured on the same validation.
// Saved as a directory: forecaster.json (kind 'ensemble') + member_0/, member_1/, … (each a saved Forecaster).
// `loadForecastModel` opens either kind of directory.
import { ValueError } from '../errors.js';
import { Forecaster, recursiveForecast, type CsvFormat, type ResolvedConfig } from './forecaster.js';

/** How each candidate scored on the rolling-origin validation inside the training rows. */
export interface CandidateScore {
  name: string;
  /** Mean absolute error over every validation point (origin, step, target), original units. */
  mae: number;
  /** That MAE over the in-sample MAE of the seasonal naive forecast on the rows before the validation. */
  mase: number;
  /** For the alternatives to the mean of all: paired t-statistic of their absolute errors against it (< −2 chooses them). */
  t?: number;
}

export interface SelectionReport {
  /** Every candidate and combination tried, in the order tried. */
  scores: CandidateScore[];
  /** The name chosen (a candidate, 'mean(a, b)' or 'mean of all fitted (n)'). */
  chosen: string;
  /** The candidates averaged in the choice. */
  members?: string[];
  folds: number;
  /** Training rows used as validation (the last ones). */
  validationRows: number;
  seed: number;
}

/**
 * Locally scaled split-conformal residuals: |actual − forecast| of the chosen combination on the rolling-origin
 * validation points, each divided by the series' local scale at its origin (`localScale`: the mean absolute
 * one-step change over the last `window` rows), sorted, one list per horizon step (pooled over the targets).
 * Scaling makes the width follow the series' current volatility (a growing series gets wider intervals), which
 * plain residual quantiles do not.
 */
export interface ConformalResiduals {
  residuals: number[][];
  window: number;
  /** Lag of the changes in the local scale (the season; 1 without one). */
  lag?: number;
}

/** Mean |y[t] − y[t−lag]| of column k over rows (o − window, o]; never zero (falls back to a tiny share of |y[o]|). */
export function localScale(raw: number[][], o: number, k: number, window: number, lag = 1): number {
  let s = 0, n = 0;
  for (let t = Math.max(lag, o - window + 1); t <= o; t++) { s += Math.abs(raw[t][k] - raw[t - lag][k]); n++; }
  const v = n > 0 ? s / n : 0;
  return v > 0 ? v : Math.max(Math.abs(raw[o][k]) * 1e-6, 1e-12);
}

/**
 * Half-width of the `level` interval at step h (1-based) from origin o of `raw`, target column k: the
 * ⌈(n+1)·level⌉-th smallest of the n scaled residuals of that step (the largest when that exceeds n) times the
 * local scale at o. Past the last validated step H (recursive forecasts) the step-H width grows as √(h/H), the
 * random-walk rate — an assumption, not measured.
 */
export function conformalHalfWidth(c: ConformalResiduals, level: number, h: number, raw: number[][], o: number, k: number): number {
  if (!(level > 0 && level < 1)) throw new ValueError(`an interval level must be in (0, 1), got ${level}`);
  const H = c.residuals.length;
  const r = c.residuals[Math.min(h, H) - 1];
  if (!r || r.length === 0) throw new ValueError('no validation residuals to size the interval');
  const q = r[Math.min(r.length, Math.ceil((r.length + 1) * level)) - 1] * localScale(raw, o, k, c.window, c.lag ?? 1);
  return h <= H ? q : q * Math.sqrt(h / H);
}

export interface ForecastModel {
  readonly config: ResolvedConfig;
  readonly columns: string[];
  readonly tail: number[][];
  readonly tailTime: string[] | null;
  readonly trainRows: number;
  readonly targetIndices: number[];
  readonly rowsNeeded: number;
  readonly label: string;
  timeColumn: string | null;
  csv: CsvFormat;
  origins(from: number, end: number, stride?: number): number[];
  predict(raw: number[][], origins: number[]): number[][][];
  forecast(steps: number, raw?: number[][]): number[][];
  save(dir: string): Promise<void>;
}

export interface EnsembleState {
  format: 'rnnkit-forecaster';
  version: 2;
  kind: 'ensemble';
  name: string;
  members: { name: string; weight: number; dir: string }[];
  selection: SelectionReport | null;
  conformal: ConformalResiduals | null;
  timeColumn: string | null;
  csv: CsvFormat;
}

export class Ensemble implements ForecastModel {
  readonly config: ResolvedConfig;
  timeColumn: string | null = null;
  csv: CsvFormat = {};
  /** The validation that chose this combination (automatic recipe), when there was one. */
  selection: SelectionReport | null = null;
  conformal: ConformalResiduals | null = null;

  constructor(readonly name: string, readonly members: { name: string; weight: number; forecaster: Forecaster }[]) {
    if (members.length === 0) throw new ValueError('an ensemble needs at least one member');
    const first = members[0].forecaster;
    for (const m of members) {
      const c = m.forecaster.config;
      if (c.targets.join() !== first.config.targets.join() || c.features.join() !== first.config.features.join() || c.horizon !== first.config.horizon || m.forecaster.columns.join() !== first.columns.join()) {
        throw new ValueError('ensemble members must share columns, targets, features and horizon');
      }
    }
    const total = members.reduce((s, m) => s + m.weight, 0);
    if (!(Math.abs(total - 1) < 1e-9)) throw new ValueError(`ensemble weights must sum to 1, got ${total}`);
    const widest = members.reduce((a, m) => (m.forecaster.rowsNeeded > a.rowsNeeded ? m.forecaster : a), first);
    this.config = { ...first.config, lookback: widest.config.lookback, difference: widest.config.difference, model: name };
  }

  get columns(): string[] { return this.members[0].forecaster.columns; }
  get targetIndices(): number[] { return this.members[0].forecaster.targetIndices; }
  get trainRows(): number { return this.members[0].forecaster.trainRows; }
  get rowsNeeded(): number { return Math.max(...this.members.map((m) => m.forecaster.rowsNeeded)); }
  get label(): string { return `auto: ${this.name}`; }
  /** The training tail long enough for every member. */
  get tail(): number[][] {
    return this.members.reduce((a, m) => (m.forecaster.tail.length > a.length ? m.forecaster.tail : a), [] as number[][]);
  }
  get tailTime(): string[] | null {
    return this.members.reduce((a, m) => (m.forecaster.tail.length > (a?.length ?? -1) ? m.forecaster.tailTime : a), null as string[] | null);
  }

  origins(from: number, end: number, stride = 1): number[] {
    const out: number[] = [];
    for (let o = Math.max(from, this.rowsNeeded - 1); o + this.config.horizon < end; o += stride) out.push(o);
    return out;
  }

  predict(raw: number[][], origins: number[]): number[][][] {
    const parts = this.members.map((m) => m.forecaster.predict(raw, origins));
    return origins.map((_, n) => parts[0][n].map((step, h) => step.map((_, k) => this.members.reduce((s, m, i) => s + m.weight * parts[i][n][h][k], 0))));
  }

  forecast(steps: number, raw: number[][] = this.tail): number[][] {
    return recursiveForecast(this, steps, raw);
  }

  toJSON(): EnsembleState {
    return {
      format: 'rnnkit-forecaster', version: 2, kind: 'ensemble', name: this.name,
      members: this.members.map((m, i) => ({ name: m.name, weight: m.weight, dir: `member_${i}` })),
      selection: this.selection, conformal: this.conformal, timeColumn: this.timeColumn, csv: this.csv,
    };
  }

  /** Saves forecaster.json and each member's directory into `dir`. Node only. */
  async save(dir: string): Promise<void> {
    const { writeJsonAtomic, nodeModules } = await import('../io/files.js');
    const { path } = await nodeModules();
    for (const [i, m] of this.members.entries()) {
      m.forecaster.timeColumn = this.timeColumn;
      m.forecaster.csv = this.csv;
      await m.forecaster.save(path.join(dir, `member_${i}`));
    }
    await writeJsonAtomic(path.join(dir, 'forecaster.json'), this.toJSON(), 1);
  }
}

/** Opens a saved forecaster directory of either kind (a single Forecaster or an Ensemble). Node only. */
export async function loadForecastModel(dir: string): Promise<Forecaster | Ensemble> {
  const { nodeModules, readLimited } = await import('../io/files.js');
  const { path } = await nodeModules();
  const file = path.join(dir, 'forecaster.json');
  let state: Partial<EnsembleState>;
  try {
    state = JSON.parse(new TextDecoder().decode(await readLimited(file, 2 ** 26, 'forecaster.json')));
  } catch {
    return Forecaster.load(dir); // it words the error (missing file, malformed JSON)
  }
  if (state?.kind !== 'ensemble') return Forecaster.load(dir);
  if (!Array.isArray(state.members) || state.members.length === 0) throw new ValueError(`${file}: an ensemble without members`);
  const members = [];
  for (const m of state.members) {
    if (typeof m?.dir !== 'string' || !/^member_\d+$/.test(m.dir) || typeof m.weight !== 'number') throw new ValueError(`${file}: malformed member ${JSON.stringify(m)}`);
    members.push({ name: String(m.name), weight: m.weight, forecaster: await Forecaster.load(path.join(dir, m.dir)) });
  }
  const e = new Ensemble(String(state.name), members);
  e.selection = state.selection ?? null;
  e.conformal = state.conformal ?? null;
  e.timeColumn = state.timeColumn ?? null;
  e.csv = state.csv ?? {};
  return e;
}
