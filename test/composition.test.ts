// Composite layers — Bidirectional (every merge mode), TimeDistributed, Masking, Dropout, Flatten, Reshape and
// stacks of recurrent layers — checked with the public float64 gradient checker, plus their Keras semantics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Bidirectional, Dense, Dropout, Flatten, GRU, LSTM, Layer, Masking, Reshape, Sequential, SimpleRNN, Tensor, TimeDistributed,
  checkGradients, setRandomSeed, tensor, type MergeMode,
} from '../src/index.js';
import { assertClose, randomArray } from './helpers.js';
import { wasmRuntime } from '../src/kernels/wasm/runtime.js';

const B = 3, T = 4, F = 2;
const x = tensor(Float32Array.from(randomArray(B * T * F, 1, -1.5, 1.5)), [B, T, F]);

function expectPass(result: ReturnType<typeof checkGradients>): void {
  const bad = result.entries.filter((e) => !e.passed);
  assert.ok(result.passed, `gradient check failed: ${bad.map((e) => `${e.name} (max abs ${e.maxAbsError.toExponential(2)}, rel ${e.maxRelError.toExponential(2)})`).join(', ')}`);
  assert.ok(result.entries.length > 1);
}

for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as MergeMode[]) {
  for (const returnSequences of [false, true]) {
    test(`Bidirectional(LSTM) gradients, mergeMode ${mergeMode}, returnSequences ${returnSequences}`, () => {
      setRandomSeed(2);
      expectPass(checkGradients(new Bidirectional({ layer: new LSTM({ units: 3, returnSequences }), mergeMode }), x));
    });
  }
}

test('Bidirectional(GRU) and Bidirectional(SimpleRNN) gradients, with initial states for both directions', () => {
  setRandomSeed(3);
  const h = () => tensor(Float32Array.from(randomArray(B * 3, 5, -0.5, 0.5)), [B, 3]);
  expectPass(checkGradients(new Bidirectional({ layer: new GRU({ units: 3, returnSequences: true }) }), x, { initialState: [h(), h()] }));
  expectPass(checkGradients(new Bidirectional({ layer: new SimpleRNN({ units: 3 }), mergeMode: 'sum' }), x));
  expectPass(checkGradients(new LSTM({ units: 3 }), x, { initialState: [h(), h()] }));
});

test('stacked recurrent layers with TimeDistributed(Dense) on top: gradients', () => {
  setRandomSeed(4);
  expectPass(checkGradients([new LSTM({ units: 4, returnSequences: true }), new GRU({ units: 3, returnSequences: true, resetAfter: false }), new TimeDistributed({ layer: new Dense({ units: 2, activation: 'tanh' }) })], x));
  expectPass(checkGradients([new SimpleRNN({ units: 3, returnSequences: true }), new Flatten(), new Dense({ units: 2 })], x));
  expectPass(checkGradients([new Reshape({ targetShape: [F, T] }), new GRU({ units: 3 })], x));
});

test('Masking → recurrent layers: gradients with right-padded sequences', () => {
  setRandomSeed(5);
  const padded = x.clone();
  padded.data.fill(0, (0 * T + 3) * F, (0 * T + 4) * F); // sample 0: length 3
  padded.data.fill(0, (2 * T + 2) * F, (2 * T + 4) * F); // sample 2: length 2
  // the input gradient is not checked: nudging a masked (all-zero) step unmasks it
  expectPass(checkGradients([new Masking(), new LSTM({ units: 3, returnSequences: true }), new GRU({ units: 2 })], padded, { checkInput: false }));
  expectPass(checkGradients([new Masking(), new Bidirectional({ layer: new GRU({ units: 2, returnSequences: true }) }), new TimeDistributed({ layer: new Dense({ units: 1 }) })], padded, { checkInput: false }));
  expectPass(checkGradients([new LSTM({ units: 3, returnSequences: true, zeroOutputForMask: true }), new SimpleRNN({ units: 2 })], x, { mask: [[1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 0, 0]] }));
});

