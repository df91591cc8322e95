// A trained forecaster: the recipe's configuration, its fitted pipeline and the network. `train` builds the
// stacked recurrent model from a spec ('lstm:32', 'gru:64,lstm:32'), trains it on the windows of the training
// rows (validation = the last windows, early stopping with the best weights restored), and keeps the tail of the
// training data so that `forecast` can start from the end without the CSV. With `ensemble: n`, n networks with
// consecutive seeds are averaged. Saved as a directory: forecaster.json + model/ (+ model_1/ …, TF.js format).
import { ConfigError, ValueError } from '../errors.js';
import { EarlyStopping } from '../callbacks/early_stopping.js';
import type { Callback } from '../callbacks/callback.js';
import type { History } from '../callbacks/history.js';
import { Dense } from '../layers/core/dense.js';
import { Flatten } from '../layers/core/reshape.js';
import { GRU } from '../layers/rnn/gru.js';
import { LSTM } from '../layers/rnn/lstm.js';
import type { Recurrent } from '../layers/rnn/recurrent.js';
import { SimpleRNN } from '../layers/rnn/simple_rnn.js';
import { Sequential } from '../models/sequential.js';
import { getOptimizer } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { setRandomSeed } from '../random/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { Verbosity } from '../callbacks/progbar.js';
import { Pipeline, type Normalize, type PipelineState } from './pipeline.js';
import { crc32 } from '../io/zip_checks.js';
import { checkJsonDepth } from '../io/json_checked.js';
import { leastSquares } from './baselines.js';
import type { MissingPolicy, Series } from './csv.js';

export interface ForecastConfig {
  /** Target column name(s). */
  target: string | string[];
  /** Input columns (default: the targets only). */
  features?: string[];
  lookback?: number;
  horizon?: number;
  /** Window stride for training windows. */
  stride?: number;
  normalize?: Normalize;
  difference?: boolean;
  /**
   * Recurrent layers, e.g. 'lstm:32' or 'gru:64,lstm:32'; 'linear' (least squares from the window to the
   * outputs, in model space); 'naive' (zero output: the window's reference, i.e. naive or seasonal naive);
   * 'linear+lstm:32' (a hybrid: the linear part plus networks trained on what it leaves).
   */
  model?: string;
  epochs?: number;
  batchSize?: number;
  optimizer?: string;
  learningRate?: number;
  /** Fraction of the training windows (the last ones) used for validation and early stopping; 0 = none. */
  validation?: number;
  /** Early-stopping patience in epochs (with validation). */
  patience?: number;
  seed?: number;
  /** Season length for the seasonal-naive baseline, MASE and the 'window' targets' reference (1 = none). */
  season?: number;
  /** Networks trained with seeds seed, seed+1, …; their forecasts are averaged (less variance on short series). */
  ensemble?: number;
}

/** The default recipe, chosen by walk-forward backtests on the shipped series (docs/FORECASTING.md). */
export const forecastDefaults = {
  lookback: 12, horizon: 1, stride: 1, normalize: 'window' as Normalize, difference: true, model: 'lstm:32', epochs: 300, batchSize: 16,
  optimizer: 'adam', learningRate: 0.01, validation: 0.25, patience: 50, seed: 42, season: 1, ensemble: 5,
};
export type ResolvedConfig = Required<Omit<ForecastConfig, 'target' | 'features'>> & { targets: string[]; features: string[] };

const configKeys = ['target', 'features', ...Object.keys(forecastDefaults)];

export function resolveConfig(config: ForecastConfig, series: { names: string[] }): ResolvedConfig {
  for (const k of Object.keys(config)) if (!configKeys.includes(k)) throw new ConfigError(`unknown forecast option '${k}'. Known: ${configKeys.join(', ')}`);
  const targets = Array.isArray(config.target) ? config.target : [config.target];
  if (targets.length === 0 || targets.some((t) => typeof t !== 'string')) throw new ConfigError('a forecast needs a target column');
  const features = config.features ?? targets;
  for (const c of [...targets, ...features]) if (!series.names.includes(c)) throw new ConfigError(`no column '${c}'. Columns: ${series.names.join(', ')}`);
  const defined = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  return { ...forecastDefaults, ...defined, targets, features } as ResolvedConfig;
}

