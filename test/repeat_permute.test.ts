// RepeatVector and Permute: forward against TF.js's layers of the same names (the oracle), float64 gradient
// checks of small models around them (inputs and weights), errors, and configs through deserializeLayer.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { Dense, Input, Model, Permute, RepeatVector, Sequential, SimpleRNN, SymbolicTensor, checkModelGradients, setRandomSeed, tensor } from '../src/index.js';
import { deserializeLayer } from '../src/registry/registry.js';
import { assertClose, randomArray } from './helpers.js';

const sym = (x: unknown): SymbolicTensor => x as SymbolicTensor;
const data = (shape: number[], seed: number) => tensor(Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed)), shape);
const expectPass = (r: rk.GradientCheckResult) => assert.ok(r.passed, JSON.stringify(r.entries.filter((e) => !e.passed)));

test('RepeatVector and Permute match TF.js', () => {
  const cases: [rk.Layer, tf.layers.Layer, number[]][] = [
    [new RepeatVector({ n: 3, inputShape: [4] }), tf.layers.repeatVector({ n: 3 }), [2, 4]],
    [new Permute({ dims: [2, 1], inputShape: [3, 4] }), tf.layers.permute({ dims: [2, 1] }), [2, 3, 4]],
    [new Permute({ dims: [3, 1, 2], inputShape: [2, 3, 4] }), tf.layers.permute({ dims: [3, 1, 2] }), [2, 2, 3, 4]],
    [new Permute({ dims: [1, 3, 2], inputShape: [2, 3, 4] }), tf.layers.permute({ dims: [1, 3, 2] }), [2, 2, 3, 4]],
  ];
  cases.forEach(([ours, theirs, shape], i) => {
    const x = data(shape, i);
    const y = new Sequential({ layers: [ours] }).predict(x);
    const t = theirs.apply(tf.tensor(Array.from(x.data), shape)) as tf.Tensor;
    assert.deepEqual(y.shape, t.shape);
    assertClose(y.data, t.dataSync(), { what: ours.getClassName() });
  });
});

test('gradient check: encoder state → RepeatVector → decoder, and Permute between layers (float64)', () => {
  setRandomSeed(4);
  const inp = Input({ shape: [3, 2] });
  const h = sym(new SimpleRNN({ units: 3 }).apply(inp));
  const rep = sym(new RepeatVector({ n: 4 }).apply(h));
  const out = sym(new SimpleRNN({ units: 2, returnSequences: true }).apply(rep));
  expectPass(checkModelGradients(new Model({ inputs: inp, outputs: out }), data([2, 3, 2], 1)));

  const i2 = Input({ shape: [3, 4] });
  const p = sym(new Permute({ dims: [2, 1] }).apply(sym(new Dense({ units: 4, activation: 'tanh' }).apply(i2))));
  const o2 = sym(new Dense({ units: 2 }).apply(p));
  expectPass(checkModelGradients(new Model({ inputs: i2, outputs: o2 }), data([2, 3, 4], 2)));
  const i3 = Input({ shape: [2, 3, 2] });
  expectPass(checkModelGradients(new Model({ inputs: i3, outputs: sym(new Permute({ dims: [3, 1, 2] }).apply(i3)) }), data([2, 2, 3, 2], 3)));
});

test('RepeatVector and Permute reject bad options and shapes', () => {
  assert.throws(() => new RepeatVector({ n: 0 }), /n must be a positive integer, got 0/);
  assert.throws(() => new RepeatVector({ n: 2.5 }), /positive integer/);
  assert.throws(() => new RepeatVector({ n: 2, times: 3 } as never), /RepeatVector: unknown option 'times'/);
  assert.throws(() => new RepeatVector({ n: 2 }).apply(Input({ shape: [3, 4] })), /RepeatVector expects input of rank 2 \[batch, features\], got \[batch, 3, 4\]/);
  assert.throws(() => new Permute({ dims: [0, 1] }), /consecutive and start from 1/);
  assert.throws(() => new Permute({ dims: [1, 1] }), /consecutive and start from 1/);
  assert.throws(() => new Permute({ dims: [2, 1], axes: 1 } as never), /unknown option 'axes'/);
  assert.throws(() => new Permute({ dims: [2, 1] }).apply(Input({ shape: [3] })), /expects input of rank 3 \(batch included\), got \[batch, 3\]/);
});

test('RepeatVector and Permute configs round-trip through deserializeLayer', () => {
  for (const l of [new RepeatVector({ n: 5, name: 'rep' }), new Permute({ dims: [2, 3, 1], trainable: false })]) {
    const back = deserializeLayer({ className: l.getClassName(), config: l.getConfig() });
    assert.deepEqual([back.getClassName(), back.getConfig()], [l.getClassName(), l.getConfig()]);
  }
});
