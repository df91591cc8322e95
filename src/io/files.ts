// Model files on disk (Node): detection by magic bytes, the TF.js directory layout (model.json + weight
// files), untrusted-path checks, and crash-safe writes (temporary name, then rename; model directories updated
// without a gap). File-system errors name the path (fs_errors.ts). Imported lazily so the
// library stays usable in browsers, where `toArtifacts` / `loadModelFromArtifacts` are the entry points.
import { ValueError } from '../errors.js';
import type { ModelArtifacts } from './artifacts.js';
import { fileError, withPath } from './fs_errors.js';
import { checkJsonDepth } from './json_checked.js';
import { checkSpec } from './weights_codec.js';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

export async function nodeModules(): Promise<{ fs: Fs; path: Path }> {
  const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  return { fs, path };
}

export type Container = 'zip' | 'hdf5' | 'json';

/** What a file holds, by its first bytes (not its extension: Keras 2 tools wrote HDF5 into files named .keras). */
export function detectContainer(head: Uint8Array): Container | null {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  const hdf5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  if (hdf5.every((b, i) => head[i] === b)) return 'hdf5';
  const first = head.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
  return first === 0x7b /* { */ ? 'json' : null;
}

/** Largest model.json and weight total rnnkit reads. */
export const FILE_LIMITS = { json: 64 * 2 ** 20, weights: 2 ** 31 };

/** Reads a file after checking its size against `limit`. */
export async function readLimited(file: string, limit: number, what: string): Promise<Uint8Array> {
  const { fs } = await nodeModules();
  const stat = await withPath(file, `a ${what}`, () => fs.stat(file));
  if (!stat.isFile()) throw new ValueError(`${file}: ${stat.isDirectory() ? 'is a directory' : 'not a regular file'}; expected a ${what}`);
  if (stat.size > limit) throw new ValueError(`${file}: ${what} of ${stat.size} bytes exceeds the limit of ${limit}`);
  return new Uint8Array(await withPath(file, `a readable ${what}`, () => fs.readFile(file)));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a TF.js model.json and its weight files into artifacts; weight paths may not leave the model's directory. */
export async function readTfjsModel(jsonPath: string): Promise<ModelArtifacts> {
  const { fs, path } = await nodeModules();
  const text = new TextDecoder().decode(await readLimited(jsonPath, FILE_LIMITS.json, 'model.json'));
  checkJsonDepth(text, jsonPath);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${jsonPath}: malformed JSON (${(e as Error).message})`);
  }
  if (!isObject(json) || !isObject(json.modelTopology)) throw new ValueError(`${jsonPath}: not a TF.js layers model (no modelTopology)`);
  if (json.format !== undefined && json.format !== 'layers-model') throw new ValueError(`${jsonPath}: format '${String(json.format)}' is not a layers model`);
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new ValueError(`${jsonPath}: weightsManifest must be a list`);
  const dir = await withPath(jsonPath, 'a model.json in a readable directory', () => fs.realpath(path.dirname(path.resolve(jsonPath))));
  const specs = [];
  const buffers: Uint8Array[] = [];
  let expected = 0;
  let read = 0;
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new ValueError(`${jsonPath}: each weightsManifest group needs 'paths' and 'weights' lists`);
    for (const raw of group.weights) {
      const spec = checkSpec(raw, jsonPath);
      const bytes = spec.quantization ? (spec.quantization.dtype === 'uint8' ? 1 : 2) : 4;
      expected += spec.shape.reduce((n, d) => n * d, 1) * bytes;
      specs.push(spec);
    }
    if (expected > FILE_LIMITS.weights) throw new ValueError(`${jsonPath}: the manifest describes ${expected} bytes of weights, more than the limit of ${FILE_LIMITS.weights}`);
    for (const p of group.paths) {
      if (typeof p !== 'string' || p.length === 0 || path.isAbsolute(p) || p.includes('\0') || /^[a-z]+:/i.test(p)) {
        throw new ValueError(`${jsonPath}: weight path ${JSON.stringify(p)} must be a relative file name`);
      }
      const full = path.resolve(dir, p);
      if (!full.startsWith(dir + path.sep)) throw new ValueError(`${jsonPath}: weight path ${JSON.stringify(p)} leaves the model's directory`);
      const real = await fs.realpath(full).catch(() => { throw new ValueError(`${jsonPath}: weight file ${JSON.stringify(p)} does not exist`); });
      if (!real.startsWith(dir + path.sep)) throw new ValueError(`${jsonPath}: weight path ${JSON.stringify(p)} links outside the model's directory`);
      const size = (await withPath(real, 'a weight file', () => fs.stat(real))).size;
      if (read + size > expected) throw new ValueError(`${jsonPath}: the weight files hold more than the ${expected} bytes the manifest describes (too long at ${JSON.stringify(p)})`);
      buffers.push(await readLimited(real, expected - read, 'weight file'));
      read += size;
    }
  }
  const total = buffers.reduce((n, b) => n + b.length, 0);
  if (total !== expected) throw new ValueError(`${jsonPath}: the manifest needs ${expected} bytes of weights but the weight files hold ${total} (${total < expected ? 'truncated' : 'too long'})`);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    data.set(b, offset);
    offset += b.length;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: specs,
    weightData: data.buffer,
    format: typeof json.format === 'string' ? json.format : undefined,
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    convertedBy: typeof json.convertedBy === 'string' ? json.convertedBy : null,
    ...(isObject(json.trainingConfig) ? { trainingConfig: json.trainingConfig } : {}),
    ...(isObject(json.userDefinedMetadata) ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
  };
}

