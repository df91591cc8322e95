// The TF.js Layers format: real TF.js (@tensorflow/tfjs, in-memory IO handlers) loads what rnnkit writes and
// predicts the same; what TF.js saves loads back in rnnkit bit-exactly; sharded, quantized and converter-style
// files; GRU reset_after true (which TF.js cannot represent) round-trips in rnnkit; the directory form on disk.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { normwiseError } from './helpers.js';

await tf.setBackend('cpu');
const x = rk.tensor(Array.from({ length: 2 * 5 * 3 }, (_, i) => Math.sin(i)), [2, 5, 3]);
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

const models: Record<string, () => rk.Layer[]> = {
  'SimpleRNN + Dense': () => [new rk.SimpleRNN({ units: 4, inputShape: [5, 3] }), new rk.Dense({ units: 2 })],
  'LSTM sequences + TimeDistributed(Dense) + Flatten + softmax': () => [new rk.LSTM({ units: 4, inputShape: [5, 3], returnSequences: true }), new rk.TimeDistributed({ layer: new rk.Dense({ units: 2 }) }), new rk.Flatten(), new rk.Activation({ activation: 'softmax' })],
  'Masking + GRU(resetAfter false, TF.js hard_sigmoid) + Dropout + Dense': () => [new rk.Masking({ maskValue: 0, inputShape: [5, 3] }), new rk.GRU({ units: 4, resetAfter: false, recurrentActivation: 'hard_sigmoid_tfjs' }), new rk.Dropout({ rate: 0.5 }), new rk.Dense({ units: 1, activation: 'tanh' })],
  'Bidirectional(LSTM, sum) + Reshape + Dense': () => [new rk.Bidirectional({ layer: new rk.LSTM({ units: 3, returnSequences: true }), mergeMode: 'sum', inputShape: [5, 3] }), new rk.Reshape({ targetShape: [15] }), new rk.Dense({ units: 1 })],
  'stacked GRU go_backwards + Bidirectional(SimpleRNN, concat)': () => [new rk.GRU({ units: 3, resetAfter: false, returnSequences: true, goBackwards: true, inputShape: [5, 3] }), new rk.Bidirectional({ layer: new rk.SimpleRNN({ units: 2 }) })],
};

async function tfjsRoundTrip(artifacts: rk.ModelArtifacts): Promise<{ predictions: Float32Array; saved: rk.ModelArtifacts }> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
  const predictions = (model.predict(tf.tensor(Array.from(x.data), x.shape)) as tf.Tensor).dataSync() as Float32Array;
  let saved: rk.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => { saved = a as unknown as rk.ModelArtifacts; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  return { predictions, saved: saved! };
}

for (const [name, make] of Object.entries(models)) {
  test(`TF.js loads what rnnkit writes and predicts the same; rnnkit → TF.js → rnnkit is exact: ${name}`, async () => {
    rk.setRandomSeed(7);
    const model = new rk.Sequential({ layers: make() });
    const ours = model.predict(x).data;
    const { predictions, saved } = await tfjsRoundTrip(model.toArtifacts());
    assert.ok(normwiseError(predictions, ours) < 1e-5, `TF.js predictions differ: ${normwiseError(predictions, ours)}`);
    const back = rk.loadModelFromArtifacts(saved);
    assert.ok(same(back.predict(x).data, ours), 'bit-exact after the TF.js round trip');
    assert.deepEqual(back.getWeights().map((w) => w.shape), model.getWeights().map((w) => w.shape));
  });
}

