// Selection rules of the automatic recipe compared offline on the JSON of bench/forecast_candidates.ts (every
// candidate's validation and test predictions): which combination of candidates each rule picks from the
// validation scores alone, and how it then does on the test rows (issue 13's protocol). Also the empirical
// coverage of conformal intervals built from the chosen combination's validation residuals, unscaled and
// locally scaled. Run: node dist/bench/forecast_rules.js candidates.json
import { readFileSync } from 'node:fs';
import { readCsv } from '../src/forecast/csv.js';
import { localScale } from '../src/forecast/ensemble.js';
import { SERIES, folders } from './forecast_series.js';

interface Entry {
  name: string; n: number; season: number; scale: number;
  validation: { origins: number[]; actual: number[]; preds: Record<string, number[]> };
  test: { origins: number[]; actual: number[]; preds: Record<string, number[]> };
}
const data = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Entry[];
const mae = (a: number[], p: number[]) => a.reduce((s, y, i) => s + Math.abs(p[i] - y), 0) / a.length;
const mean = (ps: number[][]) => ps[0].map((_, i) => ps.reduce((s, p) => s + p[i], 0) / ps.length);

type Rule = (val: Record<string, number[]>, actual: number[]) => { names: string[]; weights: number[] };
const byVal = (val: Record<string, number[]>, actual: number[]) => Object.keys(val).sort((a, b) => mae(actual, val[a]) - mae(actual, val[b]));
const uniform = (names: string[]) => ({ names, weights: names.map(() => 1 / names.length) });
const rules: Record<string, Rule> = {
  'best single': (v, a) => uniform(byVal(v, a).slice(0, 1)),
  'best of singles, top-2, top-3 means': (v, a) => {
    const r = byVal(v, a);
    const opts = [r.slice(0, 1), r.slice(0, 2), r.slice(0, 3)];
    let best = opts[0], err = Infinity;
    for (const o of opts) { const e = mae(a, mean(o.map((n) => v[n]))); if (e < err * (1 - 1e-9)) { err = e; best = o; } }
    return uniform(best);
  },
  'best of singles, top-2, top-3, all-but-naive means': (v, a) => {
    const r = byVal(v, a);
    const opts = [r.slice(0, 1), r.slice(0, 2), r.slice(0, 3), r.filter((n) => !n.includes('naive'))];
    let best = opts[0], err = Infinity;
    for (const o of opts) { const e = mae(a, mean(o.map((n) => v[n]))); if (e < err * (1 - 1e-9)) { err = e; best = o; } }
    return uniform(best);
  },
  'all-but-naive mean unless one is significantly better (paired t < -2)': (v, a) => {
    const all = Object.keys(v).filter((n) => !n.includes('naive'));
    const base = mean(all.map((n) => v[n]));
    const r = byVal(v, a);
    const opts = [r.slice(0, 1), r.slice(0, 2), r.slice(0, 3)];
    let best = all, bestT = -2;
    for (const o of opts) {
      const p = mean(o.map((n) => v[n]));
      const d = a.map((y, i) => Math.abs(p[i] - y) - Math.abs(base[i] - y));
      const m = d.reduce((s, x) => s + x, 0) / d.length;
      const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (d.length - 1));
      const t = m / (sd / Math.sqrt(d.length));
      if (t < bestT) { bestT = t; best = o; }
    }
    return uniform(best);
  },
  'top-2 mean': (v, a) => uniform(byVal(v, a).slice(0, 2)),
  'top-3 mean': (v, a) => uniform(byVal(v, a).slice(0, 3)),
  'mean of all but naive': (v) => uniform(Object.keys(v).filter((n) => !n.includes('naive'))),
  'mean of those beating naive on validation': (v, a) => {
    const naive = Math.min(...Object.keys(v).filter((n) => n.includes('naive')).map((n) => mae(a, v[n])));
    const good = byVal(v, a).filter((n) => !n.includes('naive') && mae(a, v[n]) < naive);
    return uniform(good.length ? good : byVal(v, a).slice(0, 1));
  },
  'mean of the better half': (v, a) => { const r = byVal(v, a); return uniform(r.slice(0, Math.ceil(r.length / 2))); },
  'inverse-MSE weights, top 3': (v, a) => {
    const names = byVal(v, a).slice(0, 3);
    const w = names.map((n) => 1 / (v[n].reduce((s, p, i) => s + (p - a[i]) ** 2, 0) / a.length));
    const t = w.reduce((s, x) => s + x, 0);
    return { names, weights: w.map((x) => x / t) };
  },
};
const combine = (preds: Record<string, number[]>, c: { names: string[]; weights: number[] }) => preds[c.names[0]].map((_, i) => c.names.reduce((s, n, k) => s + c.weights[k] * preds[n][i], 0));

