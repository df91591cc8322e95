// Saving and loading models: the public entry points. `saveModel` writes a TF.js Layers directory
// (model.json + weights.bin), a Keras 3 file for a path ending in `.keras`, or a Keras 2 file for `.h5` —
// crash-safe in every case.
// `loadModel` reads a TF.js directory or model.json, a `.keras` zip or a legacy Keras `.h5`, recognised by
// their first bytes. In browsers: `model.toArtifacts()`, `loadModelFromArtifacts`, `loadModelFromBytes`.
import { RnnkitError, ValueError, checkOptions } from '../errors.js';
import type { CustomObjects } from '../registry/registry.js';
import type { Model } from '../models/model.js';
import type { ModelArtifacts, SaveOptions } from './artifacts.js';
import { FILE_LIMITS, detectContainer, nodeModules, readLimited, readTfjsModel, tfjsModelJson, writeFileAtomic, writeModelDirectory } from './files.js';
import { fileError, withPath } from './fs_errors.js';
import { loadKerasH5 } from './keras_h5.js';
import { kerasH5Bytes } from './keras_h5_write.js';
import { kerasV3Bytes, loadKerasV3, loadWeightsH5, weightsH5Bytes } from './keras_v3.js';
import { checkReplaceable } from './overwrite.js';
import { modelFromArtifacts } from './tfjs_read.js';
import { modelToArtifacts } from './tfjs_write.js';
import { loadWeightsInto, type LoadWeightsOptions } from './load_weights.js';
import { routeOf } from './io_handlers.js';

export type { ModelArtifacts, SaveOptions };

function report(result: { model: Model; warnings: string[] }): Model {
  for (const w of result.warnings) console.warn(`rnnkit: ${w}`);
  return result.model;
}

/** Runs a loader; an unexpected failure inside a malformed file still surfaces as a ValueError naming the file. */
async function guarded<T>(where: string, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof RnnkitError) throw e;
    throw new ValueError(`${where}: cannot be loaded, the file is malformed (${(e as Error)?.message ?? String(e)})`);
  }
}

/** Saves `model` at `path`: a `.keras` file, a Keras 2 `.h5` file, or else a TF.js directory. Node only. */
export async function saveModel(model: Model, path: string, options: SaveOptions = {}): Promise<void> {
  checkOptions('save', options, ['includeOptimizer', 'overwrite']);
  if (typeof path !== 'string' || path.length === 0) throw new ValueError(`save needs a path, got ${JSON.stringify(path)}`);
  const routed = routeOf(path, 'save'); // 'indexeddb://name', 'downloads://name' (browser build)
  if (routed) return routed.handler.save!(model, routed.name, options);
  if (/\.weights\.h5$/i.test(path)) throw new ValueError(`${path}: a .weights.h5 file holds weights only: use model.saveWeights('${path}')`);
  if (/\.(h5|hdf5)$/i.test(path)) {
    const bytes = await kerasH5Bytes(model);
    await checkReplaceable(path, 'h5', options.overwrite);
    await writeFileAtomic(path, bytes);
    return;
  }
  if (/\.keras$/i.test(path)) {
    const bytes = await kerasV3Bytes(model);
    await checkReplaceable(path, 'keras', options.overwrite);
    await writeFileAtomic(path, bytes);
    return;
  }
  const artifacts = modelToArtifacts(model, options);
  await checkReplaceable(path, 'tfjs-dir', options.overwrite);
  await writeModelDirectory(path, new Uint8Array(artifacts.weightData), (weightsName) => tfjsModelJson(artifacts, weightsName));
}

/** Options of loadModel: `customObjects` maps class names to the user's layer and cell classes (Keras `custom_objects`). */
export interface LoadOptions {
  customObjects?: CustomObjects;
}

