// Files you can trust: a `.keras` archive's members are checked against their CRC-32 and declared sizes (a flipped
// byte is an error, not a silently different prediction), zip bombs are refused before inflating, a truncated
// HDF5 file is reported as truncated without libhdf5's C stack traces on stderr, and file-system failures
// (a missing file, a missing directory for a log) are one line naming the path.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import * as rk from '../src/index.js';
import { crc32, readZipChecked, ZIP_LIMITS } from '../src/io/zip_checks.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rnnkit-'));

function smallModel(): rk.Sequential {
  rk.setRandomSeed(3);
  return new rk.Sequential({ layers: [new rk.LSTM({ units: 3, inputShape: [4, 2], name: 'lstm' }), new rk.Dense({ units: 1, name: 'dense' })] });
}

/** Offset of `values` (as float32 little-endian bytes) inside `bytes`. */
function find(bytes: Uint8Array, values: ArrayLike<number>): number {
  const needle = new Uint8Array(Float32Array.from(values).buffer);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

test('.keras: 16 flipped bytes inside model.weights.h5 fail the CRC-32 check (they used to change the prediction silently)', async () => {
  const d = tmp();
  const model = smallModel();
  await model.save(join(d, 'm.keras'));
  const bytes = new Uint8Array(readFileSync(join(d, 'm.keras')));
  const kernel = model.layers[0].weights[0].value;
  const at = find(bytes, kernel.subarray(0, 4));
  assert.ok(at > 0, 'the kernel values are stored uncompressed in the archive');
  // flip the lowest exponent bit of 4 floats (16 bytes touched: the low mantissa bytes too): values stay finite
  for (let i = 0; i < 16; i++) bytes[at + i] ^= i % 4 === 3 ? 0x01 : 0x5a;
  writeFileSync(join(d, 'flipped.keras'), bytes);
  await assert.rejects(rk.loadModel(join(d, 'flipped.keras')), /flipped\.keras: member 'model\.weights\.h5' fails its CRC-32 check .* corrupt/);
  await assert.rejects(rk.loadModelFromBytes(bytes, 'upload.keras'), /upload\.keras: member 'model\.weights\.h5' fails its CRC-32 check/);
});

test('.keras: truncation, swapped members, lying sizes and zip bombs are refused by name', () => {
  const member = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 251);
  const good = zipSync({ 'config.json': member(100), 'model.weights.h5': member(300) }, { level: 0 });
  assert.equal(Object.keys(readZipChecked(good, 'ok.keras')).length, 2);
  assert.deepEqual(readZipChecked(good, 'ok.keras')['model.weights.h5'], member(300));
  assert.throws(() => readZipChecked(good.subarray(0, good.length - 30), 't.keras'), /t\.keras: not a complete zip archive .*truncated/);
  assert.throws(() => readZipChecked(good.subarray(0, 200), 't.keras'), /truncated/);
  // the first member's local name changed: the central directory and the local header disagree
  const swapped = good.slice();
  swapped.set(new TextEncoder().encode('model.weights'), 30);
  assert.throws(() => readZipChecked(swapped, 's.keras'), /s\.keras: member 'config\.json': the local header names it 'model\.weigh' \(members swapped/);
  // a central directory that declares a larger size than the local header
  const lying = good.slice();
  const view = new DataView(lying.buffer);
  const cd = view.getUint32(lying.length - 22 + 16, true);
  view.setUint32(cd + 24, 101, true);
  assert.throws(() => readZipChecked(lying, 'l.keras'), /member 'config\.json'.*(stored but declares|disagrees)/);
  // a deflated bomb: 8 MiB of zeros in about 8 KiB
  const zeros = new Uint8Array(8 * 2 ** 20);
  const bomb = zipSync({ 'model.weights.h5': [zeros, { level: 9 }] });
  assert.throws(() => readZipChecked(bomb, 'b.keras'), /b\.keras: member 'model\.weights\.h5' would expand \d+ bytes to 8388608 \(ratio over 200; a zip bomb\?\)/);
  // huge declared sizes: a member over the per-member limit, and members summing past the total limit
  const huge = good.slice();
  const hv = new DataView(huge.buffer);
  const cd2 = hv.getUint32(huge.length - 22 + 16, true);
  hv.setUint32(cd2 + 24, 0xfffffff0, true);
  assert.throws(() => readZipChecked(huge, 'h.keras'), new RegExp(`declares ${0xfffffff0} bytes, more than the limit of ${ZIP_LIMITS.member}`));
  // a deflated member whose declared size is smaller than its data: inflated into the declared size only, then the CRC fails
  const deflated = zipSync({ 'a.bin': [member(1000), { level: 6 }] });
  const dv = new DataView(deflated.buffer);
  const cd3 = dv.getUint32(deflated.length - 22 + 16, true);
  assert.equal(crc32(member(1000)), dv.getUint32(cd3 + 16, true), 'crc32 agrees with the one fflate stored');
  for (const at of [18 + 4, cd3 + 24]) dv.setUint32(at, 10, true);
  assert.throws(() => readZipChecked(deflated, 'd.keras'), /d\.keras: member 'a\.bin' fails its CRC-32 check/);
});

test('a truncated .weights.h5 says "truncated", and libhdf5 prints nothing to stderr', async () => {
  const d = tmp();
  const model = smallModel();
  await model.saveWeights(join(d, 'w.weights.h5'));
  const bytes = readFileSync(join(d, 'w.weights.h5'));
  writeFileSync(join(d, 't.weights.h5'), bytes.subarray(0, bytes.length - 200));
  await assert.rejects(model.loadWeights(join(d, 't.weights.h5')), /t\.weights\.h5: not a readable HDF5 file \(truncated: the file has \d+ bytes but its HDF5 superblock says \d+\)/);
  // in a fresh process (h5wasm loaded for the first time), stderr stays clean on every failing read
  const index = new URL('../src/index.js', import.meta.url).href;
  const script = `import * as rk from ${JSON.stringify(index)};
    const m = new rk.Sequential({ layers: [new rk.LSTM({ units: 3, inputShape: [4, 2], name: 'lstm' }), new rk.Dense({ units: 1, name: 'dense' })] });
    for (const f of ${JSON.stringify([join(d, 't.weights.h5'), join(d, 'w.weights.h5')])}) { try { await m.loadWeights(f); console.log('ok'); } catch (e) { console.log(e.message); } }
    try { await rk.loadModel(${JSON.stringify(join(d, 't.weights.h5'))}); } catch (e) { console.log(e.message); }`;
  writeFileSync(join(d, 'probe.mjs'), script);
  const child = spawnSync(process.execPath, [join(d, 'probe.mjs')], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.doesNotMatch(child.stderr, /HDF5-DIAG|Error detected in HDF5/);
  assert.equal(child.stderr, '');
  assert.match(child.stdout, /truncated/);
  assert.match(child.stdout, /\nok\n/);
});

test('file-system errors name the path and what was expected', async () => {
  const d = tmp();
  const model = smallModel();
  await assert.rejects(model.loadWeights(join(d, 'nope.weights.h5')), (e: Error) => {
    assert.ok(e instanceof rk.RnnkitError);
    assert.match(e.message, /nope\.weights\.h5: no such file or directory \[ENOENT\]; expected a weights file/);
    assert.doesNotMatch(e.message, /malformed/);
    return true;
  });
  await assert.rejects(rk.loadModel(join(d, 'nope.keras')), /nope\.keras: no such file or directory \[ENOENT\]; expected a TF\.js model directory/);
  await assert.rejects(rk.loadModel(d), /the directory holds no model\.json/);
  await assert.rejects(rk.Forecaster.load(join(d, 'nothing')), /nothing is not a saved forecaster: it has no forecaster.json/);
  // a parent that is a file: save cannot create the directory
  writeFileSync(join(d, 'plain'), 'x');
  await assert.rejects(model.save(join(d, 'plain', 'm.keras')), /plain\/m\.keras: a parent of this path is not a directory( \(at .*plain\))? \[(ENOTDIR|EEXIST)\]/);
});

test('CSVLogger creates a missing parent directory (as ModelCheckpoint does)', async () => {
  const d = tmp();
  const model = smallModel();
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const file = join(d, 'ckpt', 'run1', 'log.csv');
  const x = rk.tensor(Float32Array.from({ length: 16 }, (_, i) => i / 16), [2, 4, 2]);
  const y = rk.tensor([[0.5], [-0.5]]);
  await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new rk.CSVLogger(file)] });
  assert.ok(existsSync(file));
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(',')[0]), ['epoch', '0', '1']);
  writeFileSync(join(d, 'f'), 'x');
  await assert.rejects(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new rk.CSVLogger(join(d, 'f', 'log.csv'))] }), /f\/log\.csv: .*\[(ENOTDIR|EEXIST)\]; expected a writable CSV log file/);
});

