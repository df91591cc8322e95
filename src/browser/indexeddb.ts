// Models in IndexedDB ('indexeddb://name'), in TF.js's layout so either library reads what the other saved:
// database 'tensorflowjs' (version 1) with object stores 'models_store' ({ modelPath, modelArtifacts }) and
// 'model_info_store' ({ modelPath, modelArtifactsInfo }), keyed by the name after 'indexeddb://'. Both records are
// written in one transaction, so a save is all or nothing. What is read back goes through the same checks as a file.
import { RnnkitError, ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import type { CustomObjects } from '../registry/registry.js';
import type { ModelArtifacts, SaveOptions } from '../io/artifacts.js';
import { modelToArtifacts } from '../io/tfjs_write.js';
import { modelFromArtifacts } from '../io/tfjs_read.js';
import { concatBytes } from '../io/tfjs_manifest.js';

const DATABASE = 'tensorflowjs';
const VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

function idb(): IDBFactory {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new ValueError("indexeddb://: IndexedDB is not available here (a browser page or worker is needed)");
  return factory;
}

function checkName(name: string): void {
  if (name.length === 0) throw new ValueError("indexeddb://: a model name is needed after 'indexeddb://'");
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = idb().open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO, { keyPath: 'modelPath' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new ValueError(`indexeddb://: cannot open the database '${DATABASE}' (${request.error?.message ?? 'unknown error'})`));
  });
}

function done(tx: IDBTransaction, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(new ValueError(`${what}: ${tx.error?.message ?? 'the transaction failed'}`));
    tx.onabort = () => reject(new ValueError(`${what}: ${tx.error?.message ?? 'the transaction was aborted'}`));
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Saves `model` as 'indexeddb://name' (`overwrite: false` refuses to replace a stored model). */
export async function saveToIndexedDB(model: Model, name: string, options: SaveOptions = {}): Promise<void> {
  checkName(name);
  const where = `indexeddb://${name}`;
  const artifacts = modelToArtifacts(model, options);
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v ?? null)).length;
  const info = {
    dateSaved: new Date(), modelTopologyType: 'JSON', modelTopologyBytes: json(artifacts.modelTopology),
    weightSpecsBytes: json(artifacts.weightSpecs), weightDataBytes: artifacts.weightData.byteLength,
  };
  const db = await open();
  try {
    const tx = db.transaction([INFO, MODELS], 'readwrite');
    const finished = done(tx, where);
    if (options.overwrite === false) {
      const existing = await result(tx.objectStore(MODELS).getKey(name));
      if (existing !== undefined) {
        tx.abort();
        await finished.catch(() => {});
        throw new ValueError(`${where}: a model is already stored under this name and overwrite is false`);
      }
    }
    tx.objectStore(INFO).put({ modelPath: name, modelArtifactsInfo: info });
    tx.objectStore(MODELS).put({ modelPath: name, modelArtifacts: artifacts });
    await finished;
  } finally {
    db.close();
  }
}

/** Loads 'indexeddb://name' (saved by rnnkit or TF.js). */
export async function loadFromIndexedDB(name: string, customObjects?: CustomObjects): Promise<Model> {
  checkName(name);
  const where = `indexeddb://${name}`;
  const db = await open();
  let record: { modelArtifacts?: ModelArtifacts } | undefined;
  try {
    const tx = db.transaction(MODELS, 'readonly');
    record = await result(tx.objectStore(MODELS).get(name));
  } finally {
    db.close();
  }
  if (!record) throw new ValueError(`${where}: no model is stored under this name`);
  const artifacts = record.modelArtifacts;
  if (!artifacts || typeof artifacts !== 'object') throw new ValueError(`${where}: the stored record holds no model artifacts`);
  // TF.js ≥ 4.10 may store the weights as a list of buffers
  const data = artifacts.weightData as unknown;
  if (Array.isArray(data)) {
    if (!data.every((b) => b instanceof ArrayBuffer)) throw new ValueError(`${where}: the stored weight data is not a list of ArrayBuffers`);
    artifacts.weightData = concatBytes(data.map((b) => new Uint8Array(b))).buffer as ArrayBuffer;
  } else if (!(data instanceof ArrayBuffer)) throw new ValueError(`${where}: the stored weight data is not an ArrayBuffer`);
  try {
    const { model, warnings } = modelFromArtifacts(artifacts, where, customObjects);
    for (const w of warnings) console.warn(`rnnkit: ${w}`);
    return model;
  } catch (e) {
    if (e instanceof RnnkitError) throw e;
    throw new ValueError(`${where}: cannot be loaded, the stored model is malformed (${(e as Error)?.message ?? String(e)})`);
  }
}

/** Removes 'indexeddb://name'; true when a model was stored under it. */
export async function removeFromIndexedDB(name: string): Promise<boolean> {
  checkName(name);
  const db = await open();
  try {
    const tx = db.transaction([INFO, MODELS], 'readwrite');
    const finished = done(tx, `indexeddb://${name}`);
    const existed = (await result(tx.objectStore(MODELS).getKey(name))) !== undefined;
    tx.objectStore(INFO).delete(name);
    tx.objectStore(MODELS).delete(name);
    await finished;
    return existed;
  } finally {
    db.close();
  }
}

/** TF.js's `tf.io.removeModel` for 'indexeddb://name': deletes the stored model; true when one was stored. */
export async function removeModel(url: string): Promise<boolean> {
  if (typeof url !== 'string' || !/^indexeddb:\/\//i.test(url)) throw new ValueError(`removeModel: expected 'indexeddb://name', got ${JSON.stringify(url)}`);
  return removeFromIndexedDB(url.slice('indexeddb://'.length));
}
