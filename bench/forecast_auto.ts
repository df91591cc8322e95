// The automatic recipe against today's default recipe and the baselines on real series (examples/data and the
// extra shared series), by the protocol of issue 13: the last ⌈0.2·n⌉ rows are the test period; each model is
// fitted once on the rows before it (the automatic recipe validates inside those rows only), then one-step-ahead
// forecasts over the test rows use the true history (no refit); MASE = MAE / mean |y[j] − y[j−m]| over the
// training rows. "beats" = lower MAE. Also the empirical coverage and width of the 80 % and 95 % conformal
// intervals on the test rows.
// Run: npm run bench:auto [-- --series a,b] [--skip treering] [--seed 42] [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { trainRecipe } from '../src/forecast/auto.js';
import { compare } from '../src/forecast/backtest.js';
import { readCsv } from '../src/forecast/csv.js';
import type { Ensemble } from '../src/forecast/ensemble.js';
import { SERIES, folders } from './forecast_series.js';
import { machine } from './util.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = arg('series')?.split(',');
const skip = arg('skip')?.split(',') ?? [];
const seed = Number(arg('seed') ?? 42);

console.log(`automatic recipe vs today's default — ${machine()}, seed ${seed}`);
console.log('MASE on the test rows (last ⌈0.2·n⌉, one step ahead, true history); ✓ = lower MAE than the better of naive / seasonal naive\n');
console.log('| series | n | m | L | test | auto (chosen) | auto | today\'s default | naive | seasonal naive | linear AR | 80 % cover / width | 95 % cover / width | time |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const out: Record<string, unknown>[] = [];
for (const [name, m, folder] of SERIES) {
  if ((only && !only.includes(name)) || skip.includes(name)) continue;
  const data = readCsv(readFileSync(new URL(`${name}.csv`, folders[folder]), 'utf8'), { columns: ['value'], missing: 'interpolate', source: name });
  const n = data.values.length;
  const test = Math.ceil(0.2 * n);
  const trainEnd = n - test;
  const L = Math.min(Math.max(8, 2 * m), Math.floor(trainEnd / 4));
  const config = { target: 'value', lookback: L, season: m, seed };
  const t0 = performance.now();
  const auto = (await trainRecipe(data, { ...config, recipe: 'auto' }, { trainEnd })) as Ensemble;
  const a = compare(auto, data, trainEnd);
  const today = await trainRecipe(data, { ...config, recipe: 'manual' }, { trainEnd });
  const d = compare(today, data, trainEnd);
  const score = (c: typeof a, prefix: string) => c.scores.find((s) => s.method.startsWith(prefix))?.metrics;
  const naive = score(a, 'naive')!, snaive = score(a, 'seasonal'), ar = score(a, 'linear')!;
  const bestNaive = Math.min(naive.mae, snaive?.mae ?? Infinity);
  const am = a.scores[0].metrics, dm = d.scores[0].metrics;
  const tick = (mae: number) => (mae < bestNaive ? ' ✓' : '');
  const iv = (l: number) => {
    const s = a.intervals?.find((x) => x.level === l);
    return s ? `${(100 * s.coverage).toFixed(0)} % / ${s.width.toPrecision(3)}` : '—';
  };
  const secs = (performance.now() - t0) / 1000;
  console.log(`| ${name} | ${n} | ${m} | ${L} | ${test} | ${auto.name} | ${am.mase.toFixed(3)}${tick(am.mae)} | ${dm.mase.toFixed(3)}${tick(dm.mae)} | ${naive.mase.toFixed(3)} | ${snaive ? snaive.mase.toFixed(3) : '—'} | ${ar.mase.toFixed(3)}${tick(ar.mae)} | ${iv(0.8)} | ${iv(0.95)} | ${secs.toFixed(0)} s |`);
  out.push({
    name, n, season: m, lookback: L, test, chosen: auto.name, selection: auto.selection, auto: am, today: dm, naive, seasonalNaive: snaive ?? null, linearAR: ar,
    bestNaiveMae: bestNaive, intervals: a.intervals, testPoints: a.origins, seconds: secs,
  });
}
type Row = { auto: { mae: number; mase: number }; today: { mae: number; mase: number }; linearAR: { mae: number; mase: number }; bestNaiveMae: number; testPoints: number; intervals?: { level: number; coverage: number }[] };
const rows = out as unknown as Row[];
const wins = (k: 'auto' | 'today' | 'linearAR') => rows.filter((r) => r[k].mae < r.bestNaiveMae).length;
const meanMase = (k: 'auto' | 'today' | 'linearAR') => rows.reduce((s, r) => s + r[k].mase, 0) / rows.length;
console.log(`\nbeats the better naive: auto ${wins('auto')} of ${rows.length}, today's default ${wins('today')}, linear AR ${wins('linearAR')}`);
console.log(`mean MASE: auto ${meanMase('auto').toFixed(3)}, today's default ${meanMase('today').toFixed(3)}, linear AR ${meanMase('linearAR').toFixed(3)}`);
for (const level of [0.8, 0.95]) {
  let inside = 0, total = 0;
  for (const r of rows) { const s = r.intervals?.find((x) => x.level === level); if (s) { inside += s.coverage * r.testPoints; total += r.testPoints; } }
  console.log(`${level * 100} % intervals: pooled coverage ${(100 * inside / total).toFixed(1)} % of ${total} test points`);
}
const json = arg('json');
if (json) writeFileSync(json, JSON.stringify(out, null, 1));
