// The TF.js weights manifest and binary layout (tfjs-core io_utils encodeWeights/decodeWeights): entries packed
// back to back, little-endian, in manifest order. Decoding treats the manifest as untrusted: every entry is
// checked (name, dtype, shape, quantization) and the byte total must equal the data length before anything is
// read or allocated; limits keep absurd shapes from exhausting memory.
import { ValueError } from '../errors.js';

export type Quantization = { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  group?: string;
  quantization?: Quantization;
}

/** Largest tensor rnnkit reads (2²⁸ values = 1 GiB of float32) and largest rank. */
export const MAX_ELEMENTS = 2 ** 28;
export const MAX_RANK = 8;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bytesPer(spec: WeightSpec): number {
  const q = spec.quantization?.dtype;
  return q === 'uint8' ? 1 : q === 'uint16' || q === 'float16' ? 2 : 4;
}

/** Validates one manifest entry; `where` names the file. */
export function checkSpec(raw: unknown, where: string): WeightSpec {
  if (!isObject(raw)) throw new ValueError(`${where}: a weight entry must be an object, got ${JSON.stringify(raw)?.slice(0, 100)}`);
  const { name, shape, dtype, group, quantization } = raw;
  if (typeof name !== 'string' || name.length === 0 || name.length > 1000) throw new ValueError(`${where}: weight entry has no valid name`);
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ValueError(`${where}: weight '${name}' has an invalid shape ${JSON.stringify(shape)} (non-negative integers, rank ≤ ${MAX_RANK})`);
  }
  const count = shape.reduce((n: number, d: number) => n * d, 1);
  if (count > MAX_ELEMENTS) throw new ValueError(`${where}: weight '${name}' has shape ${JSON.stringify(shape)} = ${count} values, more than the limit ${MAX_ELEMENTS}`);
  if (dtype !== 'float32' && dtype !== 'int32') throw new ValueError(`${where}: weight '${name}' has dtype ${JSON.stringify(dtype)}; rnnkit reads float32 (and int32 counters)`);
  const spec: WeightSpec = { name, shape: shape as number[], dtype };
  if (group !== undefined) {
    if (typeof group !== 'string') throw new ValueError(`${where}: weight '${name}' has a non-string group`);
    spec.group = group;
  }
  if (quantization !== undefined && quantization !== null) {
    if (!isObject(quantization) || !['uint8', 'uint16', 'float16'].includes(quantization.dtype as string)) {
      throw new ValueError(`${where}: weight '${name}' has unsupported quantization ${JSON.stringify(quantization)}`);
    }
    const q = quantization as Quantization;
    if (q.dtype !== 'float16' && !(Number.isFinite(q.scale) && Number.isFinite(q.min))) throw new ValueError(`${where}: weight '${name}': ${q.dtype} quantization needs finite scale and min`);
    spec.quantization = { dtype: q.dtype, ...(q.scale !== undefined ? { scale: q.scale } : {}), ...(q.min !== undefined ? { min: q.min } : {}) };
  }
  return spec;
}

/** IEEE 754 half → number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

export interface DecodedWeight {
  spec: WeightSpec;
  values: Float32Array;
}

/** Checks every entry and the total byte length, then decodes (dequantizing) each entry to float32. */
export function decodeWeights(rawSpecs: unknown, data: Uint8Array, where: string): DecodedWeight[] {
  if (!Array.isArray(rawSpecs)) throw new ValueError(`${where}: the weights manifest must be a list`);
  const specs = rawSpecs.map((s) => checkSpec(s, where));
  const names = new Set<string>();
  let total = 0;
  for (const s of specs) {
    if (names.has(s.name)) throw new ValueError(`${where}: weight '${s.name}' appears twice in the manifest`);
    names.add(s.name);
    total += s.shape.reduce((n, d) => n * d, 1) * bytesPer(s);
  }
  if (total !== data.length) {
    throw new ValueError(`${where}: the manifest needs ${total} bytes of weights but the weight files hold ${data.length} (${total > data.length ? 'truncated' : 'too long'})`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  return specs.map((spec) => {
    const n = spec.shape.reduce((a, d) => a * d, 1);
    const values = new Float32Array(n);
    const q = spec.quantization;
    for (let i = 0; i < n; i++) {
      if (!q) values[i] = spec.dtype === 'int32' ? view.getInt32(offset + 4 * i, true) : view.getFloat32(offset + 4 * i, true);
      else if (q.dtype === 'float16') values[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
      else values[i] = (q.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true)) * q.scale! + q.min!;
    }
    offset += n * bytesPer(spec);
    return { spec, values };
  });
}

/** Packs float32 entries back to back; returns the manifest entries and the bytes. */
export function encodeWeights(entries: { name: string; shape: readonly number[]; values: ArrayLike<number>; group?: string }[]): { specs: WeightSpec[]; data: Uint8Array } {
  const total = entries.reduce((n, e) => n + e.values.length, 0);
  const floats = new Float32Array(total);
  let offset = 0;
  const specs = entries.map((e) => {
    floats.set(e.values, offset);
    offset += e.values.length;
    return { name: e.name, shape: [...e.shape], dtype: 'float32' as const, ...(e.group ? { group: e.group } : {}) };
  });
  return { specs, data: new Uint8Array(floats.buffer) };
}
