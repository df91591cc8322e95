// Walk-forward backtests of forecasting recipes on the shipped series (examples/data), against the naive,
// seasonal-naive and linear-AR baselines: the evidence behind the default recipe (docs/FORECASTING.md).
// Run: npm run build && node dist/bench/forecast_backtest.js [--recipes default,global,no-difference,auto] [--series a,b]
// (auto also reports the empirical coverage of its 80 % and 95 % conformal intervals over the folds)
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
const RECIPES: Record<string, Partial<ForecastConfig> & { recipe?: string }> = {
  default: {},
  'no-difference': { difference: false },
  global: { normalize: 'global', difference: false },
  'global+difference': { normalize: 'global' },
  'single-network': { ensemble: 1 },
  auto: { recipe: 'auto' },
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
  console.log('| series | rows | model | naive | seasonal naive | linear AR | skill vs best naive | skill vs AR | 80 % cover | 95 % cover | time |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  let wins = 0, arWins = 0, n = 0;
  const cover: Record<number, [number, number]> = { 0.8: [0, 0], 0.95: [0, 0] };
  for (const [name, season] of SERIES.filter(([s]) => series.includes(s))) {
    const data = readCsv(readFileSync(new URL(`${name}.csv`, dataDir), 'utf8'), { columns: ['value'], source: name });
    const t0 = performance.now();
    const r = await backtest(data, { target: 'value', lookback: Math.max(8, 2 * season), season, ...RECIPES[recipe] }, { folds: 4 });
    const cov = (l: number) => {
      const s = r.intervals?.find((i) => i.level === l);
      if (!s) return '—';
      cover[l][0] += s.coverage * r.origins;
      cover[l][1] += r.origins;
      return `${(100 * s.coverage).toFixed(0)} %`;
    };
    const rmse = (prefix: string) => r.scores.find((s) => s.method.startsWith(prefix))?.metrics.rmse.toPrecision(4) ?? '—';
    const model = r.scores[0].metrics.rmse.toPrecision(4);
    const ar = Object.keys(r.skill).find((k) => k.startsWith('linear'))!;
    const skill = r.skill['best naive'];
    n++;
    if (skill > 0) wins++;
    if (r.skill[ar] > 0) arWins++;
    console.log(`| ${name} | ${data.values.length} | ${model} | ${rmse('naive')} | ${rmse('seasonal')} | ${rmse('linear')} | ${skill.toFixed(3)} | ${r.skill[ar].toFixed(3)} | ${cov(0.8)} | ${cov(0.95)} | ${((performance.now() - t0) / 1000).toFixed(1)} s |`);
  }
  console.log(`\nbeats the better of naive / seasonal naive on ${wins} of ${n}; beats linear AR on ${arWins} of ${n}`);
  for (const l of [0.8, 0.95]) if (cover[l][1] > 0) console.log(`${l * 100} % intervals cover ${(100 * cover[l][0] / cover[l][1]).toFixed(1)} % of ${cover[l][1]} held-out points`);
  console.log('');
}
