// Per-token generation latency of `generate` (stateful, one token per step) at a short and a long prefix, and of
// the naive loop that reruns the whole sequence for each token, on a character-sized model:
// one-hot V = 64 → LSTM(256) → Dense(64, softmax).   npm run build && nice -n 19 node dist/bench/generation.js
import { Dense, LSTM, Sequential, generate, greedy, setRandomSeed, stepModel, tensor } from '../src/index.js';

const V = 64, units = 256, newTokens = 200;
setRandomSeed(1);
const model = new Sequential({ layers: [new LSTM({ units, inputShape: [null, V], returnSequences: true }), new Dense({ units: V, activation: 'softmax' })] });
const stepper = stepModel(model, 1);

/**
 * Milliseconds per generated token, timed inside the loop: the encoder is called once per prefix token and then
 * once per fed token, so the time between its first and last calls after the prefix covers n − 1 full steps.
 * Best of 3 runs; also the time of the prefix pass (all P tokens in one call).
 */
function perToken(prefixLength: number): { prefixMs: number; perTokenMs: number } {
  const prefix = Array.from({ length: prefixLength }, (_, i) => i % V);
  let best = Infinity, bestPrefix = Infinity;
  for (let r = 0; r < 3; r++) {
    const stamps: number[] = [];
    const encode = (id: number, out: Float32Array) => { stamps.push(performance.now()); out[id] = 1; };
    const t0 = performance.now();
    generate(model, { prefix, steps: newTokens, greedy: true, stepper, encode });
    const fed = stamps.slice(prefixLength); // one stamp per generated token fed back (n − 1 of them)
    best = Math.min(best, (fed[fed.length - 1] - fed[0]) / (fed.length - 1));
    bestPrefix = Math.min(bestPrefix, fed[0] - t0);
  }
  return { prefixMs: bestPrefix, perTokenMs: best };
}

/** The naive loop: the whole sequence through the model for each new token (cost grows with the length). */
function naivePerToken(prefixLength: number, n = 5): number {
  const ids = Array.from({ length: prefixLength }, (_, i) => i % V);
  const t0 = performance.now();
  for (let s = 0; s < n; s++) {
    const x = new Float32Array(ids.length * V);
    ids.forEach((id, t) => (x[t * V + id] = 1));
    const y = model.predict(tensor(x, [1, ids.length, V]));
    ids.push(greedy(y.data.subarray(y.size - V)));
  }
  return (performance.now() - t0) / n;
}

generate(model, { prefix: [0], steps: 20, greedy: true, stepper }); // warm-up
const rows: Record<string, unknown>[] = [];
for (const P of [10, 1000]) {
  const g = perToken(P);
  rows.push({ prefix: P, 'generate ms/token': +g.perTokenMs.toFixed(3), 'prefix pass ms': +g.prefixMs.toFixed(1), 'naive ms/token': +naivePerToken(P).toFixed(2) });
}
console.log(`one-hot V=${V} → LSTM(${units}) → Dense(${V}), batch 1, ${newTokens} new tokens, best of 3`);
console.table(rows);
