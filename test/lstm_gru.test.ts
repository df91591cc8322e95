// LSTM and GRU layers against Keras's own expected values: keras/src/layers/rnn/lstm_test.py and gru_test.py
// (test_correctness, test_statefulness, test_pass_initial_state, test_masking), all with
// Constant(0.01 / 0.02 / 0.03) kernel / recurrent / bias initializers on np.arange inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GRU, LSTM, Tensor, initializers, tensor } from '../src/index.js';
import { assertClose } from './helpers.js';

const constants = () => ({
  kernelInitializer: initializers.constant({ value: 0.01 }),
  recurrentInitializer: initializers.constant({ value: 0.02 }),
  biasInitializer: initializers.constant({ value: 0.03 }),
});
const arange = (shape: number[]): Tensor => tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape);
const rows = (values: number[], width: number): number[] => values.flatMap((v) => Array(width).fill(v));
const out = (t: Tensor | Tensor[]): Float32Array => (Array.isArray(t) ? t[0] : t).data;
const TOL = { rtol: 1e-5, atol: 1e-5 }; // Keras's own tolerance in these tests

test('LSTM test_correctness: forward, goBackwards, unitForgetBias false, useBias false', () => {
  const x = arange([3, 6, 4]);
  assertClose(out(new LSTM({ units: 3, ...constants() }).apply(x)), rows([0.6288687, 0.86899155, 0.9460773], 3), TOL);
  assertClose(out(new LSTM({ units: 3, goBackwards: true, ...constants() }).apply(x)), rows([0.35622165, 0.74789524, 0.8872726], 3), TOL);
  assertClose(out(new LSTM({ units: 3, unitForgetBias: false, ...constants() }).apply(x)), rows([0.57019705, 0.8661914, 0.9459622], 3), TOL);
  assertClose(out(new LSTM({ units: 3, useBias: false, ...constants() }).apply(x)), rows([0.54986924, 0.86226785, 0.9443936], 3), TOL);
});

test('LSTM test_statefulness and resetStates', () => {
  const x = arange([2, 3, 4]);
  const layer = new LSTM({ units: 4, stateful: true, ...constants() });
  layer.apply(x);
  const expected = rows([0.3124785, 0.6863672], 4);
  assertClose(out(layer.apply(x)), expected, TOL);
  layer.resetStates();
  layer.apply(x);
  assertClose(out(layer.apply(x)), expected, TOL);
});

test('LSTM test_pass_initial_state: [h0, c0], forward and goBackwards', () => {
  const x = arange([2, 4, 3]);
  const init = [arange([2, 2]), arange([2, 2])];
  assertClose(out(new LSTM({ units: 2, ...constants() }).apply(x, { initialState: init })), [0.20574439, 0.3558822, 0.64930826, 0.66276], TOL);
  assertClose(out(new LSTM({ units: 2, goBackwards: true, ...constants() }).apply(x, { initialState: init })), [0.13281618, 0.2790356, 0.5839337, 0.5992567], TOL);
});

test('LSTM test_masking: carried state, returnSequences, zeroOutputForMask, goBackwards', () => {
  const x = arange([2, 4, 3]);
  const mask = [[true, true, true, false], [true, true, false, false]];
  assertClose(out(new LSTM({ units: 2, ...constants() }).apply(x, { mask })), rows([0.11755939, 0.28556206], 2), TOL);
  const seq = new LSTM({ units: 2, returnSequences: true, ...constants() }).apply(x, { mask });
  assertClose(out(seq), rows([0.0158891, 0.05552048, 0.11755939, 0.11755939, 0.14185596, 0.28556206, 0.28556206, 0.28556206], 2), TOL);
  const zeroed = new LSTM({ units: 2, returnSequences: true, zeroOutputForMask: true, ...constants() }).apply(x, { mask });
  assertClose(out(zeroed), rows([0.0158891, 0.05552048, 0.11755939, 0, 0.14185596, 0.28556206, 0, 0], 2), TOL);
  const backwardsMask = [[false, true, true, true], [false, false, true, true]];
  assertClose(out(new LSTM({ units: 2, goBackwards: true, ...constants() }).apply(x, { mask: backwardsMask })), rows([0.15341201, 0.3844719], 2), TOL);
});

