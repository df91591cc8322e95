// Sampling (temperature, top-k, top-p against hand-derived distributions; seeded draws) and generate (the stateful
// one-token-at-a-time loop against a reference that reruns the whole sequence through the trained model each step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential, LSTM, GRU, Dense, Input, Model, Bidirectional, Random, setRandomSeed, tensor, sample, greedy, samplingDistribution, generate, stepModel } from '../src/index.js';
import { assertClose } from './helpers.js';

test('samplingDistribution: temperature, topK, topP and logits, against hand-derived values', () => {
  const p = [0.1, 0.2, 0.3, 0.4];
  assertClose(samplingDistribution(p), p, { rtol: 1e-12 });
  // T = 0.5 squares the probabilities: [.01, .04, .09, .16] / 0.30
  assertClose(samplingDistribution(p, { temperature: 0.5 }), [0.01 / 0.3, 0.04 / 0.3, 0.09 / 0.3, 0.16 / 0.3], { rtol: 1e-12 });
  // topK 2 keeps 0.4 and 0.3 → [0, 0, 3/7, 4/7]
  assertClose(samplingDistribution(p, { topK: 2 }), [0, 0, 3 / 7, 4 / 7], { rtol: 1e-12 });
  // topP 0.5: 0.4 < 0.5, 0.4 + 0.3 ≥ 0.5 → the same two kept; topP 0.4 keeps only the first
  assertClose(samplingDistribution(p, { topP: 0.5 }), [0, 0, 3 / 7, 4 / 7], { rtol: 1e-12 });
  assertClose(samplingDistribution(p, { topP: 0.4 }), [0, 0, 0, 1], { rtol: 1e-12 });
  // logits: softmax([0, ln 2, ln 3] / 1) = [1, 2, 3] / 6
  assertClose(samplingDistribution([0, Math.log(2), Math.log(3)], { fromLogits: true }), [1 / 6, 2 / 6, 3 / 6], { rtol: 1e-12 });
  assert.equal(greedy([0.2, 0.5, 0.5, 0.1]), 1);
  assert.throws(() => samplingDistribution(p, { temperature: 0 }), /temperature must be a positive number/);
  assert.throws(() => samplingDistribution(p, { topK: 0 }), /topK must be a positive integer/);
  assert.throws(() => samplingDistribution(p, { topP: 1.5 }), /topP must be in/);
  assert.throws(() => samplingDistribution([0.5, -0.1]), /probabilities must be >= 0/);
  assert.throws(() => samplingDistribution([]), /non-empty row/);
  assert.throws(() => greedy([1, NaN]), /finite number/);
  assert.throws(() => sample(p, { temperatur: 1 } as never), /unknown option 'temperatur'/);
});

test('sample: seeded draws repeat, frequencies follow the filtered distribution', () => {
  const p = [0.1, 0.2, 0.3, 0.4];
  assert.equal(sample(p, { seed: 5 }), sample(p, { seed: 5 }));
  const a = new Random(11), b = new Random(11);
  const runA = Array.from({ length: 50 }, () => sample(p, { random: a, temperature: 0.7 }));
  const runB = Array.from({ length: 50 }, () => sample(p, { random: b, temperature: 0.7 }));
  assert.deepEqual(runA, runB);
  const rng = new Random(3), n = 40000, counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) counts[sample(p, { random: rng, topK: 3 })]++;
  const expected = [0, 2 / 9, 3 / 9, 4 / 9];
  // binomial standard error ≤ sqrt(0.25 / n) = 0.0025; allow 4 of them
  counts.forEach((c, i) => assert.ok(Math.abs(c / n - expected[i]) < 0.01, `token ${i}: ${c / n} vs ${expected[i]}`));
});

