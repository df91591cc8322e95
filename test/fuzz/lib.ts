// Fuzz and fault cases for every file rnnkit reads: valid bases (an rnnkit `.keras`, a Keras 2 `.h5` fixture, an
// rnnkit TF.js directory with two weight shards, a saved forecaster directory), mutation operators (bit flips,
// truncation at section boundaries, swapped members, huge declared sizes, deep nesting), and the oracle that
// classifies what loading a mutated case did. Used by test/fuzz.test.ts (a seeded quick subset in `npm test`)
// and bench/fuzz.ts (`npm run fuzz`, 10,000+ cases with a watchdog). No side effects on import.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as rk from '../../src/index.js';
import type { Series } from '../../src/forecast/csv.js';

/** A set of files (relative path → bytes) and the path a loader is given. */
export interface Artifact {
  kind: 'keras' | 'h5' | 'tfjs' | 'forecaster';
  files: Record<string, Uint8Array>;
  entry: string;
}

/** A valid artifact, what loading it predicts on a fixed probe, and its canonical configuration. */
export interface Base {
  name: string;
  artifact: Artifact;
  expected: number[];
  config: string;
  /** Whether the format protects the weight bytes with a checksum (Keras's .h5 does not). */
  checksummed: boolean;
}

export type Outcome = 'same' | 'error' | 'different-config' | 'undetectable' | 'silent-wrong' | 'crash' | 'error-without-path' | 'slow';

/** The outcomes that are defects. */
export const FAILURES: readonly Outcome[] = ['silent-wrong', 'crash', 'error-without-path', 'slow'];

const FIXTURE = new URL('../../../test/fixtures/keras/h5-k2-simplernn-dl4j/simple_rnn_tf_keras_2_model.h5', import.meta.url).pathname;

function readTree(dir: string, prefix = ''): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, readTree(full, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = new Uint8Array(readFileSync(full));
  }
  return out;
}

const probeX = (T: number, F: number) => rk.tensor(Float32Array.from({ length: 2 * T * F }, (_, i) => Math.sin(1 + i * 0.7)), [2, T, F]);

/** Predictions and canonical config of a loaded model or forecaster. */
async function observe(kind: Artifact['kind'], loaded: rk.Model | rk.Forecaster): Promise<{ out: number[]; config: string }> {
  if (kind === 'forecaster') {
    const f = loaded as rk.Forecaster;
    return { out: f.forecast(f.config.horizon).flat(), config: JSON.stringify([f.toJSON(), f.models.map((m) => m.layers.map((l) => l.getConfig()))]) };
  }
  const m = loaded as rk.Model;
  const [T, F] = m.inputShape as number[];
  if (m.inputShape!.length !== 2) throw new Error('probe expects sequence models');
  return { out: Array.from(m.predict(probeX(T, F)).data), config: JSON.stringify([m.inputShape, m.layers.map((l) => [l.getClassName(), l.getConfig()])]) };
}

