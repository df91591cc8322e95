// The Keras configurations issue 14 asks to bring onto the fused WebAssembly path, timed against their plain
// counterparts in the same process: GRU(128) resetAfter true vs false, LSTM(128) dropout 0.2 vs none, and
// Masking → LSTM(128) vs LSTM(128); and Bidirectional(LSTM(128)) against twice the single direction (the merge's
// cost: 1.00 would be two directions for exactly twice one). 2,048 samples × 50 steps × 8 features, batch 64, Adam, MSE, one epoch per
// run; the cases alternate (round robin) so a busy machine slows them alike, and each ratio is the median of
// the per-round ratios. The Masking data zeroes the last (n mod 10) steps of sample n (variable lengths).
// Run: npm run bench:fused (or npm run build && node dist/bench/fused_configs.js)   ROUNDS (default 5)
import { Bidirectional, Dense, GRU, LSTM, Masking, Sequential, setRandomSeed, tensor, type Layer } from '../src/index.js';
import { machine, median } from './util.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = 2048, T = 50, F = 8, UNITS = 128;
const plainX = Float32Array.from({ length: N * T * F }, (_, i) => Math.sin(i * 0.37) * 0.9 + 0.05);
const maskedX = Float32Array.from(plainX, (v, i) => {
  const n = Math.floor(i / (T * F)), t = Math.floor(i / F) % T;
  return t >= T - (n % 10) ? 0 : v;
});
const y = tensor(Float32Array.from({ length: N }, (_, i) => Math.cos(i * 0.11)), [N, 1]);

interface Case { name: string; layers: () => Layer[]; masked?: boolean }
const cases: Case[] = [
  { name: 'GRU resetAfter false', layers: () => [new GRU({ units: UNITS, resetAfter: false, inputShape: [T, F] })] },
  { name: 'GRU resetAfter true', layers: () => [new GRU({ units: UNITS, inputShape: [T, F] })] },
  { name: 'LSTM', layers: () => [new LSTM({ units: UNITS, inputShape: [T, F] })] },
  { name: 'LSTM dropout 0.2', layers: () => [new LSTM({ units: UNITS, dropout: 0.2, inputShape: [T, F] })] },
  { name: 'Masking → LSTM', masked: true, layers: () => [new Masking({ maskValue: 0, inputShape: [T, F] }), new LSTM({ units: UNITS })] },
  { name: 'Bidirectional(LSTM)', layers: () => [new Bidirectional({ layer: new LSTM({ units: UNITS }), inputShape: [T, F] })] },
];
const pairs: [string, string][] = [['GRU resetAfter true', 'GRU resetAfter false'], ['LSTM dropout 0.2', 'LSTM'], ['Masking → LSTM', 'LSTM']];

const models = cases.map((c) => {
  setRandomSeed(1);
  const m = new Sequential({ layers: [...c.layers(), new Dense({ units: 1 })] });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return { c, m, x: tensor(c.masked ? maskedX : plainX, [N, T, F]) };
});
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
console.log(machine() + `; threads: ${process.env.RNNKIT_THREADS === '1' ? 1 : 'default'}; kernels: ${process.env.RNNKIT_KERNELS ?? 'default'}`);
for (let r = -1; r < ROUNDS; r++) { // round −1 warms up
  for (const { c, m, x } of models) {
    const t0 = performance.now();
    await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    if (r >= 0) times.get(c.name)!.push((performance.now() - t0) / 1000);
  }
}
for (const c of cases) console.log(`${c.name.padEnd(22)} ${median(times.get(c.name)!).toFixed(3)} s per epoch (median of ${ROUNDS}; ${times.get(c.name)!.map((t) => t.toFixed(2)).join(' ')})`);
for (const [a, b] of pairs) {
  const ratios = times.get(a)!.map((t, i) => t / times.get(b)![i]);
  console.log(`${a} / ${b}: ${median(ratios).toFixed(2)}× (median of per-round ratios)`);
}
const bi = times.get('Bidirectional(LSTM)')!.map((t, i) => t / (2 * times.get('LSTM')![i]));
console.log(`Bidirectional(LSTM) / (2 × LSTM): ${median(bi).toFixed(2)}× (median of per-round ratios)`);
