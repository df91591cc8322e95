// HDF5 through h5wasm (libhdf5 compiled to WebAssembly, from npm; no native build): files are opened from
// bytes in h5wasm's in-memory filesystem and written back to bytes, so the same code runs in Node and browsers.
// Reads are checked: dataset dtypes must be floating point, shapes within limits before values are read.
// libhdf5's own diagnostics (the "HDF5-DIAG: Error detected" C stack traces it prints to stderr) are switched
// to h5wasm's throwing handler once, at load: a failure becomes one error whose innermost message is kept,
// and a file shorter than its superblock says is reported as truncated.
import type * as H5 from 'h5wasm';
import { RnnkitError, StateError, ValueError } from '../errors.js';
import { MAX_ELEMENTS, MAX_RANK } from './weights_codec.js';

export type H5Group = H5.Group;
export type H5File = H5.File;

let counter = 0;
// h5wasm instantiates its WebAssembly module on import: load it only when an HDF5 file is used
let h5: typeof H5 | null = null;

async function fs(): Promise<{ writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void }> {
  if (!h5) {
    let lib: typeof H5;
    try {
      lib = await import('h5wasm');
    } catch (e) {
      // in the browser build 'h5wasm' is the sibling file rnnkit-hdf5.js: a page that serves rnnkit.js alone lands here
      throw new StateError(`rnnkit: the HDF5 reader could not be loaded (${(e as Error).message}); in a page, serve rnnkit-hdf5.js next to rnnkit.js (docs/BROWSER.md). No file was read or written`);
    }
    const module = await lib.ready;
    // HDF5's default error handler prints a C stack trace to stderr for every failed call (even probes);
    // h5wasm's throwing handler turns it into the message of a JavaScript error instead
    (module as unknown as { activate_throwing_error_handler(): number }).activate_throwing_error_handler();
    h5 = lib;
  }
  return (await h5.ready).FS as never;
}

/** The innermost (most specific) message of an HDF5 error stack; 'truncated' when libhdf5 found the file short. */
export function hdf5Reason(e: unknown): string {
  const text = (e as Error)?.message ?? String(e);
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(text);
  if (truncated) return `truncated: the file has ${truncated[1]} bytes but its HDF5 superblock says ${truncated[2]}`;
  const frames = [...text.matchAll(/#\d+: .*? in ([\w]+)\(\): ([^\n]*)/g)];
  if (frames.length === 0) return text.split('\n')[0].slice(0, 300);
  const last = frames[frames.length - 1];
  return `${last[2].trim()} (HDF5 ${last[1]})`;
}

/** Opens `bytes` as an HDF5 file for `read`, then releases it. */
export async function readH5<T>(bytes: Uint8Array, where: string, read: (file: H5.File) => T): Promise<T> {
  const FS = await fs();
  const path = `/rnnkit-read-${process_id()}-${counter++}.h5`;
  FS.writeFile(path, bytes);
  let file: H5.File | null = null;
  try {
    try {
      file = new h5!.File(path, 'r');
    } catch (e) {
      throw new ValueError(`${where}: not a readable HDF5 file (${hdf5Reason(e)})`);
    }
    try {
      return read(file);
    } catch (e) {
      if (e instanceof RnnkitError) throw e; // rnnkit's own finding about the contents (a config, a shape), not the file's bytes
      throw new ValueError(`${where}: the HDF5 file is corrupt (${hdf5Reason(e)})`);
    }
  } finally {
    file?.close();
    FS.unlink(path);
  }
}

/** Creates an HDF5 file with `write` and returns its bytes. */
export async function writeH5(write: (file: H5.File) => void): Promise<Uint8Array> {
  const FS = await fs();
  const path = `/rnnkit-write-${process_id()}-${counter++}.h5`;
  const file = new h5!.File(path, 'w');
  try {
    write(file);
  } catch (e) {
    throw e instanceof ValueError ? e : new ValueError(`writing HDF5 failed (${hdf5Reason(e)})`);
  } finally {
    file.close();
  }
  try {
    return FS.readFile(path).slice();
  } finally {
    FS.unlink(path);
  }
}

function process_id(): number {
  return (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
}

/** A float dataset's shape and values as float32, after checking type and size. */
export function readFloatDataset(file: H5.File, path: string, where: string): { shape: number[]; values: Float32Array } {
  const entity = file.get(path);
  if (!(entity instanceof h5!.Dataset)) throw new ValueError(`${where}: '${path}' is not a dataset`);
  const shape = entity.shape ?? [];
  if (shape.length > MAX_RANK || shape.reduce((n, d) => n * d, 1) > MAX_ELEMENTS) throw new ValueError(`${where}: dataset '${path}' has an absurd shape ${JSON.stringify(shape)}`);
  const meta = entity.metadata;
  if (meta.type !== 1 /* H5T_FLOAT */) throw new ValueError(`${where}: dataset '${path}' is not floating point`);
  const raw = entity.value;
  const value = typeof raw === 'number' ? Float32Array.of(raw) : raw; // a scalar weight (shape [])
  if (!(value instanceof Float32Array || value instanceof Float64Array)) throw new ValueError(`${where}: dataset '${path}' could not be read as numbers`);
  return { shape, values: value instanceof Float32Array ? value : Float32Array.from(value) };
}

/** A string (or list of strings) attribute, decoding byte strings; null when absent. */
export function stringAttribute(obj: H5.Group | H5.Dataset, name: string): string | string[] | null {
  const attr = obj.attrs[name];
  if (!attr) return null;
  const decode = (v: unknown): string => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v));
  const value = attr.value;
  if (Array.isArray(value)) return value.map(decode);
  if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array)) return Array.from(value as unknown as ArrayLike<number>).map(String);
  return decode(value);
}

/** Whether `path` names a dataset in `file` (false for a missing path or another kind of object). */
export function hasDataset(file: H5.File, path: string): boolean {
  try {
    return file.get(path) instanceof h5!.Dataset;
  } catch {
    return false;
  }
}

export function isGroup(entity: unknown): entity is H5.Group {
  return entity instanceof h5!.Group;
}
