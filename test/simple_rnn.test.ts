// SimpleRNN and Dense as standalone layers: Keras's own expected values for constant initializers,
// a hand-derived case, options, shapes, weights in Keras layout, and input errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, Dense, ShapeError, SimpleRNN, Tensor, initializers, tensor } from '../src/index.js';
import { assertClose } from './helpers.js';

const constants = () => ({
  kernelInitializer: initializers.constant({ value: 0.01 }),
  recurrentInitializer: initializers.constant({ value: 0.02 }),
  biasInitializer: initializers.constant({ value: 0.03 }),
});
const arange = (shape: number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Float32Array.from({ length: n }, (_, i) => i), shape);
};

// Expected values are Keras's: keras/src/layers/rnn/simple_rnn_test.py, test_correctness and
// test_pass_initial_state (SimpleRNN(4) with Constant(0.01/0.02/0.03) on np.arange(24) inputs).
test('Keras test_correctness: arange(24).reshape(2, 3, 4), forward and goBackwards', () => {
  const x = arange([2, 3, 4]);
  const forward = new SimpleRNN({ units: 4, ...constants() }).apply(x) as Tensor;
  assertClose(forward.data, [0.405432, 0.405432, 0.405432, 0.405432, 0.73605347, 0.73605347, 0.73605347, 0.73605347], { rtol: 1e-6 });
  const backward = new SimpleRNN({ units: 4, goBackwards: true, ...constants() }).apply(x) as Tensor;
  assertClose(backward.data, [0.11144729, 0.11144729, 0.11144729, 0.11144729, 0.5528889, 0.5528889, 0.5528889, 0.5528889], { rtol: 1e-6 });
});

test('Keras test_pass_initial_state: arange(24).reshape(2, 4, 3) with initial state arange(8).reshape(2, 4)', () => {
  const x = arange([2, 4, 3]);
  const h0 = arange([2, 4]);
  const out = new SimpleRNN({ units: 4, ...constants() }).apply(x, { initialState: h0 }) as Tensor;
  assertClose(out.data, [0.33621645, 0.33621645, 0.33621645, 0.33621645, 0.6262637, 0.6262637, 0.6262637, 0.6262637], { rtol: 1e-6 });
  const back = new SimpleRNN({ units: 4, goBackwards: true, ...constants() }).apply(x, { initialState: [h0] }) as Tensor;
  assertClose(back.data, [0.07344437, 0.07344437, 0.07344437, 0.07344437, 0.43043602, 0.43043602, 0.43043602, 0.43043602], { rtol: 1e-6 });
});

test('hand-derived: relu SimpleRNN(1) on x = [1, 2], kernel 0.5, recurrent 2, bias 0.1, returnSequences and returnState', () => {
  // h1 = relu(1·0.5 + 0.1 + 0·2) = 0.6;  h2 = relu(2·0.5 + 0.1 + 0.6·2) = 2.3
  // goBackwards consumes x = 2 first: g1 = relu(1.1) = 1.1; g2 = relu(0.5 + 0.1 + 2.2) = 2.8, output in processing order
  const x = tensor([[[1], [2]]]);
  const layer = new SimpleRNN({ units: 1, activation: 'relu', returnSequences: true, returnState: true });
  layer.build([2, 1]);
  layer.setWeights([[[0.5]], [[2]], [0.1]]);
  const [seq, state] = layer.apply(x) as Tensor[];
  assert.deepEqual(seq.shape, [1, 2, 1]);
  assertClose(seq.data, [0.6, 2.3]);
  assertClose(state.data, [2.3]);
  const back = new SimpleRNN({ units: 1, activation: 'relu', returnSequences: true, goBackwards: true });
  back.build([2, 1]);
  back.setWeights([[[0.5]], [[2]], [0.1]]);
  assertClose((back.apply(x) as Tensor).data, [1.1, 2.8]);
});

