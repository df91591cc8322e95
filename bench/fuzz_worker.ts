// Worker of `npm run fuzz` (bench/fuzz.ts): builds the bases, then runs cases [from, to) of the seeded case list
// (random mutations first, then every section-boundary truncation), posting each case's start and result so the
// parent can kill a case that hangs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { OPERATORS, allTruncations, classify, makeBases, mutate } from '../test/fuzz/lib.js';

const { seed, random, from, to, limitMs } = workerData as { seed: number; random: number; from: number; to: number; limitMs: number };
const bases = await makeBases();
const truncations = allTruncations(bases);
const specs = fc.sample(fc.record({ base: fc.nat(bases.length - 1), op: fc.nat(OPERATORS.length - 1), rnd: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }) }), { seed, numRuns: random });
parentPort!.postMessage({ type: 'ready', total: random + truncations.length });
const dir = join(mkdtempSync(join(tmpdir(), 'rnnkit-fuzz-')), 'case');
for (let i = from; i < Math.min(to, random + truncations.length); i++) {
  const { base, artifact, what } = i < random ? { base: specs[i].base, ...mutate(bases[specs[i].base], specs[i]) } : truncations[i - random];
  parentPort!.postMessage({ type: 'start', i, what });
  const r = await classify(bases[base], artifact, dir, limitMs);
  parentPort!.postMessage({ type: 'result', i, what, base: bases[base].name, op: i < random ? OPERATORS[specs[i].op % OPERATORS.length] : 'truncate-boundary', ...r });
}
parentPort!.postMessage({ type: 'done' });
