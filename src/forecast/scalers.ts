// Scalers fitted on training data only (scikit-learn's MinMaxScaler and StandardScaler, per column):
// transform / inverseTransform invert each other exactly up to float64 rounding; both serialize to JSON so a
// saved forecaster carries them.
import { ValueError } from '../errors.js';
import { extent } from './extent.js';

export interface ScalerState {
  kind: 'minmax' | 'standard' | 'identity';
  /** Per column: value ↦ (value − offset) / scale. */
  offset: number[];
  scale: number[];
}

export class Scaler {
  constructor(readonly state: ScalerState) {}

  transform(value: number, column: number): number {
    return (value - this.state.offset[column]) / this.state.scale[column];
  }

  inverseTransform(value: number, column: number): number {
    return value * this.state.scale[column] + this.state.offset[column];
  }

  /** Applies transform to every row of a T × F table. */
  transformRows(rows: number[][]): number[][] {
    return rows.map((r) => r.map((v, c) => this.transform(v, c)));
  }

  inverseTransformRows(rows: number[][]): number[][] {
    return rows.map((r) => r.map((v, c) => this.inverseTransform(v, c)));
  }

  toJSON(): ScalerState {
    return this.state;
  }

  static fromJSON(state: ScalerState): Scaler {
    if (!state || !Array.isArray(state.offset) || !Array.isArray(state.scale) || state.offset.length !== state.scale.length) throw new ValueError('malformed scaler state');
    return new Scaler(state);
  }
}

function columns(rows: number[][]): number[][] {
  if (rows.length === 0) throw new ValueError('a scaler needs at least one row to fit');
  return rows[0].map((_, c) => rows.map((r) => r[c]));
}

/** Maps each column's training range onto [min, max] (default [0, 1]); a constant column maps to min. */
export class MinMaxScaler extends Scaler {
  constructor(rows: number[][], range: [number, number] = [0, 1]) {
    const cols = columns(rows);
    const ranges = cols.map(extent), lo = ranges.map((r) => r[0]), hi = ranges.map((r) => r[1]);
    const width = range[1] - range[0];
    const scale = lo.map((l, i) => (hi[i] - l === 0 ? 1 : (hi[i] - l) / width));
    super({ kind: 'minmax', offset: lo.map((l, i) => l - range[0] * scale[i]), scale });
  }
}

/** Zero mean, unit (population) standard deviation per column; a constant column gets scale 1. */
export class StandardScaler extends Scaler {
  constructor(rows: number[][]) {
    const cols = columns(rows);
    const mean = cols.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
    const std = cols.map((c, i) => Math.sqrt(c.reduce((s, v) => s + (v - mean[i]) ** 2, 0) / c.length));
    super({ kind: 'standard', offset: mean, scale: std.map((s) => (s === 0 ? 1 : s)) });
  }
}

/** No scaling (the 'none' normalization). */
export function identityScaler(width: number): Scaler {
  return new Scaler({ kind: 'identity', offset: new Array(width).fill(0), scale: new Array(width).fill(1) });
}
