// Fault test: a save killed with SIGKILL at a random moment (in a child process that saves in a loop) never
// leaves a broken model behind: the path always loads, as the last complete save or the one before it, for
// `.keras` files and TF.js directories alike. Kill times are seeded; the test reports how many kills landed
// inside a save.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as rk from '../src/index.js';

const INDEX = new URL('../src/index.js', import.meta.url).href;
const KILLS = Number(process.env.RNNKIT_KILLS ?? 6);

/** A child that alternates two weight sets and saves them to `target` forever, printing begin/end markers. */
function childScript(target: string): string {
  return `import * as rk from ${JSON.stringify(INDEX)};
rk.setRandomSeed(1);
const m = new rk.Sequential({ layers: [new rk.LSTM({ units: 16, inputShape: [8, 4] }), new rk.Dense({ units: 3 })] });
const w = m.getWeights();
for (let k = 0; ; k++) {
  m.setWeights(w.map((t) => rk.tensor(t.data.map((v) => v + (k % 2)), t.shape)));
  process.stdout.write('begin ' + k + '\\n');
  await m.save(${JSON.stringify(target)});
  process.stdout.write('end ' + k + '\\n');
}`;
}

/** A tiny deterministic generator for the kill delays. */
function delays(seed: number, n: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 250 + (s % 900);
  });
}

for (const [kind, name] of [['keras', 'm.keras'], ['tfjs', 'model']] as const) {
  test(`SIGKILL during save (${kind}): the previous model stays loadable and intact`, { skip: process.env.RNNKIT_KERNELS === 'reference' && 'file I/O only: runs with the default kernels' }, async () => {
    const d = mkdtempSync(join(tmpdir(), 'rnnkit-kill-'));
    const target = join(d, name);
    writeFileSync(join(d, 'child.mjs'), childScript(target));
    rk.setRandomSeed(1);
    const ref = new rk.Sequential({ layers: [new rk.LSTM({ units: 16, inputShape: [8, 4] }), new rk.Dense({ units: 3 })] });
    const w = ref.getWeights();
    const x = rk.tensor(Float32Array.from({ length: 2 * 8 * 4 }, (_, i) => Math.sin(i)), [2, 8, 4]);
    const versions = [0, 1].map((k) => {
      ref.setWeights(w.map((t) => rk.tensor(t.data.map((v) => v + k), t.shape)));
      return Array.from(ref.predict(x).data);
    });
    await ref.save(target); // version 1 exists before the first kill
    let midSave = 0;
    for (const delay of delays(kind === 'keras' ? 7 : 11, KILLS)) {
      const child = spawn(process.execPath, [join(d, 'child.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const lines = out.trim().split('\n');
      if (lines.at(-1)?.startsWith('begin')) midSave++;
      const loaded = await rk.loadModel(target);
      const p = Array.from(loaded.predict(x).data);
      assert.ok(versions.some((v) => v.every((e, i) => e === p[i])), `after a kill at ${delay} ms (${lines.at(-1)}), the model is one of the two complete versions`);
    }
    // temporary files of killed saves are left beside the target or inside the directory (named *.tmp-*), never
    // in its place; a directory holds model.json and the weight file it lists (plus, at most, the unused alternate)
    assert.ok(readdirSync(d).includes(name));
    assert.ok(readdirSync(d).filter((f) => f !== name && f !== 'child.mjs').every((f) => f.startsWith(`${name}.tmp-`)));
    if (kind === 'tfjs') assert.ok(readdirSync(target).every((f) => ['model.json', 'weights.bin', 'weights-1.bin'].includes(f) || f.includes('.tmp-')), readdirSync(target).join());
    console.log(`${kind}: ${midSave} of ${KILLS} kills landed inside a save`);
    assert.ok(midSave >= 1, `at least one kill landed inside a save (${midSave}/${KILLS})`);
  });
}
