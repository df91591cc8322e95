// The generic RNN layer with a user-defined cell (examples/minimal_rnn_cell.ts): it must equal SimpleRNN
// (tanh, no bias) given the same weights — forward, goBackwards, masks, initial state — and pass the gradient check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, RNN, Sequential, SimpleRNN, Tensor, checkGradients, setRandomSeed, tensor } from '../src/index.js';
import { MinimalRNNCell } from '../examples/minimal_rnn_cell.js';
import { assertClose, randomArray } from './helpers.js';

const B = 3, T = 5, F = 2, H = 4;
const x = tensor(Float32Array.from(randomArray(B * T * F, 1, -1, 1)), [B, T, F]);
const mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 1, 1, 0]];

test('RNN(MinimalRNNCell) equals SimpleRNN(tanh, no bias) with the same weights', () => {
  for (const goBackwards of [false, true]) {
    for (const returnSequences of [false, true]) {
      setRandomSeed(1);
      const generic = new RNN({ cell: new MinimalRNNCell(H), goBackwards, returnSequences, returnState: true });
      const builtin = new SimpleRNN({ units: H, useBias: false, goBackwards, returnSequences, returnState: true });
      builtin.build([T, F]);
      generic.build([T, F]);
      generic.setWeights(builtin.getWeights());
      const h0 = tensor(Float32Array.from(randomArray(B * H, 2, -0.5, 0.5)), [B, H]);
      for (const m of [undefined, mask]) {
        const [a, sa] = generic.apply(x, { initialState: h0, mask: m }) as Tensor[];
        const [b, sb] = builtin.apply(x, { initialState: h0, mask: m }) as Tensor[];
        assertClose(a.data, b.data, { rtol: 1e-5, atol: 1e-6, what: `output (goBackwards ${goBackwards}, sequences ${returnSequences}, mask ${!!m})` });
        assertClose(sa.data, sb.data, { rtol: 1e-5, atol: 1e-6, what: 'final state' });
      }
    }
  }
});

test('RNN(cell) passes the float64 gradient check, with masks, goBackwards and zeroOutputForMask', () => {
  setRandomSeed(2);
  for (const goBackwards of [false, true]) {
    const result = checkGradients([new RNN({ cell: new MinimalRNNCell(H), returnSequences: true, goBackwards, zeroOutputForMask: goBackwards }), new RNN({ cell: new MinimalRNNCell(2) })], x, { mask });
    assert.ok(result.passed, JSON.stringify(result.entries));
  }
});

test('RNN(cell) trains inside Sequential and rejects a non-cell', async () => {
  setRandomSeed(3);
  const model = new Sequential({ layers: [new RNN({ cell: new MinimalRNNCell(8), inputShape: [T, F] }), new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const y = tensor(Float32Array.from(randomArray(B, 4)), [B]);
  const h = await model.fit(x, y, { epochs: 100, verbose: 0 });
  assert.ok(h.history.loss[99] < h.history.loss[0] / 2, `${h.history.loss[0]} → ${h.history.loss[99]}`);
  assert.throws(() => new RNN({ cell: {} as never }), /RNN needs a cell/);
});
