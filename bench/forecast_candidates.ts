// Every candidate of the automatic recipe on every series: its rolling-origin validation predictions (inside the
// training rows) and its test predictions (trained on all training rows; issue 13's protocol), written as JSON so
// that selection rules can be compared without retraining. Evidence for how `autoTrain` combines candidates.
// Run: npm run build && node dist/bench/forecast_candidates.js --json out.json [--series a,b] [--skip treering]
import { readFileSync, writeFileSync } from 'node:fs';
import { recipeOf, validateCandidates } from '../src/forecast/auto.js';
import { readCsv } from '../src/forecast/csv.js';
import { Forecaster } from '../src/forecast/forecaster.js';
import { actuals, maseScale } from '../src/forecast/metrics.js';
import { SERIES, folders } from './forecast_series.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = arg('series')?.split(',');
const skip = arg('skip')?.split(',') ?? [];
const seed = Number(arg('seed') ?? 42);
const out: Record<string, unknown>[] = [];
for (const [name, m, folder] of SERIES) {
  if ((only && !only.includes(name)) || skip.includes(name)) continue;
  const data = readCsv(readFileSync(new URL(`${name}.csv`, folders[folder]), 'utf8'), { columns: ['value'], missing: 'interpolate', source: name });
  const n = data.values.length;
  const trainEnd = n - Math.ceil(0.2 * n);
  const L = Math.min(Math.max(8, 2 * m), Math.floor(trainEnd / 4));
  const config = { target: 'value', lookback: L, season: m, seed };
  const t0 = performance.now();
  const v = await validateCandidates(data, config, { trainEnd });
  const origins: number[] = [];
  for (let o = trainEnd - 1; o + 1 < n; o++) origins.push(o);
  const test: Record<string, number[]> = {};
  for (const c of v.list) {
    const { forecaster } = await Forecaster.train(data, recipeOf(config, c, v.base.ensemble), { trainEnd });
    test[c.name] = forecaster.predict(data.values, origins).map((p) => p[0][0]);
  }
  out.push({
    name, n, season: m, lookback: L, trainEnd, scale: maseScale(data.values, trainEnd, [0], m),
    validation: { origins: v.origins, actual: v.actual.map((p) => p[0][0]), preds: Object.fromEntries([...v.preds].map(([k, p]) => [k, p.map((q) => q[0][0])])) },
    test: { origins, actual: actuals(data.values, origins, 1, [0]).map((p) => p[0][0]), preds: test },
    seconds: (performance.now() - t0) / 1000,
  });
  console.log(`${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  writeFileSync(arg('json') ?? 'candidates.json', JSON.stringify(out));
}
