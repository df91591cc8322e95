// Forecast results as a terminal table, JSON or CSV (the CLI's output formats).
import type { Comparison, PredictionRow } from './backtest.js';
import type { SelectionReport } from './ensemble.js';
import { futureDates, inferFrequency, parseDates } from './dates.js';

export function comparisonTable(c: Comparison): string {
  const header = ['method', 'RMSE', 'MAE', 'MAPE %', 'sMAPE %', 'MASE'];
  const rows = c.scores.map((s) => [s.method, ...[s.metrics.rmse, s.metrics.mae, s.metrics.mape, s.metrics.smape, s.metrics.mase].map((v) => (Number.isFinite(v) ? v.toPrecision(4) : '—'))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  const skill = Object.entries(c.skill).map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(3)}`).join(', ');
  const intervals = (c.intervals ?? []).map((i) => `${Math.round(i.level * 100)} % interval: covers ${(100 * i.coverage).toFixed(1)} % of the points, mean width ${i.width.toPrecision(4)}`);
  return [line(header), ...rows.map(line), '', `skill of the model (1 − RMSE ratio) vs ${skill}`, `${c.origins} forecast origins scored`, ...intervals].join('\n');
}

/** The automatic recipe's validation: every candidate's score, the chosen one marked. */
export function selectionTable(s: SelectionReport): string {
  const rows = s.scores.map((c) => [c.name === s.chosen ? `* ${c.name}` : `  ${c.name}`, c.mae.toPrecision(4), c.mase.toFixed(3), c.t === undefined ? '' : Number.isFinite(c.t) ? c.t.toFixed(2) : '—']);
  const head = ['  candidate', 'val MAE', 'val MASE', 't vs mean'];
  const widths = [0, 1, 2, 3].map((i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [
    `automatic recipe: rolling-origin validation on the last ${s.validationRows} training rows (${s.folds} folds, seed ${s.seed})`,
    line(head), ...rows.map(line),
    `chosen: ${s.chosen}${s.members && s.members.length > 1 ? ` = mean of ${s.members.join(', ')}` : ''}`,
    '(the mean of all fitted candidates unless a single one or a top-2/3 mean is clearly better: t < −2)',
  ].join('\n');
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? JSON.stringify(v) : v);

/** Every scored point as CSV: time, row, step, target, actual, each method, then lower/upper per interval level. */
export function predictionsCsv(rows: PredictionRow[]): string {
  if (rows.length === 0) return 'time,row,step,target,actual\n';
  const methods = Object.keys(rows[0].predictions);
  const levels = Object.keys(rows[0].bounds);
  const header = ['time', 'row', 'step', 'target', 'actual', ...methods, ...levels.flatMap((l) => [`lower ${l}`, `upper ${l}`])];
  const body = rows.map((r) => [r.time ?? '', String(r.row + 1), String(r.step), r.target, String(r.actual), ...methods.map((m) => String(r.predictions[m])), ...levels.flatMap((l) => r.bounds[l].map(String))].map(csvCell).join(','));
  return [header.map(csvCell).join(','), ...body].join('\n') + '\n';
}

export function comparisonCsv(c: Comparison): string {
  return ['method,rmse,mae,mape,smape,mase', ...c.scores.map((s) => [JSON.stringify(s.method), s.metrics.rmse, s.metrics.mae, s.metrics.mape, s.metrics.smape, s.metrics.mase].join(','))].join('\n') + '\n';
}

/** Interval bounds of a forecast: per level, lower and upper [steps][targets]. */
export interface ForecastBounds {
  level: number;
  lower: number[][];
  upper: number[][];
}

const boundColumns = (targets: string[], bounds: ForecastBounds[]) => bounds.flatMap((b) => targets.flatMap((t) => [`${t} lower ${Math.round(b.level * 1000) / 10}%`, `${t} upper ${Math.round(b.level * 1000) / 10}%`]));
const boundValues = (bounds: ForecastBounds[], i: number, targets: string[]) => bounds.flatMap((b) => targets.flatMap((_, k) => [b.lower[i][k], b.upper[i][k]]));

export function forecastTable(labels: string[], targets: string[], values: number[][], bounds: ForecastBounds[] = []): string {
  const header = ['time', ...targets, ...boundColumns(targets, bounds)];
  const rows = values.map((v, i) => [labels[i], ...[...v, ...boundValues(bounds, i, targets)].map((x) => x.toPrecision(6))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((v, i) => v.padStart(widths[i])).join('  ')).join('\n');
}

export function forecastCsv(labels: string[], targets: string[], values: number[][], bounds: ForecastBounds[] = []): string {
  return [['time', ...targets, ...boundColumns(targets, bounds)].map(csvCell).join(','), ...values.map((v, i) => [labels[i], ...v, ...boundValues(bounds, i, targets)].join(','))].join('\n') + '\n';
}

/**
 * Time labels after the last one: dates continue at their inferred frequency in the same granularity
 * ("2024-12" → "2025-01"), numeric and evenly spaced labels continue their step, others count steps (+1, +2, …).
 */
export function futureLabels(time: string[] | null, steps: number): string[] {
  const dates = time && time.length >= 2 ? parseDates(time) : null;
  if (dates && inferFrequency(dates.ms)) return futureDates(dates, steps);
  const last = time?.slice(-2).map(Number);
  if (last && last.length === 2 && last.every(Number.isFinite) && last[1] > last[0]) {
    const step = last[1] - last[0];
    return Array.from({ length: steps }, (_, i) => String(Number((last[1] + step * (i + 1)).toPrecision(10))));
  }
  return Array.from({ length: steps }, (_, i) => `+${i + 1}`);
}
