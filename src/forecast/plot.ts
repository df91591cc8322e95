// Line charts as SVG (written here: a few polylines, axes with round ticks and a legend; PNG through png.ts,
// resvg in WebAssembly). Charts: training / validation loss per epoch, and actual values against forecasts and a
// baseline. Pure string building: runs in Node and in a browser.
import { ValueError } from '../errors.js';
import { extent } from './extent.js';
import { svgToPng } from './png.js';

export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  color?: string;
  dashed?: boolean;
  /** A shaded band drawn under the line (prediction intervals): lower and upper y at each x. */
  band?: { lower: number[]; upper: number[] }[];
}

export interface ChartOptions {
  title: string;
  xLabel?: string;
  yLabel?: string;
  series: LineSeries[];
  width?: number;
  height?: number;
  /** Logarithmic y axis (loss curves); linear when a value is ≤ 0 or all values are equal. */
  logY?: boolean;
  /** x ticks only at integers (epochs). Default false. */
  integerX?: boolean;
  /** Text of an x tick (default: the number, rounded); e.g. a date for x in milliseconds. */
  xFormat?: (x: number) => string;
  /** Positions of the x ticks for the range [lo, hi] (default: about 6 round numbers). */
  xTicks?: (lo: number, hi: number) => number[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const escape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** About `count` round tick values covering [lo, hi] (finite; halves keep ±1e308 ranges from overflowing). */
function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = hi / count - lo / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  // by index, not `v += step`: near 1e17 adding a small step may not change v
  const first = Math.ceil(lo / step) * step;
  for (let k = 0; k <= 4 * count; k++) {
    const v = 2 * (first / 2 + k * (step / 2)); // halves: no overflow within ±1.8e308
    if (!(v <= hi || v - hi <= step * 1e-9)) break; // not hi + step·1e-9: that is Infinity at 1.8e308
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

/** Log-axis ticks between 10^lo and 10^hi (exponents): powers of ten, with 2 and 5 between when few decades. */
function logTicks(lo: number, hi: number): number[] {
  const decades = hi - lo;
  const mantissas = decades <= 1.5 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
  const stride = Math.max(1, Math.ceil(decades / 8));
  const out: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    if (mantissas.length === 1 && e % stride !== 0) continue;
    for (const m of mantissas) {
      const t = Math.log10(m) + e;
      if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(t);
    }
  }
  // less than a factor of ~3: round values of the linear scale, placed logarithmically
  return out.length >= 2 ? out : ticks(10 ** lo, 10 ** hi, 4).filter((v) => v > 0).map(Math.log10);
}

/** A range with room: equal ends are spread by 10 % of the value (1 around 0), kept finite. */
function widen(lo: number, hi: number): [number, number] {
  if (hi > lo) return [lo, hi];
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [Math.max(lo - d, -Number.MAX_VALUE), Math.min(hi + d, Number.MAX_VALUE)];
}

const label = (v: number) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(6))));

/**
 * A line chart as SVG text. Points whose x or y is not finite (NaN, ±Infinity) are left out of the lines and the
 * axes; any finite values are allowed (±1e308 too). Throws ValueError when no series has a finite point.
 */