test("save never silently replaces a file that is not a model of the same kind (Keras's overwrite option)", async () => {
  const d = tmp();
  const model = smallModel();
  const notes = join(d, 'notes.keras');
  writeFileSync(notes, 'my notes, not a model\n');
  await assert.rejects(model.save(notes), /notes\.keras exists at .* and is not a \.keras model file; not replacing it \(pass \{ overwrite: true \} to replace it\)/);
  assert.equal(readFileSync(notes, 'utf8'), 'my notes, not a model\n');
  await model.save(notes, { overwrite: true });
  assert.ok((await rk.loadModel(notes)) instanceof rk.Sequential);
  // an existing .keras model is replaced by default (Keras's overwrite=True), not with overwrite: false
  const m = join(d, 'm.keras');
  await model.save(m);
  const first = readFileSync(m);
  model.layers[1].weights[1].value[0] += 1;
  await model.save(m);
  assert.notDeepEqual(readFileSync(m), first);
  await assert.rejects(model.save(m, { overwrite: false }), /m\.keras: already exists and overwrite is false; not replacing it/);
  await assert.rejects(model.save(m, { overwrit: true } as never), /save: unknown option 'overwrit'/);
  // weights files: an HDF5 weights file is replaced, a text file is not
  const w = join(d, 'w.weights.h5');
  writeFileSync(w, 'text');
  await assert.rejects(model.saveWeights(w), /is not a \.weights\.h5 weights file; not replacing it/);
  assert.equal(readFileSync(w, 'utf8'), 'text');
  await model.saveWeights(w, { overwrite: true });
  await model.saveWeights(w);
  await assert.rejects(model.saveWeights(w, { overwrite: false }), /already exists and overwrite is false/);
  // the CLI: convert refuses to replace an unrelated file unless --overwrite
  const cli = new URL('../src/cli/main.js', import.meta.url).pathname;
  const out = join(d, 'out.keras');
  writeFileSync(out, 'keep me');
  const refused = spawnSync(process.execPath, [cli, 'convert', m, out], { encoding: 'utf8' });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^rnnkit: out\.keras exists at .* not replacing it/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me');
  assert.equal(spawnSync(process.execPath, [cli, 'convert', m, out, '--overwrite'], { encoding: 'utf8' }).status, 0);
  assert.ok((await rk.loadModel(out)) instanceof rk.Sequential);
});