/** 'lstm:32,gru:16' → recurrent layers (all but the last return sequences). */
export function parseModelSpec(spec: string, inputShape: [number, number]): Recurrent[] {
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new ConfigError(`model spec '${spec}' is empty; use e.g. 'lstm:32' or 'gru:64,lstm:32'`);
  return parts.map((part, i) => {
    const m = /^(lstm|gru|simplernn|rnn):(\d+)$/i.exec(part);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 4096) throw new ConfigError(`model spec '${part}' must look like lstm:32, gru:64 or simplernn:16`);
    const args = { units: Number(m[2]), returnSequences: i < parts.length - 1, ...(i === 0 ? { inputShape } : {}) };
    const type = m[1].toLowerCase();
    return type === 'lstm' ? new LSTM(args) : type === 'gru' ? new GRU(args) : new SimpleRNN(args);
  });
}

/** What a model spec builds: recurrent networks, a least-squares linear map, its all-zero form, or both. */
export function modelKind(spec: string): 'network' | 'linear' | 'naive' | 'hybrid' {
  const s = spec.trim().toLowerCase();
  return s === 'linear' ? 'linear' : s === 'naive' ? 'naive' : s.startsWith('linear+') ? 'hybrid' : 'network';
}

/**
 * Flatten → Dense from the [L, F] window to the outputs, its weights the least-squares fit (a small ridge,
 * 1e-4·mean diagonal, keeps long windows on short series stable) of the windows x [N, inputs] to y [N, outputs];
 * all zeros for 'naive'.
 */
function linearModel(x: Float32Array, y: Float32Array, count: number, window: [number, number], outputs: number, zero: boolean): Sequential {
  const inputs = window[0] * window[1];
  const model = new Sequential({ layers: [new Flatten({ inputShape: window }), new Dense({ units: outputs })] });
  const kernel = new Float32Array(inputs * outputs), bias = new Float32Array(outputs);
  if (!zero) {
    const rows = Array.from({ length: count }, (_, n) => [...x.subarray(n * inputs, (n + 1) * inputs), 1]);
    for (let j = 0; j < outputs; j++) {
      const beta = leastSquares(rows, rows.map((_, n) => y[n * outputs + j]), 1e-4);
      for (let i = 0; i < inputs; i++) kernel[i * outputs + j] = beta[i];
      bias[j] = beta[inputs];
    }
  }
  model.setWeights([new Tensor(kernel, [inputs, outputs]), new Tensor(bias, [outputs])]);
  return model;
}

export interface ForecasterState {
  format: 'rnnkit-forecaster';
  version: 1;
  config: ResolvedConfig;
  columns: string[];
  pipeline: PipelineState;
  /** The last rows of the training data (enough for one input window), for forecasts without data. */
  tail: number[][];
  tailTime: string[] | null;
  /** Rows of the data the forecaster was trained on (its test part starts there). */
  trainRows: number;
  /** The CSV's time column, when one was named at training. */
  timeColumn?: string | null;
  /** How the training CSV was read (missing-value policy, delimiter, separators): evaluate/forecast read alike. */
  csv?: CsvFormat;
}

/** The reading options of the training CSV that later reads must repeat. */
export interface CsvFormat {
  missing?: MissingPolicy;
  /** The column naming the series of a long-format file (a global model over several series). */
  idColumn?: string;
  delimiter?: string;
  thousands?: string;
  decimal?: string;
}

export class Forecaster {
  constructor(
    readonly config: ResolvedConfig, readonly columns: string[], readonly pipeline: Pipeline, readonly models: Sequential[],
    readonly tail: number[][], readonly tailTime: string[] | null, readonly trainRows: number,
  ) {}

  /** The CSV's time column (saved with the forecaster, so evaluate/forecast read the same file layout). */
  timeColumn: string | null = null;

  /** How the training CSV was read (saved with the forecaster). */
  csv: CsvFormat = {};

