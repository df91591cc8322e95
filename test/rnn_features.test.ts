// Recurrent-layer features beyond the plain forward pass: GRU resetAfter=true against a float64 reference
// written here from the Keras formula (TF.js has no such GRU), dropout semantics, and stateful layers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, Tensor, setRandomSeed, tensor } from '../src/index.js';
import { assertClose, numericGrad, randomArray } from './helpers.js';

/**
 * Keras GRU, reset_after=True (keras/src/layers/rnn/gru.py, implementation 2), float64, written from the
 * formula independently of src/kernels:
 *   [xz, xr, xh] = x·W + b[0];  [rz, rr, rh] = h·U + b[1];  z = σ(xz + rz);  r = σ(xr + rr);
 *   h̃ = tanh(xh + r ⊙ rh);  h' = z ⊙ h + (1 − z) ⊙ h̃.   Returns the states in processing order [B, T, H].
 */
function gruResetAfterReference(x: Float64Array, W: Float64Array, U: Float64Array, bias: Float64Array, B: number, T: number, I: number, H: number, goBackwards: boolean): Float64Array {
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const out = new Float64Array(B * T * H);
  for (let b = 0; b < B; b++) {
    let h = new Array(H).fill(0);
    for (let s = 0; s < T; s++) {
      const t = goBackwards ? T - 1 - s : s;
      const xp = new Array(3 * H).fill(0), hp = new Array(3 * H).fill(0);
      for (let j = 0; j < 3 * H; j++) {
        xp[j] = bias[j];
        hp[j] = bias[3 * H + j];
        for (let i = 0; i < I; i++) xp[j] += x[(b * T + t) * I + i] * W[i * 3 * H + j];
        for (let k = 0; k < H; k++) hp[j] += h[k] * U[k * 3 * H + j];
      }
      const next = new Array(H);
      for (let j = 0; j < H; j++) {
        const z = sig(xp[j] + hp[j]);
        const r = sig(xp[H + j] + hp[H + j]);
        const hh = Math.tanh(xp[2 * H + j] + r * hp[2 * H + j]);
        next[j] = z * h[j] + (1 - z) * hh;
      }
      h = next;
      for (let j = 0; j < H; j++) out[(b * T + s) * H + j] = h[j];
    }
  }
  return out;
}