test('GRU test_correctness: resetAfter true (default) and false, goBackwards, useBias false', () => {
  const x = arange([3, 6, 4]);
  assertClose(out(new GRU({ units: 3, ...constants() }).apply(x)), rows([0.5217289, 0.6371659, 0.39384964], 3), TOL);
  assertClose(out(new GRU({ units: 3, goBackwards: true, ...constants() }).apply(x)), rows([0.24406259, 0.611516, 0.3928808], 3), TOL);
  assertClose(out(new GRU({ units: 3, resetAfter: false, ...constants() }).apply(x)), rows([0.51447755, 0.6426879, 0.40208298], 3), TOL);
  assertClose(out(new GRU({ units: 3, useBias: false, ...constants() }).apply(x)), rows([0.49988455, 0.64701194, 0.4103359], 3), TOL);
});

test('GRU test_statefulness, test_pass_initial_state, test_pass_return_state', () => {
  const layer = new GRU({ units: 4, stateful: true, ...constants() });
  const x = arange([2, 3, 4]);
  layer.apply(x);
  assertClose(out(layer.apply(x)), rows([0.29542392, 0.5885018], 4), TOL);
  layer.resetStates();
  layer.apply(x);
  assertClose(out(layer.apply(x)), rows([0.29542392, 0.5885018], 4), TOL);

  const seq = arange([2, 4, 3]);
  const h0 = arange([2, 2]);
  const [o, state] = new GRU({ units: 2, returnState: true, ...constants() }).apply(seq, { initialState: h0 }) as Tensor[];
  assertClose(o.data, [0.23774096, 0.33508456, 0.83659905, 1.0227708], TOL);
  assert.deepEqual(Array.from(state.data), Array.from(o.data));
  assertClose(out(new GRU({ units: 2, goBackwards: true, ...constants() }).apply(seq, { initialState: h0 })), [0.13486053, 0.23261218, 0.78257304, 0.9691353], TOL);
});

test('GRU test_masking', () => {
  const x = arange([2, 4, 3]);
  const mask = [[true, true, false, true], [true, false, false, true]];
  assertClose(out(new GRU({ units: 2, ...constants() }).apply(x, { mask })), rows([0.19393763, 0.30818558], 2), TOL);
  const seq = new GRU({ units: 2, returnSequences: true, ...constants() }).apply(x, { mask });
  assertClose(out(seq), rows([0.03606692, 0.09497581, 0.09497581, 0.19393763, 0.16051409, 0.16051409, 0.16051409, 0.30818558], 2), TOL);
  const zeroed = new GRU({ units: 2, returnSequences: true, zeroOutputForMask: true, ...constants() }).apply(x, { mask });
  assertClose(out(zeroed), rows([0.03606692, 0.09497581, 0, 0.19393763, 0.16051409, 0, 0, 0.30818558], 2), TOL);
  assertClose(out(new GRU({ units: 2, goBackwards: true, ...constants() }).apply(x, { mask })), rows([0.11669192, 0.28380975], 2), TOL);
});

test('weights in Keras layout: LSTM [in, 4u] [u, 4u] [4u] with the forget bias at 1; GRU bias [2, 3u] or [3u]', () => {
  const lstm = new LSTM({ units: 5 });
  lstm.build([7, 3]);
  assert.deepEqual(lstm.getWeights().map((w) => w.shape), [[3, 20], [5, 20], [20]]);
  assert.deepEqual(Array.from(lstm.getWeights()[2].data), [...Array(5).fill(0), ...Array(5).fill(1), ...Array(10).fill(0)]);
  const gru = new GRU({ units: 5 });
  gru.build([7, 3]);
  assert.deepEqual(gru.getWeights().map((w) => w.shape), [[3, 15], [5, 15], [2, 15]]);
  const gru1 = new GRU({ units: 5, resetAfter: false });
  gru1.build([7, 3]);
  assert.deepEqual(gru1.getWeights().map((w) => w.shape), [[3, 15], [5, 15], [15]]);
  assert.equal(new LSTM({ units: 50, inputShape: [10, 1] }).getConfig().recurrentActivation, 'sigmoid');
});