export function lineChartSvg(options: ChartOptions): string {
  const { title, xLabel = '', yLabel = '', width = 800, height = 420 } = options;
  const finite = (s: LineSeries, k: number) => Number.isFinite(s.x[k]) && Number.isFinite(s.y[k]);
  const series = options.series.filter((s) => s.x.some((_, k) => finite(s, k)));
  if (series.length === 0) throw new ValueError(`a chart needs at least one series with a finite point, got ${options.series.length === 0 ? 'no series' : 'no finite (x, y) in any series'}`);
  const rawYs = series.flatMap((s) => [...s.y, ...(s.band ?? []).flatMap((b) => [...b.lower, ...b.upper])].filter(Number.isFinite));
  const [ry0, ry1] = extent(rawYs);
  // a log axis needs positive values that differ
  const logY = (options.logY ?? false) && ry0 > 0 && ry1 > ry0;
  const fy = (v: number) => (logY ? Math.log10(v) : v);
  let [x0, x1] = extent(series.flatMap((s) => s.x.filter(Number.isFinite)));
  let [y0, y1] = [fy(ry0), fy(ry1)];
  [x0, x1] = widen(x0, x1);
  [y0, y1] = widen(y0, y1);
  const pad = y1 * 0.05 - y0 * 0.05;
  [y0, y1] = [Math.max(y0 - pad, -Number.MAX_VALUE), Math.min(y1 + pad, Number.MAX_VALUE)];
  const yTicks = logY ? logTicks(y0, y1) : ticks(y0, y1);
  const yLabels = yTicks.map((t) => label(logY ? Number((10 ** t).toPrecision(3)) : t));
  // room for the longest tick label (≈ 7 px a character at 12 px) and the rotated axis title left of it
  const m = { left: Math.max(70, 34 + 7 * yLabels.reduce((n, l) => Math.max(n, l.length), 0)), right: 20, top: 40, bottom: 50 };
  // positions from halves, so that a range of ±1e308 does not overflow to Infinity
  const frac = (v: number, lo: number, hi: number) => (v / 2 - lo / 2) / (hi / 2 - lo / 2);
  const xText = options.xFormat ?? label;
  const px = (x: number) => m.left + frac(x, x0, x1) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - frac(fy(y), y0, y1) * (height - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`,
  ];
  const xTicks = (options.xTicks ?? ticks)(x0, x1).filter((t) => !options.integerX || Number.isInteger(t));
  for (const t of xTicks) {
    parts.push(`<line x1="${px(t)}" y1="${m.top}" x2="${px(t)}" y2="${height - m.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${px(t)}" y="${height - m.bottom + 16}" text-anchor="middle">${escape(xText(t))}</text>`);
  }
  yTicks.forEach((t, i) => {
    const y = height - m.bottom - frac(t, y0, y1) * (height - m.top - m.bottom);
    parts.push(`<line x1="${m.left}" y1="${y}" x2="${width - m.right}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y + 4}" text-anchor="end">${yLabels[i]}</text>`);
  });
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${width / 2}" y="${height - 12}" text-anchor="middle">${escape(xLabel)}</text>`);
  parts.push(`<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">${escape(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    for (const b of s.band ?? []) {
      const ks = s.x.map((_, k) => k).filter((k) => Number.isFinite(s.x[k]) && Number.isFinite(b.lower[k]) && Number.isFinite(b.upper[k]));
      const edge = [...ks.map((k) => `${px(s.x[k]).toFixed(1)},${py(b.upper[k]).toFixed(1)}`), ...ks.map((k) => `${px(s.x[k]).toFixed(1)},${py(b.lower[k]).toFixed(1)}`).reverse()];
      parts.push(`<polygon points="${edge.join(' ')}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    }
    const vertices = s.x.map((x, k) => (finite(s, k) ? `${px(x).toFixed(1)},${py(s.y[k]).toFixed(1)}` : '')).filter(Boolean);
    const points = vertices.join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    // a line needs two points: a lone value (a first epoch) is drawn as a dot
    if (vertices.length === 1) {
      const [cx, cy] = vertices[0].split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`);
    }
    const ly = m.top + 14 + i * 16;
    parts.push(`<line x1="${m.left + 10}" y1="${ly - 4}" x2="${m.left + 34}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${m.left + 40}" y="${ly}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Training and validation loss per epoch (log scale). */
export function lossCurvesSvg(history: Record<string, number[]>, title = 'Training loss'): string {
  const epochs = (history.loss ?? []).map((_, i) => i + 1);
  const series: LineSeries[] = [{ name: 'loss', x: epochs, y: history.loss ?? [] }];
  if (history.val_loss) series.push({ name: 'val_loss', x: epochs, y: history.val_loss });
  return lineChartSvg({ title, xLabel: 'epoch', yLabel: 'loss (MSE, model space)', series, logY: true, integerX: true });
}

/** Writes a chart as .svg or .png by the file's extension (atomically). Node only. */
export async function writeChart(path: string, svg: string): Promise<void> {
  const { writeFileAtomic } = await import('../io/files.js');
  if (/\.png$/i.test(path)) await writeFileAtomic(path, await svgToPng(svg));
  else if (/\.svg$/i.test(path)) await writeFileAtomic(path, new TextEncoder().encode(svg));
  else throw new ValueError(`${path}: a plot file must end in .svg or .png`);
}