  /** How reports name it: 'network (lstm:32)', 'linear', 'naive', 'hybrid (linear+lstm:32)'. */
  get label(): string {
    const kind = modelKind(this.config.model);
    return kind === 'network' ? `network (${this.config.model})` : kind === 'hybrid' ? `hybrid (${this.config.model})` : kind;
  }

  /** Origins o in [from, end − horizon) with a full input window (see Pipeline.origins). */
  origins(from: number, end: number, stride = 1): number[] {
    return this.pipeline.origins(from, end, stride);
  }

  /** Rows a forecast or prediction needs up to and including its origin (one input window, plus one when differencing). */
  get rowsNeeded(): number {
    return this.pipeline.firstOrigin + 1;
  }

  /** The (first) network. */
  get model(): Sequential {
    return this.models[0];
  }

  get targetIndices(): number[] {
    return this.config.targets.map((t) => this.columns.indexOf(t));
  }

  /**
   * Trains on rows [0, trainEnd) of `series` (default all; only those rows are read), or on every row of
   * several series with the same columns (windows never cross from one series into the next).
   */
  static async train(input: Series | Series[], config: ForecastConfig, options: { trainEnd?: number; verbose?: Verbosity; callbacks?: Callback[] } = {}): Promise<{ forecaster: Forecaster; history: History }> {
    const list = Array.isArray(input) ? input : [input];
    if (list.length === 0) throw new ValueError('no series to train on');
    const series = list[list.length - 1];
    if (list.some((s) => s.names.join() !== series.names.join())) throw new ConfigError('every series must have the same columns');
    const cfg = resolveConfig(config, series);
    const trainEnd = Array.isArray(input) ? series.values.length : options.trainEnd ?? series.values.length;
    const raws = list.map((s, i) => (i === list.length - 1 ? s.values.slice(0, trainEnd) : s.values)); // nothing after trainEnd is visible
    const raw = raws[raws.length - 1];
    const index = (name: string) => series.names.indexOf(name);
    const pipeline = Pipeline.fitMany(raws, {
      lookback: cfg.lookback, horizon: cfg.horizon, inputs: cfg.features.map(index), targets: cfg.targets.map(index), normalize: cfg.normalize, difference: cfg.difference, season: cfg.season,
    });
    const { x, y, count } = pipeline.windowsOfMany(raws, cfg.stride);
    if (count < 2) throw new ValueError(`only ${count} training windows: the series (${trainEnd} rows) is too short for lookback ${cfg.lookback} and horizon ${cfg.horizon}`);
    if (!Number.isInteger(cfg.ensemble) || cfg.ensemble < 1 || cfg.ensemble > 100) throw new ConfigError(`ensemble must be an integer in [1, 100], got ${cfg.ensemble}`);
    const validate = cfg.validation > 0 && Math.floor(count * cfg.validation) >= 1;
    const xs = new Tensor(x, [count, cfg.lookback, cfg.features.length]);
    const ys = new Tensor(y, [count, cfg.horizon * cfg.targets.length]);
    const models: Sequential[] = [];
    let history: History | null = null;
    const kind = modelKind(cfg.model);
    let targets = ys;
    if (kind !== 'network') {
      const linear = linearModel(x, y!, count, [cfg.lookback, cfg.features.length], cfg.horizon * cfg.targets.length, kind === 'naive');
      models.push(linear);
      if (kind === 'hybrid') {
        // the networks learn what the linear part leaves
        const fitted = linear.predict(xs, { batchSize: 1024 }).data;
        targets = new Tensor(y.map((v, i) => v - fitted[i]), ys.shape);
      }
    }
    const networks = kind === 'hybrid' ? cfg.ensemble : kind === 'network' ? cfg.ensemble : 0;
    const spec = kind === 'hybrid' ? cfg.model.slice('linear+'.length) : cfg.model;
    for (let member = 0; member < networks; member++) {
      setRandomSeed(cfg.seed + member);
      const model = new Sequential({ layers: [...parseModelSpec(spec, [cfg.lookback, cfg.features.length]), new Dense({ units: cfg.horizon * cfg.targets.length })] });
      const optimizer = getOptimizer(cfg.optimizer) as Optimizer;
      optimizer.learningRate = cfg.learningRate;
      model.compile({ optimizer, loss: 'mse' });
      const callbacks = [...(options.callbacks ?? []), ...(validate ? [new EarlyStopping({ monitor: 'val_loss', patience: cfg.patience, restoreBestWeights: true })] : [])];
      const h = await model.fit(xs, targets, { epochs: cfg.epochs, batchSize: cfg.batchSize, verbose: options.verbose ?? 0, callbacks, ...(validate ? { validationSplit: cfg.validation } : {}) });
      history ??= h;
      models.push(model);
    }
    history ??= { history: { loss: [] }, epoch: [] } as unknown as History;
    const keep = pipeline.firstOrigin + 1; // one input window (and its seasonal reference), plus one when differencing
    const forecaster = new Forecaster(cfg, series.names, pipeline, models, raw.slice(-keep), series.time ? series.time.slice(0, trainEnd).slice(-keep) : null, trainEnd);
    return { forecaster, history: history! };
  }