/** A small trained character model: one-hot [B, T, V] in, softmax over V out at every step. */
async function trainedModel(V: number, cell: 'lstm' | 'gru' = 'lstm'): Promise<Sequential> {
  setRandomSeed(21);
  const rnn = cell === 'lstm' ? new LSTM({ units: 8, inputShape: [null, V], returnSequences: true }) : new GRU({ units: 8, inputShape: [null, V], returnSequences: true });
  const model = new Sequential({ layers: [rnn, new Dense({ units: V, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const T = 12, B = 16, x = new Float32Array(B * T * V), y = new Float32Array(B * T * V);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) {
    x[(b * T + t) * V + ((b + t) % V)] = 1;
    y[(b * T + t) * V + ((b + t + 1) % V)] = 1;
  }
  await model.fit(tensor(x, [B, T, V]), tensor(y, [B, T, V]), { epochs: 3, verbose: 0 });
  return model;
}

/** Reference: rerun the whole sequence through the model for every new token. */
function naiveNextDistribution(model: Model, ids: number[], V: number): Float32Array {
  const x = new Float32Array(ids.length * V);
  ids.forEach((id, t) => (x[t * V + id] = 1));
  const y = model.predict(tensor(x, [1, ids.length, V]));
  return y.data.slice(y.size - V);
}

test('generate: greedy tokens equal the whole-sequence reference; sampled tokens use its distributions; seeds repeat', async () => {
  const V = 7;
  for (const cell of ['lstm', 'gru'] as const) {
    const model = await trainedModel(V, cell);
    const prefix = [0, 1, 2, 3];
    const got = generate(model, { prefix, steps: 10, greedy: true }) as number[];
    const ids = prefix.slice(), want: number[] = [];
    for (let s = 0; s < 10; s++) {
      const next = greedy(naiveNextDistribution(model, ids, V));
      want.push(next);
      ids.push(next);
    }
    assert.deepEqual(got, want, `${cell}: greedy`);
    // sampling: the same uniform draws applied to the reference distributions give the same tokens
    const sampled = generate(model, { prefix, steps: 8, seed: 9, temperature: 0.8, topP: 0.95 }) as number[];
    const rng = new Random(9), ref = prefix.slice(), refOut: number[] = [];
    for (let s = 0; s < 8; s++) {
      const p = samplingDistribution(naiveNextDistribution(model, ref, V), { temperature: 0.8, topP: 0.95 });
      const u = rng.uniform();
      let cum = 0, k = 0;
      for (; k < V - 1; k++) if (u < (cum += p[k]) && p[k] > 0) break;
      refOut.push(k);
      ref.push(k);
    }
    assert.deepEqual(sampled, refOut, `${cell}: sampled`);
    assert.deepEqual(generate(model, { prefix, steps: 8, seed: 9, temperature: 0.8, topP: 0.95 }), sampled);
  }
});

test('generate: batches, stop tokens, a reused stepper, graph models, id encoding, and errors', async () => {
  const V = 5;
  const model = await trainedModel(V);
  const batch = generate(model, { prefix: [[0, 1], [3, 4]], steps: 6, greedy: true }) as number[][];
  assert.deepEqual(batch[0], generate(model, { prefix: [0, 1], steps: 6, greedy: true }));
  assert.deepEqual(batch[1], generate(model, { prefix: [3, 4], steps: 6, greedy: true }));
  const first = batch[0][2];
  const stopped = generate(model, { prefix: [0, 1], steps: 6, greedy: true, stopToken: first }) as number[];
  assert.deepEqual(stopped, batch[0].slice(0, batch[0].indexOf(first) + 1));
  const stepper = stepModel(model, 1);
  assert.deepEqual(generate(model, { prefix: [0, 1], steps: 6, greedy: true, stepper }), batch[0]);
  assert.deepEqual(generate(model, { prefix: [0, 1], steps: 6, greedy: true, stepper }), batch[0]); // states reset per call
  // a graph model with the same weights gives the same tokens
  const inp = Input({ shape: [null, V] });
  const lstm = new LSTM({ units: 8, returnSequences: true }), dense = new Dense({ units: V, activation: 'softmax' });
  const graph = new Model({ inputs: inp, outputs: dense.apply(lstm.apply(inp)) as never });
  graph.setWeights(model.getWeights());
  assert.deepEqual(generate(graph, { prefix: [0, 1], steps: 6, greedy: true }), batch[0]);
  // a custom encoding: one-hot written by hand equals 'oneHot'
  assert.deepEqual(generate(model, { prefix: [0, 1], steps: 6, greedy: true, encode: (id, out) => { out[id] = 1; } }), batch[0]);
  // encode 'id' feeds the id itself (what an Embedding takes): compared with rerunning the whole id sequence
  setRandomSeed(4);
  const byId = new Sequential({ layers: [new GRU({ units: 6, inputShape: [null, 1], returnSequences: true }), new Dense({ units: V, activation: 'softmax' })] });
  const idRun = generate(byId, { prefix: [2, 0, 4], steps: 5, greedy: true, encode: 'id' }) as number[];
  const seq = [2, 0, 4];
  for (let s = 0; s < 5; s++) {
    const y = byId.predict(tensor(seq, [1, seq.length, 1]));
    seq.push(greedy(y.data.subarray(y.size - V)));
  }
  assert.deepEqual(idRun, seq.slice(3));
  assert.throws(() => generate(model, { prefix: [], steps: 3 }), /at least one token/);
  assert.throws(() => generate(model, { prefix: 'ab' as never, steps: 3 }), /prefix must be a list/);
  assert.throws(() => generate(model, { prefix: [9], steps: 3 }), /token 9 is not an id in \[0, 5\)/);
  assert.throws(() => generate(model, { prefix: [[1], [1, 2]], steps: 3 }), /same length/);
  assert.throws(() => generate(model, { prefix: [1], steps: -1 }), /steps must be/);
  assert.throws(() => generate(model, { prefix: [1], steps: 2, encode: 'id' }), /encode 'id' writes one value/);
  const noRnn = new Sequential({ layers: [new Dense({ units: V, inputShape: [null, V], activation: 'softmax' })] });
  assert.throws(() => generate(noRnn, { prefix: [1], steps: 2 }), /no recurrent layer/);
  const bi = new Sequential({ layers: [new Bidirectional({ layer: new LSTM({ units: 3, returnSequences: true }), inputShape: [null, V] }), new Dense({ units: V })] });
  assert.throws(() => generate(bi, { prefix: [1], steps: 2 }), /Bidirectional/);
  assert.throws(() => generate(new Sequential(), { prefix: [1], steps: 2 }), /not built/);
});
