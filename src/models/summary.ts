// Keras-style model summary table (Keras 3 `model.summary()`, utils/summary_utils.py), returned as a string.
// Sequential models: layer, output shape, parameters. Graph models add Keras's "Connected to" column (the
// inbound tensors of each call as 'layer[node][tensor]') and list Input layers.
import type { Layer } from '../layers/layer.js';
import { InputLayer } from '../layers/core/input_layer.js';
import type { Model } from './model.js';
import type { SymbolicTensor } from './symbolic.js';

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtBytes(n: number): string {
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(2)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KB`;
  return `${n.toFixed(2)} B`;
}

const fmtDims = (shape: readonly (number | null)[]): string => `(${['None', ...shape.slice(1).map((d) => (d === null ? 'None' : String(d)))].join(', ')})`;

function table(header: string[], mins: number[], rows: string[][], rightAligned: number): string[] {
  const w = mins.map((min, i) => Math.max(min, header[i].length + 2, ...rows.map((r) => r[i].length + 2)));
  const cell = (s: string, i: number) => (i === rightAligned ? ` ${s.padStart(w[i] - 2)} ` : ` ${s.padEnd(w[i] - 2)} `);
  const line = (l: string, m: string, r: string, fill: string) => l + w.map((x) => fill.repeat(x)).join(m) + r;
  const out = [line('┏', '┳', '┓', '━'), '┃' + header.map(cell).join('┃') + '┃', line('┡', '╇', '┩', '━')];
  rows.forEach((r, i) => {
    out.push('│' + r.map(cell).join('│') + '│');
    out.push(i < rows.length - 1 ? line('├', '┼', '┤', '─') : line('└', '┴', '┘', '─'));
  });
  if (rows.length === 0) out.push(line('└', '┴', '┘', '─'));
  return out;
}

/** 'layer[node][tensor]' as Keras's "Connected to" column names an inbound tensor. */
function tensorLabel(t: SymbolicTensor): string {
  return `${t.node.layer.name}[${t.node.layer.inboundNodes.indexOf(t.node)}][${t.index}]`;
}

export function summarize(model: Model): string {
  const graph = model.getClassName() !== 'Sequential';
  const layers: Layer[] = graph ? model.layers : model.layers.filter((l) => !(l instanceof InputLayer));
  const built = model.built;
  const exec = built ? model.graphExecutor() : null;
  const rows: string[][] = [];
  for (const l of layers) {
    const nodes = exec ? exec.nodes.filter((n) => n.layer === l) : [];
    // one call: its outputs' shapes; several calls (a shared layer): the first's, or 'multiple' when they differ (Keras)
    const perCall = nodes.map((n) => n.outputs.map((t) => fmtDims(t.shape)).join(', '));
    const shape = perCall.length === 0 ? (l.outputShape ? fmtDims([null, ...l.outputShape]) : '?') : perCall.every((p) => p === perCall[0]) ? perCall[0] : 'multiple';
    const params = l.built ? fmtCount(l.countParams()) : '0 (unbuilt)';
    const name = `${l.name} (${l.getClassName()})`;
    if (!graph) rows.push([name, shape, params]);
    else rows.push([name, shape, params, nodes.flatMap((n) => n.inputs.map(tensorLabel)).join(', ') || '-']);
  }
  const out = [`Model: "${model.name}"`];
  if (graph) out.push(...table(['Layer (type)', 'Output Shape', 'Param #', 'Connected to'], [33, 24, 15, 20], rows, 2));
  else out.push(...table(['Layer (type)', 'Output Shape', 'Param #'], [33, 24, 15], rows, 2));
  const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
  const size = (vs: { size: number }[]): number => vs.reduce((n, v) => n + v.size, 0);
  const all = built ? size(unique(layers.flatMap((l) => l.weights))) : 0;
  const trainable = built ? size(unique(layers.flatMap((l) => l.trainableWeights))) : 0;
  out.push(` Total params: ${fmtCount(all)} (${fmtBytes(all * 4)})`);
  out.push(` Trainable params: ${fmtCount(trainable)} (${fmtBytes(trainable * 4)})`);
  out.push(` Non-trainable params: ${fmtCount(all - trainable)} (${fmtBytes((all - trainable) * 4)})`);
  return out.join('\n');
}
