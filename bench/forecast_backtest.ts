// Walk-forward backtests of forecasting recipes on the shipped series (examples/data), against the naive,
// seasonal-naive and linear-AR baselines: the evidence behind the default recipe (docs/FORECASTING.md).
// Run: npm run build && node dist/bench/forecast_backtest.js [--recipes default,global,no-difference] [--series a,b]
// Each series uses lookback max(8, 2·season), horizon 1, 4 folds over the last 20 %, expanding origin, refit.
import { readFileSync } from 'node:fs';
import { backtest } from '../src/forecast/backtest.js';
import { readCsv } from '../src/forecast/csv.js';
import type { ForecastConfig } from '../src/forecast/forecaster.js';
import { machine } from './util.js';

const SERIES: [string, number][] = [
  ['us_accidental_deaths', 12], ['uk_gas', 4], ['johnson_johnson', 4], ['australian_residents', 4],
  ['lake_huron', 1], ['new_haven_temperature', 1], ['www_usage', 1], ['treering', 1],
];
const RECIPES: Record<string, Partial<ForecastConfig>> = {
  default: {},
  'no-difference': { difference: false },
  global: { normalize: 'global', difference: false },
  'global+difference': { normalize: 'global' },
  'single-network': { ensemble: 1 },
};

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const recipes = (arg('recipes') ?? 'default,no-difference,global').split(',');
const series = arg('series')?.split(',') ?? SERIES.map(([s]) => s);
const dataDir = new URL('../../examples/data/', import.meta.url);

console.log(`forecast backtests — ${machine()}`);
console.log('RMSE of the network and the baselines; skill = 1 − RMSE(network)/RMSE(baseline)\n');
for (const recipe of recipes) {
  if (!RECIPES[recipe]) throw new Error(`unknown recipe ${recipe}; known: ${Object.keys(RECIPES).join(', ')}`);
  console.log(`recipe '${recipe}': ${JSON.stringify(RECIPES[recipe])}`);
  console.log('| series | rows | network | naive | seasonal naive | linear AR | skill vs best naive | skill vs AR | time |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  let wins = 0, arWins = 0, n = 0;
  for (const [name, season] of SERIES.filter(([s]) => series.includes(s))) {
    const data = readCsv(readFileSync(new URL(`${name}.csv`, dataDir), 'utf8'), { columns: ['value'], source: name });
    const t0 = performance.now();
    const r = await backtest(data, { target: 'value', lookback: Math.max(8, 2 * season), season, ...RECIPES[recipe] }, { folds: 4 });
    const rmse = (prefix: string) => r.scores.find((s) => s.method.startsWith(prefix))?.metrics.rmse.toPrecision(4) ?? '—';
    const ar = Object.keys(r.skill).find((k) => k.startsWith('linear'))!;
    const skill = r.skill['best naive'];
    n++;
    if (skill > 0) wins++;
    if (r.skill[ar] > 0) arWins++;
    console.log(`| ${name} | ${data.values.length} | ${rmse('network')} | ${rmse('naive')} | ${rmse('seasonal')} | ${rmse('linear')} | ${skill.toFixed(3)} | ${r.skill[ar].toFixed(3)} | ${((performance.now() - t0) / 1000).toFixed(1)} s |`);
  }
  console.log(`\nbeats the better of naive / seasonal naive on ${wins} of ${n}; beats linear AR on ${arWins} of ${n}\n`);
}
