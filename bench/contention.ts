// Threads under load: one LSTM(128) epoch (512×50×8, batch 64) with and without dropout, median of 3 epochs.
// Run it once as is and once with RNNKIT_THREADS=1, ideally while another process keeps one core busy.
// Run: npm run build && node dist/bench/contention.js
import { Dense, LSTM, Sequential, setRandomSeed, tensor } from '../src/index.js';

const N = 512, T = 50, F = 8;
const x = tensor(Float32Array.from({ length: N * T * F }, (_, i) => Math.sin(i * 0.37) * 0.9), [N, T, F]);
const y = tensor(Float32Array.from({ length: N }, (_, i) => Math.cos(i * 0.11)), [N, 1]);
for (const dropout of [0, 0.2]) {
  setRandomSeed(1);
  const model = new Sequential({ layers: [new LSTM({ units: 128, dropout, inputShape: [T, F] }), new Dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`LSTM(128) dropout ${dropout}: ${times[1].toFixed(3)} s per epoch (threads: ${process.env.RNNKIT_THREADS === '1' ? 1 : 'default'})`);
}
