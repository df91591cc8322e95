// Keras-style model summary table (Keras 3 `model.summary()`), returned as a string.
import type { Layer } from '../layers/layer.js';

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtBytes(n: number): string {
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(2)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KB`;
  return `${n.toFixed(2)} B`;
}

export function summarize(name: string, layers: readonly Layer[]): string {
  const rows = layers.map((l) => [
    `${l.name} (${l.getClassName()})`,
    l.outputShape ? `(None, ${l.outputShape.join(', ')})` : '?',
    l.built ? fmtCount(l.countParams()) : '0 (unbuilt)',
  ]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const w = [33, 24, 15].map((min, i) => Math.max(min, header[i].length + 2, ...rows.map((r) => r[i].length + 2)));
  const cell = (s: string, i: number) => (i === 2 ? ` ${s.padStart(w[i] - 2)} ` : ` ${s.padEnd(w[i] - 2)} `);
  const line = (l: string, m: string, r: string, fill: string) => l + w.map((x) => fill.repeat(x)).join(m) + r;
  const out = [`Model: "${name}"`, line('┏', '┳', '┓', '━'), '┃' + header.map(cell).join('┃') + '┃', line('┡', '╇', '┩', '━')];
  rows.forEach((r, i) => {
    out.push('│' + r.map(cell).join('│') + '│');
    out.push(i < rows.length - 1 ? line('├', '┼', '┤', '─') : line('└', '┴', '┘', '─'));
  });
  if (rows.length === 0) out.push(line('└', '┴', '┘', '─'));
  const total = layers.reduce((n, l) => n + (l.built ? l.countParams() : 0), 0);
  const trainable = layers.reduce((n, l) => n + (l.built && l.trainable ? l.countParams() : 0), 0);
  out.push(` Total params: ${fmtCount(total)} (${fmtBytes(total * 4)})`);
  out.push(` Trainable params: ${fmtCount(trainable)} (${fmtBytes(trainable * 4)})`);
  out.push(` Non-trainable params: ${fmtCount(total - trainable)} (${fmtBytes((total - trainable) * 4)})`);
  return out.join('\n');
}