test('the gradient checker fails a layer whose backward is wrong', () => {
  class Square extends Layer {
    static override className = 'Square';
    private x: Float32Array | Float64Array = new Float32Array(0);
    private y: Float32Array | Float64Array = new Float32Array(0);
    computeOutputShape(s: readonly number[]): number[] { return [...s]; }
    protected buildWeights(): void {}
    forward(x: Float32Array | Float64Array, B: number): Float32Array | Float64Array {
      this.x = x;
      this.y = x.map((v) => v * v);
      return this.y;
    }
    backward(dy: Float32Array | Float64Array): Float32Array | Float64Array {
      return dy.map((g, i) => g * this.x[i]); // wrong: should be 2·x
    }
    getConfig() { return {}; }
  }
  const result = checkGradients(new Square(), x);
  assert.equal(result.passed, false);
  assert.equal(result.entries[0].name, 'input');
});

test('Masking: masked steps carry the state (Keras test values via an equivalent mask)', () => {
  // Masking(0) on a step of zeros gives the same result as Keras's explicit mask argument.
  const seq = tensor(Float32Array.from({ length: 24 }, (_, i) => i), [2, 4, 3]);
  seq.data.fill(0, 9, 12); // sample 0, step 3
  seq.data.fill(0, 18, 24); // sample 1, steps 2 and 3
  const consts = { kernelInitializer: 'ones', recurrentInitializer: 'ones', biasInitializer: 'zeros' };
  setRandomSeed(6);
  const viaLayer = new Sequential({ layers: [new Masking({ inputShape: [4, 3] }), new LSTM({ units: 2, returnSequences: true, ...consts })] });
  const direct = new LSTM({ units: 2, returnSequences: true, ...consts });
  const expected = direct.apply(seq, { mask: [[1, 1, 1, 0], [1, 1, 0, 0]] }) as Tensor;
  assertClose(viaLayer.predict(seq).data, expected.data, { rtol: 1e-6 });
});

test('Dropout: identity at inference, 1/(1 − rate) scaling in training, reproducible', () => {
  const d = new Dropout({ rate: 0.25, seed: 1 });
  const ones = tensor(new Float32Array(4000).fill(1), [40, 100]);
  assert.deepEqual(Array.from((d.apply(ones) as Tensor).data), Array.from(ones.data));
  const y = (d.apply(ones, { training: true }) as Tensor).data;
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6));
  const kept = y.filter((v) => v !== 0).length / y.length;
  assert.ok(Math.abs(kept - 0.75) < 0.03, `kept ${kept}`);
  assert.throws(() => new Dropout({ rate: 1 }), /rate must be in \[0, 1\)/);
});

test('Bidirectional: Keras weight order and naming, flipped backward sequence, returnState and mergeMode null', () => {
  setRandomSeed(7);
  const bi = new Bidirectional({ layer: new GRU({ units: 3, returnSequences: true, returnState: true }), mergeMode: null });
  const [yF, yB, hF, hB] = bi.apply(x) as Tensor[];
  assert.deepEqual([yF.shape, yB.shape, hF.shape, hB.shape], [[B, T, 3], [B, T, 3], [B, 3], [B, 3]]);
  assert.equal(bi.forwardLayer.name.startsWith('forward_'), true);
  assert.equal(bi.backwardLayer.name.startsWith('backward_'), true);
  assert.deepEqual(bi.getWeights().map((w) => w.shape), [[2, 9], [3, 9], [2, 9], [2, 9], [3, 9], [2, 9]]);
  // the backward output, flipped to input order, ends (at t = 0) with the backward layer's final state
  for (let b = 0; b < B; b++) assertClose(yB.data.subarray(b * T * 3, b * T * 3 + 3), hB.data.subarray(b * 3, b * 3 + 3));
  // a lone goBackwards layer with the same weights gives the same unflipped sequence
  const back = new GRU({ units: 3, returnSequences: true, goBackwards: true });
  back.build([T, F]);
  back.setWeights(bi.getWeights().slice(3));
  const raw = (back.apply(x) as Tensor).data;
  for (let b = 0; b < B; b++) for (let s = 0; s < T; s++) assertClose(yB.data.subarray((b * T + s) * 3, (b * T + s + 1) * 3), raw.subarray((b * T + T - 1 - s) * 3, (b * T + T - s) * 3));
  const concat = new Sequential({ layers: [new Bidirectional({ layer: new LSTM({ units: 4 }), inputShape: [T, F] }), new Dense({ units: 1 })] });
  assert.deepEqual(concat.layers[0].outputShape, [8]);
  assert.throws(() => new Sequential().add(bi), /mergeMode null|returnState/);
  // Keras 3 refuses a goBackwards layer alone (its backward copy also has go_backwards = True); with an explicit
  // forward-reading backwardLayer it is accepted
  assert.throws(() => new Bidirectional({ layer: new SimpleRNN({ units: 2, goBackwards: true }) }), /both true\); for a goBackwards layer, pass a backwardLayer with goBackwards: false/);
  const reversed = new Bidirectional({ layer: new SimpleRNN({ units: 2, goBackwards: true }), backwardLayer: new SimpleRNN({ units: 2 }) });
  assert.deepEqual([reversed.forwardLayer.goBackwards, reversed.backwardLayer.goBackwards], [true, false]);
});