/** Builds the bases (a few seconds: one short forecaster training). */
export async function makeBases(): Promise<Base[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnkit-fuzz-base-'));
  rk.setRandomSeed(17);
  const keras = new rk.Sequential({ layers: [new rk.Bidirectional({ layer: new rk.GRU({ units: 3, returnSequences: true }), inputShape: [5, 2] }), new rk.LSTM({ units: 4 }), new rk.Dense({ units: 2 })] });
  await keras.save(join(dir, 'm.keras'));
  const tfjs = new rk.Sequential({ layers: [new rk.Masking({ maskValue: 0, inputShape: [4, 3] }), new rk.SimpleRNN({ units: 5, returnSequences: true }), new rk.TimeDistributed({ layer: new rk.Dense({ units: 2 }) }), new rk.GRU({ units: 2, resetAfter: false }), new rk.Dense({ units: 1 })] });
  tfjs.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  await tfjs.save(join(dir, 'tfjs'));
  // two shards cutting through a weight, as the converter writes them
  const json = JSON.parse(readFileSync(join(dir, 'tfjs', 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, 'tfjs', 'weights.bin'));
  json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
  const tfjsFiles = { 'model.json': new TextEncoder().encode(JSON.stringify(json)), 'group1-shard1of2.bin': new Uint8Array(bin.subarray(0, 50)), 'group1-shard2of2.bin': new Uint8Array(bin.subarray(50)) };
  const series: Series = { names: ['v'], values: Array.from({ length: 60 }, (_, i) => [10 + Math.sin(i / 3) + i * 0.05]), time: null };
  const { forecaster } = await rk.Forecaster.train(series, { target: 'v', lookback: 6, horizon: 2, model: 'lstm:4', epochs: 2, ensemble: 1, validation: 0, seed: 3 }, { verbose: 0 });
  await forecaster.save(join(dir, 'fc'));
  const artifacts: [string, Artifact, boolean][] = [
    ['keras', { kind: 'keras', files: { 'm.keras': new Uint8Array(readFileSync(join(dir, 'm.keras'))) }, entry: 'm.keras' }, true],
    ['h5', { kind: 'h5', files: { 'm.h5': new Uint8Array(readFileSync(FIXTURE)) }, entry: 'm.h5' }, false],
    ['tfjs', { kind: 'tfjs', files: tfjsFiles, entry: '.' }, true],
    ['forecaster', { kind: 'forecaster', files: readTree(join(dir, 'fc')), entry: '.' }, true],
  ];
  const bases: Base[] = [];
  for (const [name, artifact, checksummed] of artifacts) {
    const loaded = await load(artifact, join(dir, `check-${name}`));
    const { out, config } = await observe(artifact.kind, loaded);
    bases.push({ name, artifact, expected: out, config, checksummed });
  }
  rmSync(dir, { recursive: true, force: true });
  return bases;
}

/** Writes `artifact` into a fresh `dir` and loads it with the public loader for its kind. */
export async function load(artifact: Artifact, dir: string): Promise<rk.Model | rk.Forecaster> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(artifact.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const entry = join(dir, artifact.entry);
  return artifact.kind === 'forecaster' ? rk.Forecaster.load(entry) : rk.loadModel(entry);
}

/** Loads a mutated artifact and classifies the result against its base. */
export async function classify(base: Base, artifact: Artifact, dir: string, limitMs: number): Promise<{ outcome: Outcome; detail: string; ms: number }> {
  const started = performance.now();
  let outcome: Outcome;
  let detail = '';
  const warn = console.warn;
  console.warn = () => {};
  try {
    const loaded = await load(artifact, dir);
    const { out, config } = await observe(artifact.kind, loaded);
    const same = out.length === base.expected.length && out.every((v, i) => Object.is(v, base.expected[i]));
    if (same) outcome = 'same';
    else if (config !== base.config) outcome = 'different-config';
    else outcome = base.checksummed ? 'silent-wrong' : 'undetectable';
    if (outcome === 'silent-wrong') detail = `predicted ${out.slice(0, 3)} instead of ${base.expected.slice(0, 3)}`;
  } catch (e) {
    if (e instanceof rk.RnnkitError) {
      outcome = e.message.includes(dir) || e.message.startsWith('artifacts') ? 'error' : 'error-without-path';
      detail = e.message.slice(0, 300);
    } else {
      outcome = 'crash';
      detail = (e as Error)?.stack?.slice(0, 600) ?? String(e);
    }
  } finally {
    console.warn = warn;
  }
  const ms = performance.now() - started;
  if (ms > limitMs && !FAILURES.includes(outcome)) {
    detail = `${outcome} after ${ms.toFixed(0)} ms`;
    outcome = 'slow';
  }
  return { outcome, detail, ms };
}

// ---------------------------------------------------------------- mutation operators

/** A case: which base, which operator, and the random numbers the operator draws from. */
export interface CaseSpec {
  base: number;
  op: number;
  rnd: number[];
}

export const OPERATORS = ['bitflip', 'bytes', 'truncate', 'swap', 'huge', 'nest'] as const;

/** A deterministic stream over `rnd`. */
function stream(rnd: number[]): (n: number) => number {
  let i = 0;
  return (n: number) => (n <= 0 ? 0 : rnd[i++ % rnd.length] % n);
}

/** Offsets where a file's sections begin (zip records, HDF5 object signatures, JSON tokens, weight entries). */
export function boundaries(name: string, bytes: Uint8Array, artifact: Artifact): number[] {
  const out = new Set<number>([0, 1, 4, 8, bytes.length - 1]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (name.endsWith('.keras')) {
    for (let i = 0; i + 4 <= bytes.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) {
        out.add(i);
        const start = i + 30 + view.getUint16(i + 26, true) + view.getUint16(i + 28, true);
        out.add(start);
        out.add(start + view.getUint32(i + 18, true));
      } else if (sig === 0x02014b50 || sig === 0x06054b50) out.add(i);
    }
  } else if (name.endsWith('.h5')) {
    const sigs = ['OHDR', 'OCHK', 'TREE', 'HEAP', 'SNOD', 'GCOL', 'FRHP', 'FSHD', 'BTHD', 'BTLF'].map((s) => Array.from(s, (c) => c.charCodeAt(0)));
    for (let i = 0; i + 4 <= bytes.length; i++) if (sigs.some((s) => s.every((b, k) => bytes[i + k] === b))) out.add(i);
    for (const o of [8, 16, 24, 32, 40, 48, 56, 64, 96]) out.add(o);
  } else if (name.endsWith('.json')) {
    for (let i = 0; i < bytes.length; i++) if ('{}[],:'.includes(String.fromCharCode(bytes[i]))) out.add(i);
  } else if (name.endsWith('.bin')) {
    // weight entry starts, from the manifest
    const jsonName = Object.keys(artifact.files).find((f) => f.endsWith('model.json') && dirname(f) === dirname(name));
    if (jsonName) {
      try {
        const manifest = JSON.parse(new TextDecoder().decode(artifact.files[jsonName])).weightsManifest[0];
        let offset = 0;
        const starts: number[] = [];
        for (const w of manifest.weights) {
          starts.push(offset);
          offset += 4 * w.shape.reduce((a: number, d: number) => a * d, 1);
        }
        const shardOffset = manifest.paths.slice(0, manifest.paths.indexOf(name.split('/').pop())).reduce((n: number, p: string) => n + (artifact.files[join(dirname(name), p).replace(/^\.\//, '')]?.length ?? 0), 0);
        for (const s of starts) if (s - shardOffset >= 0 && s - shardOffset < bytes.length) out.add(s - shardOffset);
      } catch {
        // a mutated manifest: no boundaries from it
      }
    }
    for (let i = 0; i < bytes.length; i += 4) if (i % 64 === 0) out.add(i);
  }
  return [...out].filter((o) => o >= 0 && o < bytes.length).sort((a, b) => a - b);
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Applies operator `spec.op` to base `base`; returns the mutated artifact and a description. */
export function mutate(base: Base, spec: CaseSpec): { artifact: Artifact; what: string } {
  const r = stream(spec.rnd);
  const files = { ...base.artifact.files };
  const names = Object.keys(files).sort();
  const name = names[r(names.length)];
  const bytes = files[name].slice();
  const op = OPERATORS[spec.op % OPERATORS.length];
  let what = `${base.name}:${name}:${op}`;
  switch (op) {
    case 'bitflip': {
      const n = 1 + r(16);
      for (let k = 0; k < n; k++) bytes[r(bytes.length)] ^= 1 << r(8);
      what += ` ${n} bits`;
      files[name] = bytes;
      break;
    }
    case 'bytes': {
      const n = 1 + r(8);
      for (let k = 0; k < n; k++) bytes[r(bytes.length)] = r(256);
      files[name] = bytes;
      break;
    }
    case 'truncate': {
      const cuts = boundaries(name, bytes, base.artifact);
      const at = cuts[r(cuts.length)] + (r(3) - 1);
      files[name] = bytes.slice(0, Math.max(0, at));
      what += ` at ${at}`;
      break;
    }
    case 'swap': {
      if (name.endsWith('.keras')) {
        // swap the names of two members in the central directory and local headers (same length names only swap
        // bytes; others rename one member to another's name)
        const text = dec(bytes);
        const pairs: [string, string][] = [['config.json', 'metadata.json'], ['model.weights.h5', 'config.json'], ['metadata.json', 'model.weights.h5']];
        const [a, b] = pairs[r(pairs.length)];
        const replaced = text.includes(a) ? bytes.slice() : bytes;
        let idx = -1;
        const needle = enc(a);
        for (let i = 0; i + needle.length <= replaced.length; i++) if (needle.every((v, k) => replaced[i + k] === v)) { idx = i; if (r(2) === 0) break; }
        if (idx >= 0) replaced.set(enc(b).subarray(0, needle.length), idx);
        files[name] = replaced;
        what += ` ${a}→${b}`;
      } else if (names.length > 1) {
        const other = names.filter((n) => n !== name)[r(names.length - 1)];
        files[name] = files[other];
        files[other] = bytes;
        what += ` ↔ ${other}`;
      } else {
        // one-file artifact: swap two halves
        const mid = r(bytes.length);
        files[name] = new Uint8Array([...bytes.subarray(mid), ...bytes.subarray(0, mid)]);
      }
      break;
    }
    case 'huge': {
      const values = ['1e9', '4294967295', '9007199254740993', '-1', '1e308', '0', '2147483648'];
      const value = values[r(values.length)];
      if (name.endsWith('.json')) {
        const text = dec(bytes);
        const numbers = [...text.matchAll(/(?<![\w.])\d+(?![\w.])/g)];
        if (numbers.length > 0) {
          const m = numbers[r(numbers.length)];
          files[name] = enc(text.slice(0, m.index) + value + text.slice(m.index! + m[0].length));
          what += ` ${m[0]}→${value}`;
        }
      } else if (name.endsWith('.keras')) {
        // a declared size in a zip record
        const view = new DataView(bytes.buffer);
        const records: number[] = [];
        for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50 || view.getUint32(i, true) === 0x04034b50) records.push(i);
        const at = records[r(records.length)];
        const central = view.getUint32(at, true) === 0x02014b50;
        const field = at + (central ? [20, 24, 42][r(3)] : [18, 22][r(2)]);
        view.setUint32(field, [0xffffffff, 0x7fffffff, 0x10000000, bytes.length * 1000][r(4)] >>> 0, true);
        files[name] = bytes;
        what += ` field@${field - at}`;
      } else {
        // binary: overwrite 4 aligned bytes with a huge little-endian value (HDF5 sizes and addresses are 8-byte LE)
        const at = (r(bytes.length >> 3) << 3);
        new DataView(bytes.buffer).setUint32(at, 0xfffffff0, true);
        files[name] = bytes;
      }
      break;
    }
    case 'nest': {
      if (!name.endsWith('.json')) {
        // an .h5/.keras/.bin file: replace it with deeply nested JSON (wrong container) or nest a member's JSON
        const depth = 1000 * (1 + r(200));
        files[name] = enc('['.repeat(depth) + ']'.repeat(depth));
        what += ` replaced by ${depth}-deep JSON`;
        break;
      }
      const text = dec(bytes);
      const depth = [50, 1000, 10000, 100000][r(4)];
      const objs = [...text.matchAll(/"(config|layer|layers|pipeline|modelTopology|weights)":/g)];
      if (objs.length > 0) {
        const m = objs[r(objs.length)];
        const start = m.index! + m[0].length;
        const kind = r(2);
        const inner = kind === 0 ? '['.repeat(depth) + ']'.repeat(depth) : '{"class_name":"TimeDistributed","config":{"layer":'.repeat(depth) + '{}' + '}}'.repeat(depth);
        // replace the value that follows with the nested structure
        let end = start;
        let level = 0;
        for (; end < text.length; end++) {
          const c = text[end];
          if (c === '{' || c === '[') level++;
          else if (c === '}' || c === ']') {
            level--;
            if (level < 0) break;
            if (level === 0) { end++; break; }
          } else if (c === ',' && level === 0) break;
        }
        files[name] = enc(text.slice(0, start) + inner + text.slice(end));
        what += ` ${m[1]} ${kind === 0 ? 'arrays' : 'TimeDistributed'} ${depth} deep`;
      }
      break;
    }
  }
  return { artifact: { ...base.artifact, files }, what };
}

/** Every section-boundary truncation of every file of every base (the exhaustive part of `npm run fuzz`). */
export function allTruncations(bases: Base[]): { base: number; artifact: Artifact; what: string }[] {
  const out: { base: number; artifact: Artifact; what: string }[] = [];
  bases.forEach((base, b) => {
    for (const [name, bytes] of Object.entries(base.artifact.files)) {
      for (const at of boundaries(name, bytes, base.artifact)) {
        out.push({ base: b, artifact: { ...base.artifact, files: { ...base.artifact.files, [name]: bytes.slice(0, at) } }, what: `${base.name}:${name}:truncate at ${at}` });
      }
    }
  });
  return out;
}