/** Loads a model from a TF.js directory or model.json, a Keras 3 `.keras` file or a legacy Keras `.h5`. Node only. */
export async function loadModel(path: string, options: LoadOptions = {}): Promise<Model> {
  const routed = typeof path === 'string' ? routeOf(path, 'load') : null; // 'indexeddb://name', URLs (browser build)
  if (routed) return routed.handler.load!(path, options as LoadOptions & Record<string, unknown>);
  checkOptions('loadModel', options, ['customObjects']);
  const { customObjects } = options;
  const { fs, path: p } = await nodeModules();
  if (typeof path !== 'string' || path.length === 0) throw new ValueError(`loadModel needs a path, got ${JSON.stringify(path)}`);
  const expected = 'a TF.js model directory or model.json, a .keras file or a Keras .h5 file';
  const stat = await withPath(path, expected, () => fs.stat(path));
  const file = stat.isDirectory() ? p.join(path, 'model.json') : path;
  const handle = await fs.open(file, 'r').catch((e) => {
    throw (e as { code?: string }).code === 'ENOENT' && stat.isDirectory() ? new ValueError(`${path}: the directory holds no model.json; expected ${expected}`) : fileError(e, file, expected);
  });
  const head = new Uint8Array(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  const container = detectContainer(head);
  if (container === 'json') return report(await guarded(file, async () => modelFromArtifacts(await readTfjsModel(file), file, customObjects)));
  if (container === 'zip') return report(await guarded(file, async () => loadKerasV3(await readLimited(file, FILE_LIMITS.weights, 'model file'), file, { customObjects })));
  if (container === 'hdf5') return report(await guarded(file, async () => loadKerasH5(await readLimited(file, FILE_LIMITS.weights, 'model file'), file, { customObjects })));
  throw new ValueError(`${file}: not a model file rnnkit knows (expected a TF.js model.json, a .keras zip or a Keras .h5)`);
}

/** Builds a model from TF.js artifacts (e.g. from `model.toArtifacts()` or a TF.js IO handler). */
export function loadModelFromArtifacts(artifacts: ModelArtifacts, options: LoadOptions = {}): Model {
  try {
    return report(modelFromArtifacts(artifacts, 'artifacts', options.customObjects));
  } catch (e) {
    if (e instanceof RnnkitError) throw e;
    throw new ValueError(`artifacts: cannot be loaded, they are malformed (${(e as Error)?.message ?? String(e)})`);
  }
}

/** Loads a `.keras` or legacy `.h5` file given as bytes (browsers: from fetch or a file input). */
export async function loadModelFromBytes(bytes: Uint8Array, name = 'model', options: LoadOptions = {}): Promise<Model> {
  const container = detectContainer(bytes.subarray(0, 8));
  if (container === 'zip') return report(await guarded(name, () => loadKerasV3(bytes, name, options)));
  if (container === 'hdf5') return report(await guarded(name, () => loadKerasH5(bytes, name, options)));
  throw new ValueError(`${name}: not a .keras zip or a Keras .h5 file`);
}

/** The model as `.keras` file bytes. */
export async function modelToKerasBytes(model: Model): Promise<Uint8Array> {
  return kerasV3Bytes(model);
}

/** Saves the weights alone as a Keras 3 `.weights.h5` file (Keras `save_weights`); atomic. Node only. */
export async function saveWeights(model: Model, path: string, options: { overwrite?: boolean } = {}): Promise<void> {
  checkOptions('saveWeights', options, ['overwrite']);
  if (typeof path !== 'string' || !/\.weights\.h5$/.test(path)) throw new ValueError(`${path}: weights files must end in .weights.h5 (as Keras 3 requires)`);
  const bytes = await weightsH5Bytes(model);
  await checkReplaceable(path, 'weights', options.overwrite);
  await writeFileAtomic(path, bytes);
}

/**
 * Loads weights into a built model (Keras `load_weights`): a Keras 3 `.weights.h5` (from `saveWeights`) or a
 * legacy Keras `.h5` (a full model or Keras 2 `save_weights` file), by order or with `byName`; `skipMismatch`
 * skips layers whose weights do not fit. Returns what was skipped (one line per layer). Node only.
 */
export async function loadWeights(model: Model, path: string, options: LoadWeightsOptions = {}): Promise<string[]> {
  checkOptions('loadWeights', options, ['byName', 'skipMismatch']);
  if (!model.built) throw new ValueError(`loadWeights needs a built model: give the first layer an inputShape, or fit/predict once`);
  const bytes = await readLimited(path, FILE_LIMITS.weights, 'weights file');
  if (/\.weights\.h5$/.test(path) && !options.byName && !options.skipMismatch) {
    await guarded(path, () => loadWeightsH5(model, bytes, path));
    return [];
  }
  return guarded(path, () => loadWeightsInto(model, bytes, path, options));
}

export { modelToArtifacts };
