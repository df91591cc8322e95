// Model files are untrusted input. Crafted bad files — path traversal, truncated or oversized weights, malformed
// JSON, unknown layers, wrong dtypes, absurd shapes, mismatched or missing weights, NaN — each get a clear
// error naming the file; saving is atomic and never destroys a previous model or unrelated data; and a fuzzer
// (fast-check, fixed seed and run count) mutates valid files: the loader must load or throw an rnnkit error.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import * as rk from '../src/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rnnkit-'));

async function savedModel(): Promise<{ dir: string; json: Record<string, any>; weights: Buffer }> {
  rk.setRandomSeed(1);
  const model = new rk.Sequential({ layers: [new rk.LSTM({ units: 3, inputShape: [4, 2], name: 'lstm' }), new rk.Dense({ units: 1, name: 'dense' })] });
  const dir = join(tmp(), 'model');
  await model.save(dir);
  return { dir, json: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), weights: readFileSync(join(dir, 'weights.bin')) };
}

/** Writes a variant of the saved model and expects loading it to fail with `pattern` (and the file named). */
async function refuses(edit: (m: { dir: string; json: Record<string, any>; weights: Buffer }) => void, pattern: RegExp): Promise<void> {
  const m = await savedModel();
  // the edits stand for hand-made or foreign files: without rnnkit's weight checksum
  delete m.json.userDefinedMetadata.rnnkit.weightsCrc32;
  edit(m);
  writeFileSync(join(m.dir, 'model.json'), JSON.stringify(m.json));
  await assert.rejects(rk.loadModel(m.dir), (e: Error) => {
    assert.ok(e instanceof rk.RnnkitError, `an rnnkit error, got ${e}`);
    assert.match(e.message, pattern);
    assert.ok(e.message.includes('model.json'), `names the file: ${e.message}`);
    return true;
  });
}

