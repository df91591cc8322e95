// The checks on a TF.js model.json that do not touch storage, for readers that fetch their weight files
// (src/browser/load.ts): JSON nesting limit, layers-model format, manifest shape, each weight spec (dtype, shape,
// size limits), and the byte total the weight files must add up to. The Node reader (files.ts) makes the same
// checks interleaved with its file reads.
import { ValueError } from '../errors.js';
import type { ModelArtifacts } from './artifacts.js';
import { parseJsonChecked } from './json_checked.js';
import { checkSpec, type WeightSpec } from './weights_codec.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TfjsManifest {
  json: Record<string, unknown>;
  specs: WeightSpec[];
  /** Weight file names in order, as written (relative names, checked). */
  paths: string[];
  /** Bytes the weight files must hold together. */
  bytes: number;
}

/** Parses and checks model.json text (`where` names it in errors); weights may total at most `limit` bytes. */
export function parseTfjsModelJson(text: string, where: string, limit: number): TfjsManifest {
  const json = parseJsonChecked(text, where);
  if (!isObject(json) || !isObject(json.modelTopology)) throw new ValueError(`${where}: not a TF.js layers model (no modelTopology)`);
  if (json.format !== undefined && json.format !== 'layers-model') throw new ValueError(`${where}: format '${String(json.format)}' is not a layers model`);
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new ValueError(`${where}: weightsManifest must be a list`);
  const specs: WeightSpec[] = [];
  const paths: string[] = [];
  let bytes = 0;
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new ValueError(`${where}: each weightsManifest group needs 'paths' and 'weights' lists`);
    for (const raw of group.weights) {
      const spec = checkSpec(raw, where);
      const size = spec.quantization ? (spec.quantization.dtype === 'uint8' ? 1 : 2) : 4;
      bytes += spec.shape.reduce((n, d) => n * d, 1) * size;
      specs.push(spec);
    }
    if (bytes > limit) throw new ValueError(`${where}: the manifest describes ${bytes} bytes of weights, more than the limit of ${limit}`);
    for (const p of group.paths) {
      if (typeof p !== 'string' || p.length === 0 || p.startsWith('/') || p.includes('\\') || p.includes('\0') || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.split('/').includes('..')) {
        throw new ValueError(`${where}: weight path ${JSON.stringify(p)} must be a relative file name inside the model's folder`);
      }
      paths.push(p);
    }
  }
  return { json, specs, paths, bytes };
}

/** Artifacts from a checked model.json and its weight bytes (which must total `m.bytes`). */
export function artifactsOf(m: TfjsManifest, data: Uint8Array, where: string): ModelArtifacts {
  if (data.length !== m.bytes) throw new ValueError(`${where}: the manifest needs ${m.bytes} bytes of weights but the weight files hold ${data.length} (${data.length < m.bytes ? 'truncated' : 'too long'})`);
  const { json } = m;
  return {
    modelTopology: json.modelTopology as Record<string, unknown>,
    weightSpecs: m.specs,
    weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    format: typeof json.format === 'string' ? json.format : undefined,
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    convertedBy: typeof json.convertedBy === 'string' ? json.convertedBy : null,
    ...(isObject(json.trainingConfig) ? { trainingConfig: json.trainingConfig } : {}),
    ...(isObject(json.userDefinedMetadata) ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
  };
}

/** Concatenates byte arrays. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