for (const [rule, f] of Object.entries(rules)) {
  let wins = 0, sum = 0, cover80 = 0, cover95 = 0, total = 0, s80 = 0, s95 = 0;
  for (const e of data) {
    const c = f(e.validation.preds, e.validation.actual);
    const test = combine(e.test.preds, c);
    const err = mae(e.test.actual, test);
    const naive = Math.min(mae(e.test.actual, e.test.preds['naive']), e.test.preds['seasonal naive'] ? mae(e.test.actual, e.test.preds['seasonal naive']) : Infinity);
    if (err < naive) wins++;
    sum += err / e.scale;
    // unscaled split-conformal widths from the validation residuals of the same combination
    const res = e.validation.actual.map((y, i) => Math.abs(combine(e.validation.preds, c)[i] - y)).sort((a, b) => a - b);
    const q = (l: number) => res[Math.min(res.length, Math.ceil((res.length + 1) * l)) - 1];
    e.test.actual.forEach((y, i) => { const d = Math.abs(test[i] - y); cover80 += d <= q(0.8) ? 1 : 0; cover95 += d <= q(0.95) ? 1 : 0; total++; });
    // locally scaled (what autoTrain stores): residual / mean |y[t] − y[t−m]| over the last max(L, 2m) rows
    const [, , folder] = SERIES.find(([n]) => n === e.name)!;
    const raw = readCsv(readFileSync(new URL(`${e.name}.csv`, folders[folder]), 'utf8'), { columns: ['value'], missing: 'interpolate' }).values;
    const w = Math.max((e as unknown as { lookback: number }).lookback, 2 * e.season);
    const vp = combine(e.validation.preds, c);
    const sres = e.validation.actual.map((y, i) => Math.abs(vp[i] - y) / localScale(raw, e.validation.origins[i], 0, w, e.season)).sort((a, b) => a - b);
    const sq = (l: number) => sres[Math.min(sres.length, Math.ceil((sres.length + 1) * l)) - 1];
    e.test.actual.forEach((y, i) => { const d = Math.abs(test[i] - y); const sc = localScale(raw, e.test.origins[i], 0, w, e.season); s80 += d <= sq(0.8) * sc ? 1 : 0; s95 += d <= sq(0.95) * sc ? 1 : 0; });
  }
  console.log(`${rule.padEnd(38)} beats the better naive on ${wins} of ${data.length}; mean MASE ${(sum / data.length).toFixed(3)}; coverage 80 %/95 %: unscaled ${(100 * cover80 / total).toFixed(1)}/${(100 * cover95 / total).toFixed(1)} %, scaled ${(100 * s80 / total).toFixed(1)}/${(100 * s95 / total).toFixed(1)} %`);
}
for (const cand of Object.keys(data[0].test.preds)) {
  const has = data.filter((e) => e.test.preds[cand]);
  const wins = has.filter((e) => mae(e.test.actual, e.test.preds[cand]) < Math.min(mae(e.test.actual, e.test.preds['naive']), e.test.preds['seasonal naive'] ? mae(e.test.actual, e.test.preds['seasonal naive']) : Infinity)).length;
  console.log(`candidate ${cand.padEnd(28)} beats the better naive on ${wins} of ${has.length}; mean MASE ${(has.reduce((s, e) => s + mae(e.test.actual, e.test.preds[cand]) / e.scale, 0) / has.length).toFixed(3)}`);
}