test('weight paths may not leave the model directory', async () => {
  await refuses((m) => { m.json.weightsManifest[0].paths = ['../weights.bin']; }, /leaves the model's directory/);
  await refuses((m) => { m.json.weightsManifest[0].paths = ['/etc/passwd']; }, /must be a relative file name/);
  await refuses((m) => { m.json.weightsManifest[0].paths = ['sub/../../x.bin']; }, /leaves the model's directory/);
  await refuses((m) => {
    const outside = join(tmp(), 'secret.bin');
    writeFileSync(outside, m.weights);
    symlinkSync(outside, join(m.dir, 'link.bin'));
    m.json.weightsManifest[0].paths = ['link.bin'];
  }, /links outside the model's directory/);
});

test('truncated, oversized and missing weight files', async () => {
  await refuses((m) => writeFileSync(join(m.dir, 'weights.bin'), m.weights.subarray(0, 10)), /needs \d+ bytes .* hold 10 \(truncated\)/);
  await refuses((m) => writeFileSync(join(m.dir, 'weights.bin'), Buffer.concat([m.weights, Buffer.alloc(8)])), /too long/);
  await refuses((m) => { m.json.weightsManifest[0].paths = ['nope.bin']; }, /does not exist/);
});

test('malformed JSON, unknown layers, bad dtypes, absurd shapes', async () => {
  const m = await savedModel();
  writeFileSync(join(m.dir, 'model.json'), '{"modelTopology": {"class_name": ');
  await assert.rejects(rk.loadModel(m.dir), /model.json: malformed JSON/);
  await refuses((j) => { j.json.modelTopology.config.layers[1].class_name = 'Conv2D'; }, /unknown layer class 'Conv2D'/);
  await refuses((j) => { j.json.modelTopology.config.layers[0].config.dtype = 'float16'; }, /'dtype' = "float16" is not supported/);
  await refuses((j) => { j.json.weightsManifest[0].weights[0].dtype = 'float64'; }, /dtype "float64"/);
  await refuses((j) => { j.json.modelTopology.config.layers[0].config.units = 1e9; }, /'units' = 1000000000 exceeds the limit/);
  await refuses((j) => { j.json.modelTopology.config.layers[0].config.units = 100000; }, /the model's weights are too large to allocate \(one buffer of \d+ values\)/);
  // float bits read as int32 would give weights of ~1e9: a layer weight must be float32
  await refuses((j) => { j.json.weightsManifest[0].weights[0].dtype = 'int32'; }, /weight 'lstm\/.*' has dtype int32; layer weights must be float32/);
  await refuses((j) => { j.json.weightsManifest[0].weights[0].shape = [1e6, 1e6]; }, /more than the limit/);
  await refuses((j) => { j.json.weightsManifest[0].weights[0].shape = [-2, 12]; }, /invalid shape/);
  await refuses((j) => { j.json.modelTopology.config.layers[0].config.batch_input_shape = [null, 1e9, 2]; }, /absurd dimension/);
  await refuses((j) => { j.json.modelTopology.class_name = 'Functional'; }, /inputLayers must be a non-empty list/); // a Sequential layer list is no graph
  await refuses((j) => { j.json.modelTopology.class_name = 'Subclassed'; }, /'Subclassed' is not supported/);
  await refuses((j) => { j.json.modelTopology.config.layers[0].config.kernel_constraint = { class_name: 'MaxNorm', config: {} }; }, /'kernel_constraint' .* is not supported/);
  await refuses((j) => { j.json.modelTopology.config.layers[0].config.activation = 'evil()'; }, /unknown activation 'evil\(\)'/);
});

test('weights that do not fit the model', async () => {
  // the two Dense weights swapped: shapes no longer match their names
  await refuses((m) => {
    const w = m.json.weightsManifest[0].weights;
    [w[3].name, w[4].name] = [w[4].name, w[3].name];
  }, /has shape \[1\] but dense\/kernel needs \[3, 1\]|has shape \[3, 1\] but dense\/bias needs \[1\]/);
  await refuses((m) => { m.json.weightsManifest[0].weights[4].name = 'dense/extra'; m.json.weightsManifest[0].weights.splice(3, 1); writeFileSync(join(m.dir, 'weights.bin'), m.weights.subarray(0, m.weights.length - 12)); }, /no weights found for dense\/kernel|does not use/);
  await refuses((m) => { const nan = Buffer.from(m.weights); nan.writeFloatLE(NaN, 8); writeFileSync(join(m.dir, 'weights.bin'), nan); }, /holds NaN/);
  await refuses((m) => {
    m.json.weightsManifest[0].weights.push({ ...m.json.weightsManifest[0].weights[0] });
    writeFileSync(join(m.dir, 'weights.bin'), Buffer.concat([m.weights, m.weights.subarray(0, 4 * 24)]));
  }, /appears twice/);
});

test('saving is atomic: a failed save keeps the previous model; unrelated data is never replaced', async () => {
  const m = await savedModel();
  const before = readFileSync(join(m.dir, 'model.json'), 'utf8');
  // a model that cannot be written in TF.js form (mixed hard_sigmoid meanings) fails before touching disk
  const bad = new rk.Sequential({ layers: [new rk.LSTM({ units: 2, inputShape: [4, 2], recurrentActivation: 'hard_sigmoid' }), new rk.Reshape({ targetShape: [2, 1] }), new rk.GRU({ units: 1, resetAfter: false, recurrentActivation: 'hard_sigmoid_tfjs' })] });
  await assert.rejects(bad.save(m.dir), /mixes 'hard_sigmoid'/);
  assert.equal(readFileSync(join(m.dir, 'model.json'), 'utf8'), before);
  const keras = join(dirname(m.dir), 'm.keras');
  const good = await rk.loadModel(m.dir);
  await good.save(keras);
  const kerasBefore = readFileSync(keras);
  await assert.rejects(new rk.Sequential({ layers: [new rk.GRU({ units: 1, inputShape: [2, 1], recurrentActivation: 'hard_sigmoid_tfjs' })] }).save(keras), /no Keras 3 equivalent/);
  assert.deepEqual(readFileSync(keras), kerasBefore);
  // replacing a saved model leaves exactly the new files, no temporary or backup directories
  await good.save(m.dir);
  assert.deepEqual(readdirSync(dirname(m.dir)).sort(), ['m.keras', 'model']);
  // a directory of other files, or a plain file, is not replaced
  const other = join(tmp(), 'photos');
  mkdirSync(other);
  writeFileSync(join(other, 'cat.jpg'), 'meow');
  await assert.rejects(good.save(other), /holds no model.json; not replacing it/);
  assert.equal(readFileSync(join(other, 'cat.jpg'), 'utf8'), 'meow');
  await assert.rejects(good.save(join(other, 'cat.jpg')), /is not a directory; not replacing it/);
});

test('fuzz: mutated model.json, weights and .keras/.h5 bytes load or fail with an rnnkit error', async () => {
  const m = await savedModel();
  const text = JSON.stringify(m.json);
  const keras = join(dirname(m.dir), 'f.keras');
  await (await rk.loadModel(m.dir)).save(keras);
  const kerasBytes = readFileSync(keras);
  const h5Bytes = readFileSync(new URL('../../test/fixtures/keras/h5-k2-simplernn-dl4j/simple_rnn_tf_keras_2_model.h5', import.meta.url));
  const outcome = async (load: () => Promise<unknown>): Promise<void> => {
    try {
      await load();
    } catch (e) {
      if (!(e instanceof rk.RnnkitError)) throw new Error(`not an rnnkit error: ${(e as Error)?.stack ?? e}`);
    }
  };
  const dir = join(tmp(), 'fz');
  mkdirSync(dir);
  writeFileSync(join(dir, 'weights.bin'), m.weights);
  // JSON: splice random text into the model.json
  await fc.assert(fc.asyncProperty(fc.nat(text.length), fc.nat(20), fc.string({ maxLength: 12 }), async (at, cut, insert) => {
    writeFileSync(join(dir, 'model.json'), text.slice(0, at) + insert + text.slice(at + cut));
    await outcome(() => rk.loadModel(dir));
  }), { seed: 42, numRuns: 150 });
  // binary: overwrite random bytes of the .keras zip and of a Keras 2 .h5
  for (const [bytes, name] of [[kerasBytes, 'f.keras'], [h5Bytes, 'f.h5']] as const) {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }), async (edits) => {
      const copy = Buffer.from(bytes);
      for (const [i, v] of edits) copy[i] = v;
      writeFileSync(join(dir, name), copy);
      await outcome(() => rk.loadModel(join(dir, name)));
    }), { seed: 7, numRuns: 100 });
  }
});
