// A model's weights by their file names, and assignment of decoded file weights to a model.
// Names follow TF.js and Keras: `<layer>/<weight>` ('lstm/kernel'), wrapped directions as
// `<bidirectional>/<forward_lstm>/<weight>`. Matching is by name, then by the converter's variant without the
// cell token ('lstm_1/lstm_cell/kernel'), then by order within the layer; every shape must match exactly and
// every weight must be used, or loading fails naming the weight.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Bidirectional } from '../layers/rnn/bidirectional.js';
import type { Variable } from '../memory/param_store.js';
import type { Model } from '../models/model.js';

export interface NamedVariable {
  name: string;
  /** The top-level layer the weight belongs to. */
  layerName: string;
  variable: Variable;
}

/** Every weight of the model, in `getWeights()` order, with its file name. */
export function namedVariables(model: Model): NamedVariable[] {
  const out: NamedVariable[] = [];
  for (const layer of model.layers) {
    if (isModel(layer)) {
      // a nested model's weights: '<model>/<layer>/<weight>' (Keras 2 keeps them in the model's group)
      for (const inner of namedVariables(layer)) out.push({ name: `${layer.name}/${inner.name}`, layerName: layer.name, variable: inner.variable });
    } else if (layer instanceof Bidirectional) {
      for (const sub of [layer.forwardLayer, layer.backwardLayer]) {
        for (const v of sub.weights) out.push({ name: `${layer.name}/${sub.name}/${v.name}`, layerName: layer.name, variable: v });
      }
    } else {
      for (const v of layer.weights) out.push({ name: `${layer.name}/${v.name}`, layerName: layer.name, variable: v });
    }
  }
  return out;
}

const isModel = (l: unknown): l is Model => typeof (l as Model).graphExecutor === 'function';

export interface FileWeight {
  name: string;
  /** The top-level layer (file group) the weight was stored under, when the file says. */
  layer?: string;
  shape: number[];
  values: Float32Array;
}

/** Copies file weights into the model's variables (matching as described above). */
export function assignWeights(model: Model, weights: FileWeight[], where: string): void {
  const targets = namedVariables(model);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const withoutCell = new Map<string, FileWeight>();
  for (const w of weights) {
    const parts = w.name.split('/');
    if (parts.length >= 3) withoutCell.set([...parts.slice(0, -2), parts[parts.length - 1]].join('/'), w);
  }
  const used = new Set<FileWeight>();
  const chosen = new Map<NamedVariable, FileWeight>();
  for (const t of targets) {
    const w = byName.get(t.name) ?? withoutCell.get(t.name);
    if (w && !used.has(w)) {
      chosen.set(t, w);
      used.add(w);
    }
  }
  // by order within a layer, for files whose inner names differ (auto-named cells, wrappers)
  for (const layer of new Set(targets.map((t) => t.layerName))) {
    const missing = targets.filter((t) => t.layerName === layer && !chosen.has(t));
    if (missing.length === 0) continue;
    const candidates = weights.filter((w) => !used.has(w) && (w.layer ?? w.name.split('/')[0]) === layer);
    if (candidates.length !== missing.length) {
      throw new ValueError(`${where}: no weights found for ${missing.map((t) => t.name).join(', ')} (file has ${weights.map((w) => w.name).join(', ') || 'no weights'})`);
    }
    missing.forEach((t, i) => {
      chosen.set(t, candidates[i]);
      used.add(candidates[i]);
    });
  }
  const extra = weights.filter((w) => !used.has(w));
  if (extra.length > 0) throw new ValueError(`${where}: the file has weights the model does not use: ${extra.map((w) => w.name).join(', ')}`);
  for (const [t, w] of chosen) {
    const shape = t.variable.shape;
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${where}: weight '${w.name}' has shape ${fmtShape(w.shape)} but ${t.name} needs ${fmtShape(shape)}`);
    }
    const bad = w.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ValueError(`${where}: weight '${w.name}' holds ${w.values[bad]} at index ${bad}`);
  }
  for (const [t, w] of chosen) t.variable.value.set(w.values);
}