/** model.json text for artifacts whose weights are in one file, `weightsName` (default weights.bin). */
export function tfjsModelJson(a: ModelArtifacts, weightsName = 'weights.bin'): string {
  const { weightSpecs, weightData: _data, ...rest } = a;
  return JSON.stringify({ ...rest, weightsManifest: [{ paths: [weightsName], weights: weightSpecs }] });
}

/** The weight files an existing model.json lists (empty when it cannot be read). */
async function listedWeightFiles(jsonPath: string): Promise<string[]> {
  const { fs } = await nodeModules();
  try {
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8')) as { weightsManifest?: { paths?: unknown[] }[] };
    return (json.weightsManifest ?? []).flatMap((g) => (Array.isArray(g.paths) ? g.paths : [])).filter((p): p is string => typeof p === 'string' && !p.includes('/') && !p.includes('\\'));
  } catch {
    return [];
  }
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const { fs } = await nodeModules();
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a TF.js model directory (model.json + one weight file) so that a crash at any moment leaves a complete
 * model at `dir`. A new directory is written under a temporary name and renamed into place. An existing model
 * directory is updated in place without a gap: the weights go to a file the current model.json does not use
 * (weights.bin or weights-1.bin, alternating), then model.json is replaced atomically (rename), then the weight
 * files only the previous model.json listed are removed. Other files in the directory are left alone.
 */
export async function writeModelDirectory(dir: string, weights: Uint8Array, modelJson: (weightsName: string) => string): Promise<void> {
  try {
    await writeModelDirectoryUnchecked(dir, weights, modelJson);
  } catch (e) {
    throw fileError(e, dir, 'a writable place for a model directory');
  }
}

async function writeModelDirectoryUnchecked(dir: string, weights: Uint8Array, modelJson: (weightsName: string) => string): Promise<void> {
  const { fs, path } = await nodeModules();
  const target = path.resolve(dir);
  const existing = await fs.stat(target).catch(() => null);
  if (existing && !existing.isDirectory()) throw new ValueError(`${dir}: exists and is not a directory; not replacing it`);
  const entries = existing ? await fs.readdir(target) : [];
  if (entries.length > 0 && !entries.includes('model.json')) throw new ValueError(`${dir}: exists, is not empty and holds no model.json; not replacing it`);
  const stamp = `${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  if (entries.length === 0) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${stamp}`;
    await fs.mkdir(tmp);
    try {
      await writeSynced(path.join(tmp, 'weights.bin'), weights);
      await writeSynced(path.join(tmp, 'model.json'), modelJson('weights.bin'));
      if (existing) await fs.rmdir(target); // an empty directory
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
    return;
  }
  const previous = await listedWeightFiles(path.join(target, 'model.json'));
  const name = previous.includes('weights.bin') ? 'weights-1.bin' : 'weights.bin';
  const tmpWeights = path.join(target, `${name}.tmp-${stamp}`);
  const tmpJson = path.join(target, `model.json.tmp-${stamp}`);
  try {
    await writeSynced(tmpWeights, weights);
    await fs.rename(tmpWeights, path.join(target, name)); // not used by the current model.json
    await writeSynced(tmpJson, modelJson(name));
    await fs.rename(tmpJson, path.join(target, 'model.json')); // the switch
  } catch (e) {
    await fs.rm(tmpWeights, { force: true });
    await fs.rm(tmpJson, { force: true });
    throw e;
  }
  for (const old of previous) if (old !== name) await fs.rm(path.join(target, old), { force: true });
}

/** Writes one file atomically (temporary name in the same directory, then rename). */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  try {
    await writeFileUnchecked(file, data);
  } catch (e) {
    throw fileError(e, file, 'a writable file path');
  }
}

/** Writes `value` as JSON (indented by `indent` spaces, 0 = compact) to one file atomically, as writeFileAtomic. */
export async function writeJsonAtomic(file: string, value: unknown, indent = 0): Promise<void> {
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(value, null, indent || undefined)));
}

async function writeFileUnchecked(file: string, data: Uint8Array): Promise<void> {
  const { fs, path } = await nodeModules();
  const target = path.resolve(file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
