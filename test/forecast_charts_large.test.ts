// Charts and scalers on data-sized and awkward input: 300k points (Math.min(...values) overflowed the call stack
// past ~125k), non-finite and ±1e308 values, constant series on a log axis, integer epoch ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extent } from '../src/forecast/extent.js';
import { lineChartSvg, lossCurvesSvg } from '../src/forecast/plot.js';
import { Pipeline } from '../src/forecast/pipeline.js';
import { MinMaxScaler } from '../src/forecast/scalers.js';

const N = 300_000;
const series = Array.from({ length: N }, (_, t) => 5 + Math.sin(t / 1000) + (t === 123_456 ? 10 : 0) - (t === 7 ? 20 : 0));

/** The numbers of every polyline's points; each must be finite and inside the width × height box. */
function polylinePoints(svg: string, width: number, height: number): number[][] {
  const lines = [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(' ').filter(Boolean).map((p) => p.split(',').map(Number)));
  for (const line of lines) for (const [x, y] of line) assert.ok(x >= 0 && x <= width && y >= 0 && y <= height, `point ${x},${y} inside the chart`);
  return lines.flat();
}

test('300k values: extent, MinMaxScaler, a global-normalized Pipeline and lineChartSvg', () => {
  assert.deepEqual(extent(series), [series[7], series[123_456]]);
  assert.deepEqual(extent([]), [Infinity, -Infinity]);
  assert.deepEqual(extent([1, NaN, 3]), [NaN, NaN], 'NaN in, NaN out, as Math.min');
  const rows = series.map((v, t) => [v, t]);
  const mm = new MinMaxScaler(rows);
  assert.equal(mm.transform(series[7], 0), 0);
  assert.equal(mm.transform(series[123_456], 0), 1);
  assert.equal(mm.transform(N - 1, 1), 1);
  const p = Pipeline.fit(rows, N, { lookback: 3, horizon: 1, inputs: [0], targets: [0], normalize: 'global', difference: false, season: 1 });
  assert.ok(p, 'Pipeline.fit with normalize global on 300k rows');
  const svg = lineChartSvg({ title: 'big', series: [{ name: 'v', x: series.map((_, t) => t), y: series }], width: 800, height: 420 });
  assert.equal(polylinePoints(svg, 800, 420).length, N);
});

test('lineChartSvg: non-finite values are left out; ±1e308 and constant series give finite coordinates', () => {
  const x = [0, 1, 2, 3, 4];
  const mixed = lineChartSvg({ title: 't', series: [{ name: 'v', x, y: [1, NaN, Infinity, -Infinity, 3] }] });
  assert.equal(polylinePoints(mixed, 800, 420).length, 2);
  assert.doesNotMatch(mixed, /NaN|Infinity/);
  for (const y of [[1e308, -1e308, 1e308, 0, 5], [1e308, 1e308, 1e308, 1e308, 1e308], [0, 0, 0, 0, 0], [-Number.MAX_VALUE, Number.MAX_VALUE, 0, 1, 2], [7, 7, 7, 7, 7]]) {
    const svg = lineChartSvg({ title: 't', series: [{ name: 'v', x, y }] });
    assert.doesNotMatch(svg, /NaN|Infinity/, `y = ${y}`);
    assert.equal(polylinePoints(svg, 800, 420).length, 5, `y = ${y}`);
  }
  assert.throws(() => lineChartSvg({ title: 't', series: [{ name: 'v', x, y: x.map(() => NaN) }] }), /a chart needs at least one series with a finite point/);
});

test('loss curves: integer epoch ticks; a log axis falls back to linear for zeros or a constant loss', () => {
  const xTicks = (svg: string) => [...svg.matchAll(/y="386" text-anchor="middle">([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(xTicks(lossCurvesSvg({ loss: [0.5, 0.4, 0.3] })), ['1', '2', '3']);
  for (const loss of [[0, 0, 0], [0.25, 0.25, 0.25], [0.3, 0, 0.1]]) {
    const svg = lossCurvesSvg({ loss });
    const yTicks = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => Number(m[1]));
    assert.ok(yTicks.length >= 2 && yTicks.every((v) => Number.isFinite(v) && Math.abs(v) < 10), `loss ${loss}: ticks ${yTicks}`);
    assert.ok(yTicks.some((v, i) => i > 0 && Math.abs(v - yTicks[i - 1] - (yTicks[1] - yTicks[0])) < 1e-12), 'evenly spaced (linear)');
    polylinePoints(svg, 800, 420);
  }
});
