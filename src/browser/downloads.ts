// Saving a model as browser downloads ('downloads://name'), as TF.js does: two files, `name.json` (model.json
// whose manifest points at ./name.weights.bin) and `name.weights.bin`. 'downloads://name.keras' and
// 'downloads://name.h5' download one Keras file instead. `loadModel([jsonFile, weightsFile])` reads them back.
import { ValueError, checkOptions } from '../errors.js';
import type { Model } from '../models/model.js';
import type { SaveOptions } from '../io/artifacts.js';
import { tfjsModelJson } from '../io/files.js';
import { kerasH5Bytes } from '../io/keras_h5_write.js';
import { kerasV3Bytes } from '../io/keras_v3.js';
import { modelToArtifacts } from '../io/tfjs_write.js';

/** Starts the download of `data` as `fileName` (an <a download> clicked; the object URL released afterwards). */
function download(data: BlobPart, fileName: string, type: string): void {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) throw new ValueError(`downloads://${fileName}: downloads need a browser page (document is not defined here)`);
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves `model` as downloads named after `name` (default 'model'); `overwrite` has no meaning for downloads and is ignored. */
export async function saveToDownloads(model: Model, name: string, options: SaveOptions = {}): Promise<void> {
  checkOptions('save', options, ['includeOptimizer', 'overwrite']);
  const base = name.length === 0 ? 'model' : name;
  if (/[/\\]/.test(base)) throw new ValueError(`downloads://${name}: a download name cannot hold '/' or '\\'`);
  if (/\.keras$/i.test(base)) {
    download(await kerasV3Bytes(model) as BlobPart, base, 'application/octet-stream');
    return;
  }
  if (/\.(h5|hdf5)$/i.test(base)) {
    download(await kerasH5Bytes(model) as BlobPart, base, 'application/octet-stream');
    return;
  }
  const artifacts = modelToArtifacts(model, options);
  const weightsName = `${base}.weights.bin`;
  download(tfjsModelJson(artifacts, `./${weightsName}`), `${base}.json`, 'application/json');
  download(artifacts.weightData, weightsName, 'application/octet-stream');
}
