// Weight regularizers against their formula (Keras regularizers.py): the training loss grows by
// l1·Σ|w| + l2·Σw² and each gradient by l1·sign(w) + 2·l2·w, for every recurrent layer's kernel, recurrent
// kernel and bias. (TF.js cannot serve as the oracle here: it drops recurrent layers' regularizers.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, Dense, GRU, L1L2, LSTM, Sequential, SimpleRNN, getRegularizer, setRandomSeed, tensor, type Layer } from '../src/index.js';
import { assertClose, randomArray } from './helpers.js';

const B = 4, T = 3, F = 2;
const x = tensor(Float32Array.from(randomArray(B * T * F, 1, -1, 1)), [B, T, F]);
const y = tensor(Float32Array.from(randomArray(B, 2)), [B, 1]);

for (const make of [
  (r: object) => new SimpleRNN({ units: 3, inputShape: [T, F], ...r }),
  (r: object) => new LSTM({ units: 3, inputShape: [T, F], ...r }),
  (r: object) => new GRU({ units: 3, inputShape: [T, F], ...r }),
]) {
  test(`${make({}).getClassName()}: kernel, recurrent and bias regularizers add their penalty and gradient`, () => {
    setRandomSeed(3);
    const reg = { kernelRegularizer: new L1L2({ l1: 0.02, l2: 0.03 }), recurrentRegularizer: 'l2', biasRegularizer: { className: 'L1', config: { l1: 0.5 } } };
    const plain = new Sequential({ layers: [make({}) as Layer, new Dense({ units: 1 })] });
    const regd = new Sequential({ layers: [make(reg) as Layer, new Dense({ units: 1 })] });
    regd.setWeights(plain.getWeights());
    for (const m of [plain, regd]) m.compile({ optimizer: 'sgd', loss: 'mse' });
    const a = plain.computeGradients(x, y), b = regd.computeGradients(x, y);
    const [K, U, bias] = plain.getWeights();
    const coef = [[0.02, 0.03], [0, 0.01], [0.5, 0]];
    let penalty = 0;
    [K, U, bias].forEach((w, i) => {
      const [l1, l2] = coef[i];
      penalty += w.data.reduce((s, v) => s + l1 * Math.abs(v) + l2 * v * v, 0);
      const expected = Array.from(a.grads[i].data, (g, k) => g + l1 * Math.sign(w.data[k]) + 2 * l2 * w.data[k]);
      assertClose(b.grads[i].data, expected, { rtol: 1e-5, atol: 1e-7, what: `gradient ${i}` });
    });
    assertClose([b.loss], [a.loss + penalty], { rtol: 1e-6 });
    assertClose([(regd.evaluate(x, y) as number)], [(plain.evaluate(x, y) as number) + penalty], { rtol: 1e-6, what: 'evaluate includes the penalty, as Keras' });
  });
}

test('regularizers by name: Keras defaults l1 = 0.01, l2 = 0.01, l1_l2 = (0, 0); unknown names fail', () => {
  assert.deepEqual(getRegularizer('l1')!.getConfig(), { l1: 0.01 });
  assert.deepEqual(getRegularizer('l2')!.getConfig(), { l2: 0.01 });
  assert.deepEqual(getRegularizer('l1_l2')!.getConfig(), { l1: 0, l2: 0 });
  assert.throws(() => getRegularizer('l3' as never), (e: Error) => e instanceof ConfigError && /Unknown regularizer 'l3'/.test(e.message));
  assert.deepEqual(new Dense({ units: 1, kernelRegularizer: 'l2' }).getConfig().kernelRegularizer, { className: 'L2', config: { l2: 0.01 } });
});
