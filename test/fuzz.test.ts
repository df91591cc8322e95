// Fuzz and fault suite, quick subset (seeded; the full 10,000+ case run is `npm run fuzz`, bench/fuzz.ts): mutated
// `.keras`, Keras `.h5`, TF.js model.json + shards and forecaster directories (bit flips, byte overwrites,
// truncation at section boundaries, swapped members, huge declared sizes, deep nesting) must each end in the
// original prediction, a faithfully loaded different configuration, or an rnnkit error naming the file, within
// a time limit — never a crash or a changed prediction without an error (Keras .h5 has no checksum over its weight
// data: changed weights there are counted as 'undetectable', see docs/TESTING.md).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { FAILURES, OPERATORS, allTruncations, classify, makeBases, mutate, type Outcome } from './fuzz/lib.js';

const QUICK_RUNS = 600;
const LIMIT_MS = 5000;

test(`fuzz (quick, ${QUICK_RUNS} random cases + sampled boundary truncations): load correctly or fail clearly`, { skip: process.env.RNNKIT_KERNELS === 'reference' && 'file I/O only: runs with the default kernels' }, async () => {
  const bases = await makeBases();
  const dir = join(mkdtempSync(join(tmpdir(), 'rnnkit-fuzz-')), 'case');
  const counts: Partial<Record<Outcome, number>> = {};
  const failures: string[] = [];
  const spec = fc.record({ base: fc.nat(bases.length - 1), op: fc.nat(OPERATORS.length - 1), rnd: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }) });
  await fc.assert(fc.asyncProperty(spec, async (s) => {
    const { artifact, what } = mutate(bases[s.base], s);
    const r = await classify(bases[s.base], artifact, dir, LIMIT_MS);
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    if (FAILURES.includes(r.outcome)) failures.push(`${what}: ${r.outcome} ${r.detail}`);
  }), { seed: 20261130, numRuns: QUICK_RUNS });
  const truncations = allTruncations(bases);
  for (let i = 0; i < truncations.length; i += 3) {
    const t = truncations[i];
    const r = await classify(bases[t.base], t.artifact, dir, LIMIT_MS);
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    if (FAILURES.includes(r.outcome) || r.outcome === 'same' && t.what.includes('.bin')) failures.push(`${t.what}: ${r.outcome} ${r.detail}`);
  }
  assert.deepEqual(failures, [], JSON.stringify(counts));
  assert.ok((counts.error ?? 0) > QUICK_RUNS / 2, `most mutations are refused: ${JSON.stringify(counts)}`);
});
