// Memory flatness of training: 20,000 training steps of the tutorial model, printing the V8 heap (after a
// forced GC) and the process RSS every 2,000 steps. A step (forward, loss, backward, Adam update) reuses the
// model's buffers, so both lines should stay flat after the first steps.
//   npm run bench:memory      (runs node with --expose-gc)
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Dense, Sequential, SimpleRNN, setRandomSeed, slidingWindows } from '../src/index.js';

const STEPS = 20_000;
const EVERY = 2_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory does)');

setRandomSeed(1);
const model = new Sequential();
model.add(new SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }));
model.add(new Dense({ units: 1 }));
model.compile({ optimizer: 'adam', loss: 'mse' });
const { x, y } = slidingWindows(Array.from({ length: 100 }, (_, i) => i / 100), 10);
const B = 32;
const trainer = model.trainer;
trainer.ensureCapacity(B);
trainer.xBatch[0].set(x.data.subarray(0, B * 10));
trainer.yBatch[0].set(y.data.subarray(0, B));

const mb = (n: number): string => (n / 2 ** 20).toFixed(2).padStart(8);
function sample(step: number): [number, number] {
  gc!();
  const m = process.memoryUsage();
  console.log(`${String(step).padStart(6)} ${mb(m.heapUsed)} ${mb(m.rss)}`);
  return [m.heapUsed, m.rss];
}

// Count young-generation collections: each one means about a semi-space (MiBs) of short-lived garbage.
let minorGCs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGCs++;
}).observe({ entryTypes: ['gc'] });
const tick = () => new Promise((r) => setTimeout(r, 0)); // lets the observer deliver its entries

console.log(`Part 1: model.trainer.trainStep (the engine: forward, loss, backward, Adam) on a batch of ${B}, ${STEPS} steps`);
console.log('  step  heap MiB   RSS MiB');
trainer.trainStep(B); // first step builds optimizer slots
const [heap0, rss0] = sample(0);
let last: [number, number] = [heap0, rss0];
let gcsAfterWarmup = 0;
for (let s = 1; s <= STEPS; s++) {
  trainer.trainStep(B);
  if (s % EVERY === 0) {
    await tick();
    if (s === EVERY) gcsAfterWarmup = minorGCs;
    last = sample(s);
  }
}
await tick();
console.log(`young-generation GCs during steps ${EVERY + 1}–${STEPS} (after JIT warm-up): ${minorGCs - gcsAfterWarmup}`);
console.log(`heap change ${((last[0] - heap0) / 1024).toFixed(1)} KiB, RSS change ${((last[1] - rss0) / 1024).toFixed(1)} KiB over ${STEPS} steps`);

console.log(`\nPart 2: model.fit, 90 samples, batch 32 (3 steps per epoch), ${Math.ceil(STEPS / 3)} epochs ≈ ${STEPS} steps`);
const before = sample(0);
const epochs = Math.ceil(STEPS / 3);
const h = await model.fit(x, y, { epochs, batchSize: 32, verbose: 0 });
const after = sample(epochs * 3);
console.log(`heap change ${((after[0] - before[0]) / 1024).toFixed(1)} KiB (History holds ${h.history.loss.length} losses ≈ ${(h.history.loss.length * 8 / 1024).toFixed(0)} KiB), RSS change ${((after[1] - before[1]) / 1024).toFixed(1)} KiB`);