test('weights are in Keras layout and order; countParams', () => {
  const rnn = new SimpleRNN({ units: 50, inputShape: [10, 1] });
  rnn.build([10, 1]);
  assert.deepEqual(rnn.getWeights().map((w) => w.shape), [[1, 50], [50, 50], [50]]);
  assert.equal(rnn.countParams(), 2600);
  assert.deepEqual(rnn.weights.map((w) => w.name), ['kernel', 'recurrent_kernel', 'bias']);
  const dense = new Dense({ units: 3, useBias: false });
  dense.build([7]);
  assert.deepEqual(dense.getWeights().map((w) => w.shape), [[7, 3]]);
});

test('Dense applies on the last axis of any rank, with softmax along it', () => {
  const dense = new Dense({ units: 2, activation: 'softmax', kernelInitializer: 'ones' });
  const y = dense.apply(tensor([[[1, 2], [3, 4], [0, 0]]])) as Tensor;
  assert.deepEqual(y.shape, [1, 3, 2]);
  assertClose(y.data, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  const linear = new Dense({ units: 1, kernelInitializer: initializers.constant({ value: 2 }), biasInitializer: 'ones' });
  assertClose((linear.apply(tensor([[1, 2], [3, 4]])) as Tensor).data, [7, 15]);
});

test('getConfig gives the constructor arguments with Keras names', () => {
  const rnn = new SimpleRNN({ units: 5, activation: 'relu', returnSequences: true, name: 'rnn' });
  const cfg = rnn.getConfig();
  assert.equal(cfg.units, 5);
  assert.equal(cfg.activation, 'relu');
  assert.equal(cfg.returnSequences, true);
  assert.deepEqual(cfg.recurrentInitializer, { className: 'Orthogonal', config: { gain: 1, seed: null } });
  const again = new SimpleRNN(cfg as never);
  assert.deepEqual(again.getConfig(), cfg);
});

test('layer input errors say what was expected and what was given', () => {
  const rnn = new SimpleRNN({ units: 3, inputShape: [10, 1] });
  assert.throws(() => rnn.apply(tensor([[1, 2]])), (e: Error) => e instanceof ShapeError && e.message === 'SimpleRNN expects input of shape [batch, 10, 1], got [1, 2]');
  rnn.apply(tensor(new Float32Array(20), [2, 10, 1]));
  assert.throws(() => rnn.apply(tensor(new Float32Array(20), [2, 5, 2])), /SimpleRNN expects input of shape \[batch, 10, 1\], got \[2, 5, 2\]/);
  assert.throws(() => rnn.apply(tensor(new Float32Array(20), [2, 10, 1]), { initialState: tensor(new Float32Array(4), [2, 2]) }), /initial state 0 must have shape \[2, 3\], got \[2, 2\]/);
  assert.throws(() => rnn.apply(tensor(new Float32Array(10).fill(NaN), [1, 10, 1])), /SimpleRNN input contains NaN at index \[0, 0, 0\]/);
  const free = new SimpleRNN({ units: 3 });
  assert.throws(() => free.apply(tensor([[1, Infinity]])), /SimpleRNN expects input of shape \[batch, timesteps, features\]/);
  assert.throws(() => new SimpleRNN({ units: 3 }).apply(tensor([[[1], [Infinity]]])), /contains Infinity at index \[0, 1, 0\]/);
  assert.throws(() => rnn.setWeights([tensor([[1, 2, 3]])]), /expects 3 weight arrays/);
  assert.throws(() => rnn.setWeights([tensor([[1, 2]]), tensor(new Float32Array(9), [3, 3]), tensor([0, 0, 0])]), /weight kernel must have shape \[1, 3\], got \[1, 2\]/);
});

test('constructor errors: unknown options, activations and bad units', () => {
  assert.throws(() => new SimpleRNN({ units: 3, activaton: 'relu' } as never), (e: Error) => e instanceof ConfigError && /SimpleRNN: unknown option 'activaton'/.test(e.message));
  assert.throws(() => new Dense({ units: 3, activation: 'rellu' }), /Dense: unknown activation 'rellu'. Known: linear, relu/);
  assert.throws(() => new Dense({ units: 0 }), /units must be a positive integer, got 0/);
  assert.throws(() => new SimpleRNN({ units: 3, inputShape: [10] }), /inputShape must be \[timesteps, features\]/);
});