test('model.json holds a layers-model topology in TF.js style', () => {
  rk.setRandomSeed(1);
  const model = new rk.Sequential({ layers: [new rk.LSTM({ units: 4, inputShape: [5, 3], name: 'enc' }), new rk.Dense({ units: 1, name: 'out' })] });
  const a = model.toArtifacts();
  assert.equal(a.format, 'layers-model');
  assert.match(a.generatedBy!, /^rnnkit /);
  const layers = (a.modelTopology.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
  assert.deepEqual(layers.map((l) => l.class_name), ['LSTM', 'Dense']);
  assert.deepEqual(layers[0].config.batch_input_shape, [null, 5, 3]);
  assert.equal(layers[0].config.recurrent_activation, 'sigmoid');
  assert.equal(layers[0].config.return_sequences, false);
  assert.deepEqual(a.weightSpecs.map((s) => `${s.name} ${s.shape.join('x')}`), ['enc/kernel 3x16', 'enc/recurrent_kernel 4x16', 'enc/bias 16', 'out/kernel 4x1', 'out/bias 1']);
  assert.equal(a.weightData.byteLength, 4 * (48 + 64 + 16 + 4 + 1));
});

test("GRU resetAfter: true (Keras 3's default) round-trips in rnnkit; TF.js refuses it, as documented", async () => {
  rk.setRandomSeed(2);
  const model = new rk.Sequential({ layers: [new rk.GRU({ units: 3, inputShape: [5, 3] }), new rk.Dense({ units: 1 })] });
  const a = model.toArtifacts();
  assert.deepEqual(a.weightSpecs.find((s) => s.name.endsWith('/bias'))!.shape, [2, 9]);
  assert.ok(same(rk.loadModelFromArtifacts(a).predict(x).data, model.predict(x).data));
  await assert.rejects(tf.loadLayersModel(tf.io.fromMemory(a as tf.io.ModelArtifacts)), /reset_after/i);
});

test("Keras 3 hard_sigmoid survives a TF.js-format round trip (flagged in userDefinedMetadata)", () => {
  rk.setRandomSeed(3);
  const model = new rk.Sequential({ layers: [new rk.LSTM({ units: 3, recurrentActivation: 'hard_sigmoid', inputShape: [5, 3] })] });
  const a = model.toArtifacts();
  assert.equal((a.userDefinedMetadata!.rnnkit as { hardSigmoid?: string }).hardSigmoid, 'keras3');
  const back = rk.loadModelFromArtifacts(a);
  assert.equal((back.layers[0].getConfig() as { recurrentActivation: string }).recurrentActivation, 'hard_sigmoid');
  assert.ok(same(back.predict(x).data, model.predict(x).data));
});

test('on disk: model.json + weights.bin; sharded weights and the converter wrapper load; quantized weights dequantize', async () => {
  rk.setRandomSeed(4);
  const model = new rk.Sequential({ layers: [new rk.SimpleRNN({ units: 3, inputShape: [5, 3], name: 'rnn' }), new rk.Dense({ units: 1, name: 'd' })] });
  const dir = join(mkdtempSync(join(tmpdir(), 'rnnkit-')), 'model');
  await model.save(dir);
  assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin']);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  const ours = model.predict(x).data;
  assert.ok(same((await rk.loadModel(dir)).predict(x).data, ours));

  // converter style: wrapper topology, two shards cutting through a weight
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const shardDir = join(mkdtempSync(join(tmpdir(), 'rnnkit-')), 'm');
  mkdirSync(shardDir);
  writeFileSync(join(shardDir, 'group1-shard1of2.bin'), bytes.subarray(0, 30));
  writeFileSync(join(shardDir, 'group1-shard2of2.bin'), bytes.subarray(30));
  const wrapped = { format: 'layers-model', modelTopology: { keras_version: '2.4.0', backend: 'tensorflow', model_config: json.modelTopology }, weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: json.weightsManifest[0].weights }] };
  writeFileSync(join(shardDir, 'model.json'), JSON.stringify(wrapped));
  assert.ok(same((await rk.loadModel(join(shardDir, 'model.json'))).predict(x).data, ours));

  // float16 and uint8 quantization (TF.js decodeWeights: half floats; v·scale + min)
  // re-encoded weights: a hand-built artifact without rnnkit's weight checksum
  const a = { ...model.toArtifacts(), userDefinedMetadata: undefined };
  const floats = new Float32Array(a.weightData);
  const half = new Uint16Array(floats.length);
  const toHalf = (v: number): number => { // exact for values representable in half precision
    const f = new Float32Array([v]), i = new Uint32Array(f.buffer)[0];
    const sign = (i >>> 16) & 0x8000, exp = ((i >>> 23) & 0xff) - 127 + 15, frac = (i >>> 13) & 0x3ff;
    return v === 0 ? sign : sign | (exp << 10) | frac;
  };
  const rounded = floats.map((v) => { const h = toHalf(v); const e = (h >> 10) & 0x1f; return (h & 0x8000 ? -1 : 1) * 2 ** (e - 15) * (1 + (h & 0x3ff) / 1024) * (v === 0 ? 0 : 1); });
  floats.forEach((v, i) => (half[i] = toHalf(v)));
  const f16 = rk.loadModelFromArtifacts({ ...a, weightData: half.buffer, weightSpecs: a.weightSpecs.map((s) => ({ ...s, quantization: { dtype: 'float16' } })) });
  assert.deepEqual(Array.from(f16.getWeights().flatMap((w) => Array.from(w.data))), Array.from(rounded));
  const u8 = new Uint8Array(floats.length).map((_, i) => i % 256);
  const q = rk.loadModelFromArtifacts({ ...a, weightData: u8.buffer, weightSpecs: a.weightSpecs.map((s) => ({ ...s, quantization: { dtype: 'uint8', scale: 0.5, min: -1 } })) });
  assert.deepEqual(q.getWeights().flatMap((w) => Array.from(w.data)), Array.from(u8).map((v) => v * 0.5 - 1));
});
