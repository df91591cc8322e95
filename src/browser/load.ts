// loadModel in a browser: from a URL (a TF.js model.json with its weight files beside it, a `.keras` or a Keras
// `.h5` file, recognised by their first bytes), from 'indexeddb://name', from a File/Blob/ArrayBuffer (one
// `.keras` or `.h5` file) or a list of Files (a model.json and its weight files, as an <input type=file multiple>
// gives them). The same hostile-file checks as on disk apply (model.json nesting and manifest, weight specs, byte
// totals, zip and HDF5 checks), weight files may not leave the model.json's folder or origin, and the bytes read
// are capped (`maxBytes`, default 512 MiB) before they fill memory.
import { ConfigError, RnnkitError, ValueError, checkOptions } from '../errors.js';
import type { Model } from '../models/model.js';
import type { CustomObjects } from '../registry/registry.js';
import { detectContainer } from '../io/files.js';
import { loadModelFromBytes } from '../io/save_load.js';
import { artifactsOf, concatBytes, parseTfjsModelJson } from '../io/tfjs_manifest.js';
import { modelFromArtifacts } from '../io/tfjs_read.js';
import type { ModelArtifacts } from '../io/artifacts.js';
import { blobLimited, fetchLimited } from './fetch_limited.js';
import { loadFromIndexedDB } from './indexeddb.js';

/** Default cap on the bytes one loadModel call reads in a browser (model.json and weights together). */
export const BROWSER_LOAD_LIMIT = 512 * 2 ** 20;

export interface BrowserLoadOptions {
  /** Keras `custom_objects`: class names → the user's layer and cell classes. */
  customObjects?: CustomObjects;
  /** The most bytes to read (default BROWSER_LOAD_LIMIT, 512 MiB); a larger model is refused before it is read. */
  maxBytes?: number;
}

/** Where a model can come from in a browser. */
export type ModelSource = string | Blob | ArrayBuffer | ArrayBufferView | ArrayLike<Blob>;

function limitOf(options: BrowserLoadOptions): number {
  const { maxBytes } = options;
  if (maxBytes === undefined) return BROWSER_LOAD_LIMIT;
  if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new ConfigError(`loadModel: maxBytes must be a positive integer, got ${String(maxBytes)}`);
  return maxBytes;
}

function fromArtifacts(artifacts: ModelArtifacts, where: string, customObjects?: CustomObjects): Model {
  try {
    const { model, warnings } = modelFromArtifacts(artifacts, where, customObjects);
    for (const w of warnings) console.warn(`rnnkit: ${w}`);
    return model;
  } catch (e) {
    if (e instanceof RnnkitError) throw e;
    throw new ValueError(`${where}: cannot be loaded, the file is malformed (${(e as Error)?.message ?? String(e)})`);
  }
}

const NOT_A_MODEL = 'not a model file rnnkit knows (expected a TF.js model.json, a .keras zip or a Keras .h5)';

/** Loads from a URL: model.json (its weight files fetched from beside it), .keras or .h5. */
async function loadFromUrl(url: string, options: BrowserLoadOptions, limit: number): Promise<Model> {
  const bytes = await fetchLimited(url, limit, 'model file');
  const container = detectContainer(bytes.subarray(0, 8));
  if (container === 'zip' || container === 'hdf5') return loadModelFromBytes(bytes, url, { customObjects: options.customObjects });
  if (container !== 'json') throw new ValueError(`${url}: ${NOT_A_MODEL}`);
  const manifest = parseTfjsModelJson(new TextDecoder().decode(bytes), url, limit - bytes.length);
  const base = new URL(url);
  const folder = new URL('./', base).href; // the model.json's folder, without its query
  const parts: Uint8Array[] = [];
  let read = 0;
  for (const p of manifest.paths) {
    const target = new URL(p, base);
    target.search = '';
    target.hash = '';
    if (target.origin !== base.origin || !target.href.startsWith(folder)) throw new ValueError(`${url}: weight path ${JSON.stringify(p)} leaves the model's folder`);
    const part = await fetchLimited(target.href, manifest.bytes - read, `weight file ${JSON.stringify(p)} (the manifest describes ${manifest.bytes} bytes in all)`);
    parts.push(part);
    read += part.length;
  }
  return fromArtifacts(artifactsOf(manifest, concatBytes(parts), url), url, options.customObjects);
}

const fileName = (b: Blob, i: number): string => (typeof (b as File).name === 'string' && (b as File).name ? (b as File).name : `file ${i + 1}`);

