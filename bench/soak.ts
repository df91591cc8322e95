// Soak test (`npm run soak`): fit / predict / save / load cycles for 20 minutes (default), with the V8 heap (after a
// forced GC) and the process RSS sampled at fixed intervals. Each cycle builds a fresh LSTM model, trains it two
// epochs, predicts, saves it as .keras, as a TF.js directory and as .weights.h5 (over the previous cycle's files),
// loads all three back and checks the predictions are bit-identical. Memory must stay flat after the warm-up:
// growth of the heap ≤ 16 MiB and of RSS ≤ 64 MiB between the first post-warm-up sample and the last, and the
// least-squares heap slope over the run ≤ 1 MiB per 5 minutes. Exit status 1 if a bound or a check fails.
//   npm run soak [-- --minutes 20 --sample-seconds 30 --warmup-seconds 60]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense, LSTM, Sequential, loadModel, setRandomSeed, tensor } from '../src/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const minutes = arg('minutes', 20);
const sampleSeconds = arg('sample-seconds', 30);
const warmupSeconds = arg('warmup-seconds', Math.min(60, minutes * 60 / 10));
const BOUNDS = { heapMiB: 16, rssMiB: 64, heapSlopeMiBPer5Min: 1 };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run soak does)');
const MiB = 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), 'rnnkit-soak-'));
const x = tensor(Float32Array.from({ length: 64 * 10 * 2 }, (_, i) => Math.sin(i * 0.37)), [64, 10, 2]);
const y = tensor(Float32Array.from({ length: 64 }, (_, i) => Math.cos(i * 0.21)), [64, 1]);

const samples: { t: number; cycles: number; heap: number; rss: number }[] = [];
const started = performance.now();
let cycles = 0;
let failures = 0;
function sample(): void {
  gc!();
  const m = process.memoryUsage();
  const s = { t: (performance.now() - started) / 1000, cycles, heap: m.heapUsed / MiB, rss: m.rss / MiB };
  samples.push(s);
  console.log(`${s.t.toFixed(0).padStart(6)} s ${String(cycles).padStart(7)} cycles   heap ${s.heap.toFixed(2).padStart(8)} MiB   rss ${s.rss.toFixed(1).padStart(8)} MiB`);
}

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
console.log(`soak: ${minutes} min of fit/predict/save/load cycles, samples every ${sampleSeconds} s, warm-up ${warmupSeconds} s`);
sample();
let nextSample = sampleSeconds;
while ((performance.now() - started) / 1000 < minutes * 60) {
  setRandomSeed(cycles);
  const model = new Sequential({ layers: [new LSTM({ units: 16, inputShape: [10, 2] }), new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
  const p = model.predict(x).data;
  await model.save(join(dir, 'm.keras'));
  await model.save(join(dir, 'tfjs'), { includeOptimizer: true });
  await model.saveWeights(join(dir, 'w.weights.h5'));
  const fromKeras = await loadModel(join(dir, 'm.keras'));
  const fromTfjs = await loadModel(join(dir, 'tfjs'));
  const fresh = new Sequential({ layers: [new LSTM({ units: 16, inputShape: [10, 2] }), new Dense({ units: 1 })] });
  await fresh.loadWeights(join(dir, 'w.weights.h5'));
  for (const [what, m] of [['.keras', fromKeras], ['TF.js', fromTfjs], ['.weights.h5', fresh]] as const) {
    if (!same(m.predict(x).data, p)) {
      failures++;
      console.log(`cycle ${cycles}: ${what} round trip changed the predictions`);
    }
  }
  cycles++;
  if ((performance.now() - started) / 1000 >= nextSample) {
    sample();
    nextSample += sampleSeconds;
  }
}
sample();
rmSync(dir, { recursive: true, force: true });

const after = samples.filter((s) => s.t >= warmupSeconds);
const first = after[0] ?? samples[0];
const last = samples[samples.length - 1];
const n = after.length;
const mean = (f: (s: (typeof after)[0]) => number) => after.reduce((a, s) => a + f(s), 0) / n;
const [mt, mh] = [mean((s) => s.t), mean((s) => s.heap)];
const slope = n > 1 ? after.reduce((a, s) => a + (s.t - mt) * (s.heap - mh), 0) / after.reduce((a, s) => a + (s.t - mt) ** 2, 0) : 0; // MiB per s
const heapGrowth = last.heap - first.heap;
const rssGrowth = last.rss - first.rss;
const maxRss = Math.max(...samples.map((s) => s.rss));
console.log(`\n${cycles} cycles in ${(last.t / 60).toFixed(1)} min (${(last.t / cycles).toFixed(3)} s per cycle); ${failures} round-trip failures`);
console.log(`heap after warm-up: ${first.heap.toFixed(2)} → ${last.heap.toFixed(2)} MiB (growth ${heapGrowth.toFixed(2)}, bound ${BOUNDS.heapMiB}); slope ${(slope * 300).toFixed(3)} MiB per 5 min (bound ${BOUNDS.heapSlopeMiBPer5Min})`);
console.log(`RSS after warm-up:  ${first.rss.toFixed(1)} → ${last.rss.toFixed(1)} MiB (growth ${rssGrowth.toFixed(1)}, bound ${BOUNDS.rssMiB}); max ${maxRss.toFixed(1)} MiB`);
const ok = failures === 0 && heapGrowth <= BOUNDS.heapMiB && rssGrowth <= BOUNDS.rssMiB && slope * 300 <= BOUNDS.heapSlopeMiBPer5Min;
console.log(ok ? 'PASS: flat within the bounds' : 'FAIL');
if (!ok) process.exitCode = 1;