  /** Predictions in original units for origins of `raw` (same columns as training), [N][H][targets]. */
  predict(raw: number[][], origins: number[]): number[][][] {
    if (origins.length === 0) return [];
    const early = origins.find((o) => o < this.pipeline.firstOrigin);
    if (early !== undefined) throw new ValueError(`a prediction from row ${early + 1} needs ${this.rowsNeeded} rows up to it (lookback ${this.config.lookback}${this.config.difference ? ' + 1 for differencing' : ''}${this.config.normalize === 'window' && this.config.season > this.config.lookback ? `, season ${this.config.season}` : ''}); start later`);
    const { x } = this.pipeline.windows(raw, origins);
    const input = new Tensor(x, [origins.length, this.config.lookback, this.config.features.length]);
    // the ensemble's mean (the inverse transform is affine, so averaging in model space is the same); a hybrid
    // adds its linear part (model 0) to the networks' mean
    const out = new Float64Array(origins.length * this.config.horizon * this.config.targets.length);
    const hybrid = modelKind(this.config.model) === 'hybrid';
    this.models.forEach((model, m) => {
      const w = hybrid ? (m === 0 ? 1 : 1 / (this.models.length - 1)) : 1 / this.models.length;
      model.predict(input, { batchSize: 256 }).data.forEach((v, i) => (out[i] += w * v));
    });
    return this.pipeline.inverse(raw, origins, out);
  }

  /**
   * `steps` future values of the targets after the last row of `raw` (default: the stored training tail):
   * direct (one model call) when steps ≤ horizon, else recursive — predictions are fed back as inputs, which
   * needs every input column to be a target.
   */
  forecast(steps: number, raw: number[][] = this.tail): number[][] {
    return recursiveForecast(this, steps, raw);
  }

  toJSON(): ForecasterState {
    return { format: 'rnnkit-forecaster', version: 1, config: this.config, columns: this.columns, pipeline: this.pipeline.toJSON(), tail: this.tail, tailTime: this.tailTime, trainRows: this.trainRows, timeColumn: this.timeColumn, csv: this.csv };
  }

  /** Saves forecaster.json and the network (model/) into `dir`. Node only. */
  async save(dir: string): Promise<void> {
    const { writeJsonAtomic, nodeModules } = await import('../io/files.js');
    const { path } = await nodeModules();
    for (const [i, model] of this.models.entries()) await model.save(path.join(dir, i === 0 ? 'model' : `model_${i}`));
    // the CRC-32 of the state's JSON lets load tell a corrupt file from an intact one
    const state = this.toJSON();
    const crc = crc32(new TextEncoder().encode(JSON.stringify(state))).toString(16).padStart(8, '0');
    await writeJsonAtomic(path.join(dir, 'forecaster.json'), { ...state, crc32: crc }, 1);
  }

