// `model.loadWeights(path, { byName, skipMismatch })` (Keras `load_weights`): weights from a legacy Keras `.h5`
// (a full model file or a Keras 2 `save_weights` file: layer groups listed in `layer_names`, weights in
// `weight_names`) or a Keras 3 `.weights.h5` (paths by layer class and position) into a built model.
//
// Legacy `.h5`, as Keras 2 (legacy_h5_format.py load_weights_from_hdf5_group[_by_name]):
//   - byName: each model layer takes the file group of the same name; layers the file lacks are left alone;
//   - otherwise by order: the file's layers with weights, in order, to the model's layers with weights.
// `.weights.h5`, as Keras 3 (saving_lib.py): every variable by its path; byName has no meaning there (Keras 3
// raises too). skipMismatch (both): a layer whose weight count or shapes differ is skipped and reported instead
// of failing the load. Returns the list of what was skipped, one line per layer.
import { ConfigError, ValueError, fmtShape } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { Model } from '../models/model.js';
import { isGroup, readFloatDataset, readH5, stringAttribute } from './hdf5.js';
import { weightPaths } from './keras_v3.js';
import { namedVariables } from './model_weights.js';

export interface LoadWeightsOptions {
  /** Match the file's layers to the model's by name (legacy .h5 only); default false (by order). */
  byName?: boolean;
  /** Skip (and report) layers whose weights do not fit instead of failing; default false. */
  skipMismatch?: boolean;
}

interface FileLayer {
  name: string;
  weights: { name: string; shape: number[]; values: Float32Array }[];
}

const fits = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The model's layers that own weights, each with its weights in file order. */
function weightedLayers(model: Model): { layer: Layer; vars: Layer['weights'] }[] {
  const named = namedVariables(model);
  return model.layers
    .map((layer) => ({ layer, vars: named.filter((n) => n.layerName === layer.name).map((n) => n.variable) }))
    .filter((e) => e.vars.length > 0);
}

/** Reads a legacy `.h5` file's layer groups (full-model files keep them under model_weights/). */
function legacyLayers(bytes: Uint8Array, where: string): Promise<FileLayer[]> {
  return readH5(bytes, where, (file) => {
    const root = file.get('model_weights');
    const group = isGroup(root) ? root : file;
    const names = stringAttribute(group, 'layer_names');
    if (!Array.isArray(names)) throw new ValueError(`${where}: no 'layer_names' attribute: not a Keras .h5 weights file`);
    return names.map((name) => {
      const g = group.get(name);
      if (!isGroup(g)) throw new ValueError(`${where}: layer '${name}' is listed but has no group`);
      const weightNames = stringAttribute(g, 'weight_names') ?? [];
      return { name, weights: (Array.isArray(weightNames) ? weightNames : [weightNames]).map((w) => ({ name: w, ...readFloatDataset(file, `${g.path}/${w}`, where) })) };
    });
  });
}

/** Loads weights into `model`; returns what was skipped (empty when everything loaded). */
export async function loadWeightsInto(model: Model, bytes: Uint8Array, where: string, options: LoadWeightsOptions): Promise<string[]> {
  const skipped: string[] = [];
  const assign: [Layer['weights'][number], Float32Array][] = [];
  if (/\.weights\.h5$/.test(where)) {
    if (options.byName) throw new ConfigError(`${where}: byName is for legacy .h5 files; a Keras 3 .weights.h5 file names weights by layer position (Keras 3 refuses it too)`);
    const targets = namedVariables(model);
    const paths = weightPaths(model);
    const read = await readH5(bytes, where, (file) => paths.map((p) => (file.get(p) ? readFloatDataset(file, p, where) : null)));
    for (const { layer, vars } of weightedLayers(model)) {
      const values = vars.map((v) => read[targets.findIndex((t) => t.variable === v)]);
      const bad = values.findIndex((w, i) => !w || !fits(w.shape, vars[i].shape));
      if (bad >= 0) {
        const why = values[bad] ? `${vars[bad].name} is ${fmtShape(values[bad]!.shape)} in the file, ${fmtShape(vars[bad].shape)} in the model` : `the file has no ${paths[targets.findIndex((t) => t.variable === vars[bad])]}`;
        if (!options.skipMismatch) throw new ValueError(`${where}: layer '${layer.name}': ${why}`);
        skipped.push(`${layer.name}: ${why}`);
        continue;
      }
      values.forEach((w, i) => assign.push([vars[i], w!.values]));
    }
  } else {
    const file = (await legacyLayers(bytes, where)).filter((l) => l.weights.length > 0);
    const layers = weightedLayers(model);
    if (!options.byName && file.length !== layers.length) {
      throw new ValueError(`${where}: the file has weights for ${file.length} layers, the model has ${layers.length} layers with weights (use byName: true to match by layer name)`);
    }
    layers.forEach(({ layer, vars }, i) => {
      const source = options.byName ? file.find((f) => f.name === layer.name) : file[i];
      if (!source) return; // byName: a layer the file does not have keeps its weights (Keras)
      const why = source.weights.length !== vars.length
        ? `the file has ${source.weights.length} weights for it, the model ${vars.length}`
        : source.weights.map((w, k) => (fits(w.shape, vars[k].shape) ? null : `${vars[k].name} is ${fmtShape(w.shape)} in the file, ${fmtShape(vars[k].shape)} in the model`)).find((m) => m !== null);
      if (why) {
        if (!options.skipMismatch) throw new ValueError(`${where}: layer '${layer.name}' (file layer '${source.name}'): ${why}`);
        skipped.push(`${layer.name}: ${why}`);
        return;
      }
      source.weights.forEach((w, k) => assign.push([vars[k], w.values]));
    });
  }
  for (const [v, values] of assign) {
    const bad = values.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new ValueError(`${where}: weight ${v.name} holds ${values[bad]} at index ${bad}`);
  }
  for (const [v, values] of assign) v.value.set(values);
  return skipped;
}