test('GRU resetAfter=true matches a float64 Keras-formula reference: outputs and gradients', () => {
  const B = 3, T = 5, I = 2, H = 4;
  const x = randomArray(B * T * I, 1, -2, 2), W = randomArray(I * 3 * H, 2), U = randomArray(H * 3 * H, 3, -0.5, 0.5), bias = randomArray(6 * H, 4);
  for (const goBackwards of [false, true]) {
    const layer = new GRU({ units: H, returnSequences: true, goBackwards });
    layer.build([T, I]);
    layer.setWeights([tensor(Float32Array.from(W), [I, 3 * H]), tensor(Float32Array.from(U), [H, 3 * H]), tensor(Float32Array.from(bias), [2, 3 * H])]);
    const y = layer.apply(tensor(Float32Array.from(x), [B, T, I])) as Tensor;
    assertClose(y.data, gruResetAfterReference(x, W, U, bias, B, T, I, H, goBackwards), { rtol: 1e-5, atol: 1e-6, what: `outputs, goBackwards ${goBackwards}` });
  }
  // gradients of the mean squared output of the last state, rnnkit (float32) vs central differences of the reference
  const model = new Sequential({ layers: [new GRU({ units: H, inputShape: [T, I] })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  model.setWeights([tensor(Float32Array.from(W), [I, 3 * H]), tensor(Float32Array.from(U), [H, 3 * H]), tensor(Float32Array.from(bias), [2, 3 * H])]);
  const target = randomArray(B * H, 5);
  const refLoss = () => {
    const hs = gruResetAfterReference(x, W, U, bias, B, T, I, H, false);
    let sum = 0;
    for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) sum += (hs[(b * T + T - 1) * H + j] - target[b * H + j]) ** 2;
    return sum / (B * H);
  };
  const { loss, grads } = model.computeGradients(tensor(Float32Array.from(x), [B, T, I]), tensor(Float32Array.from(target), [B, H]));
  assertClose([loss], [refLoss()], { rtol: 1e-5 });
  [W, U, bias].forEach((p, i) => assertClose(grads[i].data, numericGrad(refLoss, p), { rtol: 1e-3, atol: 1e-6, what: `gradient ${['kernel', 'recurrent_kernel', 'bias'][i]}` }));
});

const xs = tensor(Float32Array.from(randomArray(4 * 6 * 3, 9, -1, 1)), [4, 6, 3]);

test('dropout: rate 0 equals no dropout; inference ignores dropout; training uses it', () => {
  for (const Cls of [SimpleRNN, LSTM, GRU]) {
    setRandomSeed(1);
    const plain = new Cls({ units: 5 });
    const base = plain.apply(xs) as Tensor;
    const zeroRate = new Cls({ units: 5, dropout: 0, recurrentDropout: 0 });
    zeroRate.build([6, 3]);
    zeroRate.setWeights(plain.getWeights());
    assert.deepEqual(Array.from((zeroRate.apply(xs, { training: true }) as Tensor).data), Array.from(base.data));
    const dropped = new Cls({ units: 5, dropout: 0.4, recurrentDropout: 0.3 });
    dropped.build([6, 3]);
    dropped.setWeights(plain.getWeights());
    assert.deepEqual(Array.from((dropped.apply(xs) as Tensor).data), Array.from(base.data), 'inference ignores dropout');
    assert.notDeepEqual(Array.from((dropped.apply(xs, { training: true }) as Tensor).data), Array.from(base.data), 'training applies dropout');
  }
});

test('dropout masks are reproducible at a seed, entries 0 or 1/(1 − rate), shared over gates unless recurrentDropout > 0', () => {
  const run = (seed: number, args: object) => {
    setRandomSeed(seed);
    const l = new LSTM({ units: 8, ...args });
    l.build([6, 3]);
    const y = Array.from((l.apply(xs, { training: true }) as Tensor).data);
    const io = l['io'];
    return { y, inMask: io.inMask ? Array.from(io.inMask) : null, recMask: io.recMask ? Array.from(io.recMask) : null };
  };
  const a = run(7, { dropout: 0.5 }), b = run(7, { dropout: 0.5 }), c = run(8, { dropout: 0.5 });
  assert.deepEqual(a.y, b.y);
  assert.notDeepEqual(a.y, c.y);
  const n = 4 * 3; // B·I per gate
  assert.ok(a.inMask!.every((v) => v === 0 || v === 2), 'entries are 0 or 1/(1 − 0.5)');
  for (let k = 1; k < 4; k++) assert.deepEqual(a.inMask!.slice(k * n, (k + 1) * n), a.inMask!.slice(0, n), 'one input mask for all gates (Keras implementation 2)');
  const d = run(9, { dropout: 0.5, recurrentDropout: 0.5 });
  assert.notDeepEqual(d.inMask!.slice(n, 2 * n), d.inMask!.slice(0, n), 'per-gate masks with recurrent dropout (Keras implementation 1)');
  assert.equal(d.recMask!.length, 4 * 4 * 8);
  // a layer seed makes masks independent of the global generator
  const e = run(1, { dropout: 0.5, seed: 42 }), f = run(2, { dropout: 0.5, seed: 42 });
  assert.deepEqual(e.inMask, f.inMask);
  // dropped fraction close to the rate over many draws
  setRandomSeed(3);
  const big = new SimpleRNN({ units: 50, dropout: 0.3 });
  big.apply(tensor(new Float32Array(64 * 2 * 40), [64, 2, 40]), { training: true });
  const m = Array.from(big['io'].inMask!);
  const zerosFraction = m.filter((v) => v === 0).length / m.length;
  assert.ok(Math.abs(zerosFraction - 0.3) < 0.03, `dropped fraction ${zerosFraction}`);
});

test('stateful: two batches in sequence equal one batch of the concatenated sequence; resetStates restores zeros', () => {
  for (const Cls of [SimpleRNN, LSTM, GRU]) {
    setRandomSeed(5);
    const whole = new Sequential({ layers: [new Cls({ units: 5, inputShape: [6, 3] }), new Dense({ units: 2 })] });
    const stateful = new Sequential({ layers: [new Cls({ units: 5, stateful: true, batchInputShape: [4, 3, 3] }), new Dense({ units: 2 })] });
    stateful.setWeights(whole.getWeights());
    const first = tensor(Float32Array.from({ length: 4 * 3 * 3 }, (_, k) => { const b = Math.floor(k / 9), r = k % 9; return xs.data[b * 18 + r]; }), [4, 3, 3]);
    const second = tensor(Float32Array.from({ length: 4 * 3 * 3 }, (_, k) => { const b = Math.floor(k / 9), r = k % 9; return xs.data[b * 18 + 9 + r]; }), [4, 3, 3]);
    stateful.predict(first);
    assertClose(stateful.predict(second).data, whole.predict(xs).data, { rtol: 1e-5, atol: 1e-6, what: Cls.className });
    stateful.resetStates();
    const fresh = new Sequential({ layers: [new Cls({ units: 5, inputShape: [3, 3] }), new Dense({ units: 2 })] });
    fresh.setWeights(whole.getWeights());
    assertClose(stateful.predict(second).data, fresh.predict(second).data, { rtol: 1e-6, what: `${Cls.className} after resetStates` });
  }
});

test('stateful layers reject a different batch size with a clear error', () => {
  const layer = new LSTM({ units: 3, stateful: true, batchInputShape: [4, 3, 3] });
  assert.throws(() => layer.apply(tensor(new Float32Array(2 * 9), [2, 3, 3])), /stateful with batch size 4 \(batchInputShape\), got a batch of 2/);
  assert.throws(() => new LSTM({ units: 3 }).resetStates(), /is not stateful/);
});

test('stacked recurrent layers train through Sequential.fit', async () => {
  setRandomSeed(6);
  const model = new Sequential({
    layers: [new LSTM({ units: 8, returnSequences: true, inputShape: [6, 3] }), new GRU({ units: 6, returnSequences: true }), new SimpleRNN({ units: 4 }), new Dense({ units: 1 })],
  });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const y = tensor(Float32Array.from({ length: 4 }, (_, b) => xs.data[b * 18]), [4]);
  const h = await model.fit(xs, y, { epochs: 30, batchSize: 2, verbose: 0 });
  assert.ok(h.history.loss[29] < h.history.loss[0], `loss ${h.history.loss[0]} → ${h.history.loss[29]}`);
});