test('a layer called on a plain array gives predict\'s bits (its data is copied into the kernels\' memory first)', () => {
  setRandomSeed(3);
  const lstm = new LSTM({ units: 64, inputShape: [5, 100] });
  const model = new Sequential({ layers: [lstm] });
  const data = tensor(Float32Array.from({ length: 4 * 5 * 100 }, (_, i) => Math.sin(i)), [4, 5, 100]);
  assert.deepEqual(Array.from((lstm.apply(data) as Tensor).data), Array.from(model.predict(data).data));
  // the copy is a buffer of the layer, reused: 100 calls on 800 KiB do not grow the WebAssembly memory (a fresh
  // copy per call once grew it by 78 MiB per 100 calls, freed only when JavaScript's collector ran)
  const rt = wasmRuntime();
  if (rt) {
    const dense = new Dense({ units: 4 });
    const big = tensor(new Float32Array(32 * 100 * 64).fill(0.1), [32, 100, 64]);
    dense.apply(big);
    const before = rt.memory.buffer.byteLength;
    for (let i = 0; i < 100; i++) dense.apply(big);
    assert.ok(rt.memory.buffer.byteLength - before < 8 * 2 ** 20, `grew by ${(rt.memory.buffer.byteLength - before) / 2 ** 20} MiB`);
  }
});

test('a masked sequence output leaves masked steps out of the loss, as Keras does', () => {
  setRandomSeed(8);
  const model = new Sequential({ layers: [new Masking({ inputShape: [T, F] }), new LSTM({ units: 3, returnSequences: true }), new TimeDistributed({ layer: new Dense({ units: 1 }) })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const padded = x.clone();
  padded.data.fill(0, (1 * T + 2) * F, (1 * T + 4) * F); // sample 1 has 2 real steps: 10 valid steps of 12
  const y = tensor(Float32Array.from(randomArray(B * T, 9)), [B, T, 1]);
  const pred = model.predict(padded).data;
  let sum = 0;
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) if (!(b === 1 && t >= 2)) sum += (pred[b * T + t] - y.data[b * T + t]) ** 2;
  assertClose([(model.evaluate(padded, y) as number)], [sum / 10], { rtol: 1e-5 });
  // changing a target at a masked step changes nothing
  const y2 = y.clone();
  y2.data[1 * T + 3] = 100;
  assertClose([model.computeGradients(padded, y2).loss], [sum / 10], { rtol: 1e-5 });
});

test('predict (inference: the fused loops keep gates for one step) equals the eager forward bit for bit', () => {
  // Masking → Bidirectional(GRU, Keras default resetAfter) → TimeDistributed(Dense) → LSTM → Dense, B·H·H large
  // enough for the two threads; ids of zeros mask the last steps of some samples
  setRandomSeed(5);
  const Bp = 16, Tp = 6, H = 128;
  const data = Float32Array.from(randomArray(Bp * Tp * F, 6, -1, 1), (v, i) => (Math.floor(i / F) % Tp >= Tp - (Math.floor(i / (Tp * F)) % 3) ? 0 : v));
  const xs = tensor(data, [Bp, Tp, F]);
  const model = new Sequential({
    layers: [
      new Masking({ maskValue: 0, inputShape: [Tp, F] }), new Bidirectional({ layer: new GRU({ units: H, returnSequences: true }) }),
      new TimeDistributed({ layer: new Dense({ units: 8 }) }), new LSTM({ units: H }), new Dense({ units: 2 }),
    ],
  });
  const eager = model.apply(xs) as Tensor;
  assert.deepEqual(model.predict(xs, { batchSize: Bp }).data, eager.data);
});