  static async load(dir: string): Promise<Forecaster> {
    const { nodeModules, readLimited } = await import('../io/files.js');
    const { loadModel } = await import('../io/save_load.js');
    const { path } = await nodeModules();
    const file = path.join(dir, 'forecaster.json');
    let state: ForecasterState;
    let bytes: Uint8Array;
    const { fs } = await nodeModules();
    if (!(await fs.stat(file).catch(() => null))) {
      throw new ValueError(`${dir} is not a saved forecaster: it has no forecaster.json (create one with \`rnnkit train data.csv --target COLUMN --out ${dir}\`)`);
    }
    bytes = await readLimited(file, 2 ** 26, 'forecaster.json'); // other file-system errors name the path
    const text = new TextDecoder().decode(bytes);
    checkJsonDepth(text, file);
    try {
      state = JSON.parse(text);
    } catch (e) {
      throw new ValueError(`${file}: malformed JSON (${(e as Error).message})`);
    }
    if (state?.format !== 'rnnkit-forecaster') throw new ValueError(`${file}: not an rnnkit forecaster`);
    const { crc32: stored, ...content } = state as ForecasterState & { crc32?: unknown };
    if (stored !== undefined) {
      const actual = crc32(new TextEncoder().encode(JSON.stringify(content))).toString(16).padStart(8, '0');
      if (actual !== stored) throw new ValueError(`${file}: fails its CRC-32 check (stored ${String(stored)}, computed ${actual}): the file is corrupt or was edited`);
    }
    const ensemble = state.config.ensemble ?? 1;
    if (!Number.isInteger(ensemble) || ensemble < 1 || ensemble > 100) throw new ValueError(`${file}: invalid ensemble size ${ensemble}`);
    const kind = modelKind(state.config.model);
    const count = kind === 'network' ? ensemble : kind === 'hybrid' ? ensemble + 1 : 1;
    const models: Sequential[] = [];
    for (let i = 0; i < count; i++) models.push((await loadModel(path.join(dir, i === 0 ? 'model' : `model_${i}`))) as Sequential);
    const forecaster = new Forecaster(state.config, state.columns, Pipeline.fromJSON(state.pipeline), models, state.tail, state.tailTime, state.trainRows);
    forecaster.timeColumn = state.timeColumn ?? null;
    forecaster.csv = state.csv ?? {};
    return forecaster;
  }
}

/** What `recursiveForecast` needs of a forecaster (a Forecaster or an Ensemble of them). */
export interface Recursive {
  readonly config: ResolvedConfig;
  readonly targetIndices: number[];
  readonly rowsNeeded: number;
  predict(raw: number[][], origins: number[]): number[][][];
}

/**
 * `steps` future values of the targets after the last row of `raw`: direct (one call) when steps ≤ horizon,
 * else recursive — predictions are fed back as inputs, which needs every input column to be a target. Each step
 * reads only the last `rowsNeeded` rows, so the cost is linear in `steps`.
 */
export function recursiveForecast(f: Recursive, steps: number, raw: number[][]): number[][] {
  if (!Number.isInteger(steps) || steps < 1) throw new ConfigError(`steps must be a positive integer, got ${steps}`);
  const { horizon, features, targets, lookback, difference } = f.config;
  if (steps > horizon && !features.every((c) => targets.includes(c))) {
    throw new ConfigError(`a ${steps}-step forecast beyond the horizon ${horizon} feeds predictions back as inputs, which needs every input column to be a target (inputs: ${features.join(', ')})`);
  }
  const need = f.rowsNeeded;
  const season = f.config.normalize === 'window' && f.config.season > lookback ? `, season ${f.config.season}` : '';
  if (raw.length < need) throw new ValueError(`a forecast needs the last ${need} rows (lookback ${lookback}${difference ? ' + 1 for differencing' : ''}${season}); the data has ${raw.length}`);
  let rows = raw.slice(-need).map((r) => [...r]);
  const out: number[][] = [];
  while (out.length < steps) {
    if (rows.length > 4 * need) rows = rows.slice(-need);
    const next = f.predict(rows.slice(-need), [need - 1])[0];
    for (const values of next) {
      if (out.length >= steps) break;
      out.push(values);
      const row = [...rows[rows.length - 1]];
      f.targetIndices.forEach((k, i) => (row[k] = values[i]));
      rows.push(row);
    }
  }
  return out;
}
