// In inference a recurrent layer's gate caches (zs, gs, aux) hold one step's rows — all the fused WebAssembly
// loops keep there — and grow to every step's when training or the per-step path needs them
// (RecurrentBuffers.wholeSequenceCaches). Checked through the layers' own buffers, and by bit-identical outputs,
// losses and gradients whichever ran first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GRU, LSTM, SimpleRNN, Dense, Sequential, setRandomSeed, tensor, type Layer } from '../src/index.js';
import { kernels } from '../src/kernels/kernels.js';

const B = 6, T = 5, F = 3, H = 8; // B not a multiple of 4: the products' row tails
const x = tensor(Float32Array.from({ length: B * T * F }, (_, i) => Math.sin(i * 0.7)), [B, T, F]);
const y = tensor(Float32Array.from({ length: B }, (_, i) => Math.cos(i)), [B, 1]);
/** The fused loops run (and keep one step in inference) with the WebAssembly kernels only. */
const fused = kernels().name === 'wasm';

const cells: [string, number, () => Layer][] = [
  ['SimpleRNN', 1, () => new SimpleRNN({ units: H, inputShape: [T, F] })],
  ['LSTM', 4, () => new LSTM({ units: H, inputShape: [T, F] })],
  ['GRU (Keras default)', 3, () => new GRU({ units: H, inputShape: [T, F] })],
  ['GRU resetAfter: false', 3, () => new GRU({ units: H, inputShape: [T, F], resetAfter: false })],
];

function model(layer: Layer): Sequential {
  const m = new Sequential({ layers: [layer, new Dense({ units: 1 })] });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}
/** Rows the layer's zs cache holds (its buffers are private: read for this test only). */
const zsRows = (layer: Layer, G: number): number => (layer as unknown as { bufs: { io: { zs: Float32Array } } }).bufs.io.zs.length / (G * H);

for (const [name, G, make] of cells) {
  test(`${name}: predict keeps one step's gate caches; training grows them; outputs, losses and gradients unchanged`, () => {
    setRandomSeed(5);
    const layer = make();
    const m = model(layer);
    const first = Array.from(m.predict(x, { batchSize: B }).data);
    assert.equal(zsRows(layer, G), fused ? B : B * T, 'after predict');
    const trained = m.computeGradients(x, y);
    assert.equal(zsRows(layer, G), B * T, 'after a training forward');
    assert.deepEqual(Array.from(m.predict(x, { batchSize: B }).data), first, 'predict with whole-sequence caches');

    // the same weights, trained first: the same loss and gradients, bit for bit
    const twin = model(make());
    twin.setWeights(m.getWeights());
    const direct = twin.computeGradients(x, y);
    assert.equal(direct.loss, trained.loss);
    direct.grads.forEach((g, i) => assert.deepEqual(Array.from(g.data), Array.from(trained.grads[i].data), `gradient ${i}`));
  });
}

test('the per-step path (an activation the fused loops lack) grows the caches before it runs in inference', () => {
  setRandomSeed(6);
  const layer = new LSTM({ units: H, inputShape: [T, F], activation: 'softsign' });
  const m = model(layer);
  const out = Array.from(m.predict(x, { batchSize: B }).data);
  assert.equal(zsRows(layer, 4), B * T);
  const twin = model(new LSTM({ units: H, inputShape: [T, F], activation: 'softsign' }));
  twin.setWeights(m.getWeights());
  twin.computeGradients(x, y);
  assert.deepEqual(Array.from(twin.predict(x, { batchSize: B }).data), out);
});

test('a backward pass after an inference forward is refused with a clear error (its caches hold one step)', () => {
  setRandomSeed(7);
  const layer = new LSTM({ units: H, inputShape: [T, F] });
  const m = model(layer);
  m.predict(x, { batchSize: B });
  const dy = new Float32Array(B * H);
  assert.throws(() => layer.backward(dy, B, false), /backward after an inference forward/);
  m.computeGradients(x, y); // a training forward first: fine
});
