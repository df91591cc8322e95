// Forecast results as a terminal table, JSON or CSV (the CLI's output formats).
import type { Comparison } from './backtest.js';
import { futureDates, inferFrequency, parseDates } from './dates.js';

export function comparisonTable(c: Comparison): string {
  const header = ['method', 'RMSE', 'MAE', 'MAPE %', 'sMAPE %', 'MASE'];
  const rows = c.scores.map((s) => [s.method, ...[s.metrics.rmse, s.metrics.mae, s.metrics.mape, s.metrics.smape, s.metrics.mase].map((v) => (Number.isFinite(v) ? v.toPrecision(4) : '—'))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  const skill = Object.entries(c.skill).map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(3)}`).join(', ');
  return [line(header), ...rows.map(line), '', `skill of the network (1 − RMSE ratio) vs ${skill}`, `${c.origins} forecast origins scored`].join('\n');
}

export function comparisonCsv(c: Comparison): string {
  return ['method,rmse,mae,mape,smape,mase', ...c.scores.map((s) => [JSON.stringify(s.method), s.metrics.rmse, s.metrics.mae, s.metrics.mape, s.metrics.smape, s.metrics.mase].join(','))].join('\n') + '\n';
}

export function forecastTable(labels: string[], targets: string[], values: number[][]): string {
  const header = ['time', ...targets];
  const rows = values.map((v, i) => [labels[i], ...v.map((x) => x.toPrecision(6))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((v, i) => v.padStart(widths[i])).join('  ')).join('\n');
}

export function forecastCsv(labels: string[], targets: string[], values: number[][]): string {
  return [['time', ...targets].join(','), ...values.map((v, i) => [labels[i], ...v].join(','))].join('\n') + '\n';
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
