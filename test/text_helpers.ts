// Helpers of the text-layer tests: random data, a save/load round trip through all three formats (TF.js
// directory, Keras 3 `.keras`, Keras 2 `.h5`) that must give identical predictions, and gradient-check asserts.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as rk from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { randomArray } from './helpers.js';

/** A tensor of `shape` with values in [lo, hi) from a fixed seed. */
export const data = (shape: number[], seed: number, lo = -1, hi = 1): Tensor => rk.tensor(Float32Array.from(randomArray(shape.reduce((a, b) => a * b, 1), seed, lo, hi)), shape);

export const expectPass = (r: rk.GradientCheckResult): void => assert.ok(r.passed, JSON.stringify(r.entries.filter((e) => !e.passed)));

/** Saves `model` in every format, loads it back and checks classes, configs, weights and predictions are the same. */
export async function roundTrip(model: rk.Model, x: Tensor | Tensor[]): Promise<void> {
  const d = mkdtempSync(join(tmpdir(), 'rnnkit-text-'));
  const expected = (model.predict(x) as Tensor).data;
  for (const path of [join(d, 'tfjs'), join(d, 'm.keras'), join(d, 'm.h5')]) {
    await model.save(path);
    const back = await rk.loadModel(path);
    assert.deepEqual(back.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()), path);
    back.layers.forEach((l, i) => {
      const { name: _a, ...mine } = model.layers[i].getConfig();
      const { name: _b, ...theirs } = l.getConfig();
      assert.deepEqual(theirs, mine, `${path}: config of ${l.name}`);
      assert.deepEqual(l.getWeights().map((w) => Array.from(w.data)), model.layers[i].getWeights().map((w) => Array.from(w.data)), `${path}: weights of ${l.name}`);
    });
    assert.deepEqual(Array.from((back.predict(x) as Tensor).data), Array.from(expected), path);
  }
}
