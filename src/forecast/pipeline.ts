// The forecasting recipe's data path: raw series → (optional differencing) → scaling fitted on the training
// rows → windows of `lookback` inputs and `horizon` targets per origin, optionally relative to the window's own
// last value → model; and the exact inverse for predictions. An origin o is the last observed step: inputs are
// rows o−L+1..o, targets rows o+1..o+H. Nothing after o is read to build an input, nothing after the training
// end to fit the scaler.
import { ConfigError, ValueError } from '../errors.js';
import { MinMaxScaler, Scaler, StandardScaler, identityScaler, type ScalerState } from './scalers.js';

/**
 * 'window': each window relative to its own level — inputs minus the window's last value, targets minus their
 * seasonal-naive reference (the last value for season 1, the value one season earlier otherwise), all divided by
 * the training standard deviation — so a zero output is the (seasonal) naive forecast and trends or level shifts
 * leave the model's inputs unchanged; 'global': min-max scaling fitted on the training part (the Keras
 * tutorials' recipe); 'none': raw values.
 */
export type Normalize = 'window' | 'global' | 'none';
export const normalizeModes: readonly Normalize[] = ['window', 'global', 'none'];

export interface PipelineConfig {
  lookback: number;
  horizon: number;
  /** Column indices fed to the model, and the column indices predicted. */
  inputs: number[];
  targets: number[];
  normalize: Normalize;
  /** Model first differences (predictions are integrated back from the origin's value). */
  difference: boolean;
  /** Season length for the 'window' targets' reference (1: the last value). */
  season: number;
}

export interface PipelineState extends PipelineConfig {
  scaler: ScalerState;
}

export class Pipeline {
  private constructor(readonly config: PipelineConfig, readonly scaler: Scaler) {}

  /** Fits the scaling on raw rows [0, trainEnd). */
  static fit(raw: number[][], trainEnd: number, config: PipelineConfig): Pipeline {
    return Pipeline.fitMany([raw.slice(0, trainEnd)], config);
  }

  /** Fits the scaling on every row of several series (each differenced on its own: no step crosses two series). */
  static fitMany(raws: number[][][], config: PipelineConfig): Pipeline {
    if (!normalizeModes.includes(config.normalize)) throw new ConfigError(`normalize must be one of ${normalizeModes.join(', ')}, got '${config.normalize}'`);
    for (const [k, v] of [['lookback', config.lookback], ['horizon', config.horizon]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${k} must be a positive integer, got ${v}`);
    }
    const series = raws.flatMap((raw) => differenced(raw, config.difference).slice(config.difference ? 1 : 0));
    if (series.length < 2) throw new ValueError(`too little training data: ${series.length} rows`);
    const scaler = config.normalize === 'global' ? new MinMaxScaler(series) : config.normalize === 'window' ? new StandardScaler(series) : identityScaler(series[0].length);
    return new Pipeline(config, scaler);
  }

  static fromJSON(state: PipelineState): Pipeline {
    const { scaler, ...config } = state;
    return new Pipeline(config, Scaler.fromJSON(scaler));
  }

  toJSON(): PipelineState {
    return { ...this.config, scaler: this.scaler.toJSON() };
  }

  /** The first origin with a full input window (and, for 'window' targets, a seasonal reference row). */
  get firstOrigin(): number {
    const { lookback, difference, normalize, season } = this.config;
    return Math.max(lookback, normalize === 'window' ? season : 1) - 1 + (difference ? 1 : 0);
  }

  /** Origins o in [from, to) (stepping by stride) whose targets o+1..o+H lie before `end`. */
  origins(from: number, end: number, stride = 1, to = end): number[] {
    const out: number[] = [];
    for (let o = Math.max(from, this.firstOrigin); o < to && o + this.config.horizon < end; o += stride) out.push(o);
    return out;
  }

  /** The model-space series: differenced (row 0 NaN then) and scaled. */
  modelSpace(raw: number[][]): number[][] {
    return differenced(raw, this.config.difference).map((row) => row.map((v, c) => this.scaler.transform(v, c)));
  }

  /** Inputs [N, L, inputs] for origins; targets [N, H·targets] too when every target row exists. */
  windows(raw: number[][], origins: number[]): { x: Float32Array; y: Float32Array | null } {
    const { lookback: L, horizon: H, inputs, targets, normalize } = this.config;
    const z = this.modelSpace(raw);
    const x = new Float32Array(origins.length * L * inputs.length);
    const withTargets = origins.every((o) => o + H < raw.length);
    const y = withTargets ? new Float32Array(origins.length * H * targets.length) : null;
    origins.forEach((o, n) => {
      if (o < this.firstOrigin || o >= raw.length) throw new ValueError(o < this.firstOrigin ? `row ${o + 1} has too little history for a prediction: it needs ${this.firstOrigin + 1} rows up to it (lookback ${L}${this.config.difference ? ' + 1 for differencing' : ''})` : `origin row ${o + 1} lies past the ${raw.length} rows of the data`);
      let i = n * L * inputs.length;
      for (let t = o - L + 1; t <= o; t++) {
        for (const f of inputs) x[i++] = z[t][f] - (normalize === 'window' ? z[o][f] : 0);
      }
      if (!y) return;
      let j = n * H * targets.length;
      for (let h = 1; h <= H; h++) for (const k of targets) y[j++] = z[o + h][k] - (normalize === 'window' ? z[this.reference(o, h)][k] : 0);
    });
    return { x, y };
  }

  /** The row a 'window' target at origin o, step h is relative to: the seasonal-naive row (≤ o). */
  private reference(o: number, h: number): number {
    const m = this.config.season;
    return m > 1 ? o + h - m * Math.ceil(h / m) : o;
  }

  /** The training windows of several series, concatenated: each series' windows stay inside it. */
  windowsOfMany(raws: number[][][], stride = 1): { x: Float32Array; y: Float32Array; count: number } {
    const parts = raws.map((raw) => this.windows(raw, this.origins(0, raw.length, stride)));
    const count = raws.reduce((n, raw) => n + this.origins(0, raw.length, stride).length, 0);
    const concat = (arrays: Float32Array[]) => {
      const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
      let o = 0;
      for (const a of arrays) { out.set(a, o); o += a.length; }
      return out;
    };
    return { x: concat(parts.map((p) => p.x)), y: concat(parts.map((p) => p.y ?? new Float32Array(0))), count };
  }

  /** Model outputs [N, H·targets] for `origins` → predictions in original units, [N][H][targets]. */
  inverse(raw: number[][], origins: number[], out: ArrayLike<number>): number[][][] {
    const { horizon: H, targets, normalize, difference } = this.config;
    const z = normalize === 'window' ? this.modelSpace(raw) : null;
    return origins.map((o, n) => {
      const level = targets.map((k) => raw[o][k]);
      const rows: number[][] = [];
      for (let h = 0; h < H; h++) {
        rows.push(targets.map((k, ki) => {
          let v = out[(n * H + h) * targets.length + ki];
          if (z) v += z[this.reference(o, h + 1)][k];
          const s = this.scaler.inverseTransform(v, k);
          if (!difference) return s;
          level[ki] += s; // integrate the predicted differences from the origin's value
          return level[ki];
        }));
      }
      return rows;
    });
  }
}

function differenced(raw: number[][], difference: boolean): number[][] {
  if (!difference) return raw;
  return raw.map((row, t) => row.map((v, c) => (t === 0 ? NaN : v - raw[t - 1][c])));
}