/** Loads from files: one .keras/.h5, or a model.json with its weight files (matched by the names the manifest lists). */
async function loadFromFiles(files: Blob[], options: BrowserLoadOptions, limit: number): Promise<Model> {
  if (files.length === 0) throw new ValueError('loadModel: the file list is empty; expected a .keras or .h5 file, or a model.json with its weight files');
  const heads = await Promise.all(files.map(async (f) => new Uint8Array(await f.slice(0, 8).arrayBuffer())));
  const jsonIndex = heads.findIndex((h) => detectContainer(h) === 'json');
  if (jsonIndex < 0) {
    if (files.length > 1) throw new ValueError(`loadModel: ${files.length} files but no model.json among them; give one .keras or .h5 file, or a model.json with its weight files`);
    const name = fileName(files[0], 0);
    const bytes = await blobLimited(files[0], limit, 'model file', name);
    if (!detectContainer(bytes.subarray(0, 8))) throw new ValueError(`${name}: ${NOT_A_MODEL}`);
    return loadModelFromBytes(bytes, name, { customObjects: options.customObjects });
  }
  const jsonName = fileName(files[jsonIndex], jsonIndex);
  const text = new TextDecoder().decode(await blobLimited(files[jsonIndex], limit, 'model.json', jsonName));
  const manifest = parseTfjsModelJson(text, jsonName, limit);
  const byName = new Map<string, Blob>();
  files.forEach((f, i) => { if (i !== jsonIndex) byName.set(fileName(f, i), f); });
  const parts: Uint8Array[] = [];
  let read = 0;
  for (const p of manifest.paths) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    const file = byName.get(base);
    if (!file) throw new ValueError(`${jsonName}: weight file ${JSON.stringify(p)} is not among the files given (${[...byName.keys()].join(', ') || 'none'}); select the model.json and its weight files together`);
    const part = await blobLimited(file, manifest.bytes - read, `weight file (the manifest describes ${manifest.bytes} bytes in all)`, base);
    parts.push(part);
    read += part.length;
  }
  return fromArtifacts(artifactsOf(manifest, concatBytes(parts), jsonName), jsonName, options.customObjects);
}

/**
 * Loads a model in a browser (TF.js's `tf.loadLayersModel` sources, plus Keras files):
 * - a URL string (absolute, or relative to the page): a TF.js `model.json` (its weight files fetched from the same
 *   folder), a `.keras` or a Keras `.h5` file;
 * - `'indexeddb://name'`: a model saved with `model.save('indexeddb://name')` (or by TF.js);
 * - a File/Blob, ArrayBuffer or typed array: one `.keras` or `.h5` file;
 * - a list of Files (FileList or array): a model.json and its weight files, or one `.keras`/`.h5` file.
 * Throws a ValueError naming the source for a missing, oversized (`maxBytes`) or malformed model. `.keras` and
 * `.h5` load h5wasm on first use (dist/browser/rnnkit-hdf5.js, beside the build).
 */
export async function loadModelInBrowser(source: ModelSource, options: BrowserLoadOptions = {}): Promise<Model> {
  checkOptions('loadModel', options, ['customObjects', 'maxBytes']);
  const limit = limitOf(options);
  if (typeof source === 'string') {
    if (source.length === 0) throw new ValueError('loadModel needs a URL, a File or bytes, got an empty string');
    if (/^indexeddb:\/\//i.test(source)) return loadFromIndexedDB(source.slice('indexeddb://'.length), options.customObjects);
    const base = (globalThis as { document?: { baseURI?: string }; location?: { href?: string } }).document?.baseURI ?? (globalThis as { location?: { href?: string } }).location?.href;
    let url: string;
    try {
      url = new URL(source, base).href;
    } catch {
      throw new ValueError(`loadModel: ${JSON.stringify(source)} is not a URL`);
    }
    return loadFromUrl(url, options, limit);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) return loadFromFiles([source], options, limit);
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (bytes.length > limit) throw new ValueError(`loadModel: ${bytes.length} bytes, more than the limit of ${limit}`);
    const container = detectContainer(bytes.subarray(0, 8));
    if (container === 'json') throw new ValueError('loadModel: these bytes are a model.json, which needs its weight files: give its URL, or the Files of the model.json and its weights together');
    if (!container) throw new ValueError(`loadModel: the bytes are ${NOT_A_MODEL}`);
    return loadModelFromBytes(bytes, 'bytes', { customObjects: options.customObjects });
  }
  if (source && typeof (source as ArrayLike<Blob>).length === 'number') return loadFromFiles(Array.from(source as ArrayLike<Blob>), options, limit);
  throw new ValueError(`loadModel: expected a URL, 'indexeddb://name', a File/Blob, an ArrayBuffer or a list of Files, got ${source === null ? 'null' : typeof source}`);
}
