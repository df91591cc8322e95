// The demo's test MSE over seeds 1..10 (tutorial and the 'even' exercise): the spread a user should expect.
//   npm run build && node dist/bench/demo_seeds.js
import { runDemo } from '../src/cli/demo.js';
import { median } from './util.js';

for (const exercise of [undefined, 'even'] as const) {
  const losses: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    const r = await runDemo({ seed, exercise, verbose: 0, log: () => {} });
    losses.push(r.testLoss);
  }
  const sorted = [...losses].sort((a, b) => a - b);
  console.log(`${exercise ?? 'tutorial'}: test MSE by seed 1..10: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  console.log(`  median ${median(losses).toFixed(3)}, max ${sorted[9].toFixed(3)}, all finite: ${losses.every(Number.isFinite)}`);
}
