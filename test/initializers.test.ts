// Initializers: Keras's formulas (keras/src/initializers/), checked through the properties they promise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, GlorotUniform, Orthogonal, getInitializer, initializers, setRandomSeed } from '../src/index.js';

function stats(a: Float32Array): { mean: number; variance: number; min: number; max: number } {
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of a) { s += v; s2 += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / a.length;
  return { mean, variance: s2 / a.length - mean * mean, min, max };
}

function draw(init: ReturnType<typeof getInitializer>, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  init.fill(out, shape);
  return out;
}

test('glorotUniform draws from U(−L, L), L = sqrt(6 / (fanIn + fanOut)) (LSTM kernel: fanOut = 4u)', () => {
  setRandomSeed(1);
  const shape = [64, 4 * 32];
  const a = draw(initializers.glorotUniform(), shape);
  const L = Math.sqrt(6 / (64 + 128));
  const s = stats(a);
  assert.ok(s.max <= L && s.min >= -L, `range [${s.min}, ${s.max}] exceeds ±${L}`);
  assert.ok(s.max > 0.98 * L && s.min < -0.98 * L, 'the whole range is used');
  // variance of U(−L, L) is L²/3; 8192 draws give a relative standard error of about 1.6 %
  assert.ok(Math.abs(s.variance / (L * L / 3) - 1) < 0.06, `variance ${s.variance} vs ${L * L / 3}`);
});

test('he/lecun/glorot normal are truncated at 2σ with the Keras variance', () => {
  setRandomSeed(2);
  for (const [name, scale, fan] of [['heNormal', 2, 100], ['lecunNormal', 1, 100], ['glorotNormal', 1, 75]] as const) {
    const a = draw(getInitializer(name), [100, 50]);
    const sigma = Math.sqrt(scale / fan) / 0.87962566103423978;
    const s = stats(a);
    assert.ok(s.max <= 2 * sigma + 1e-6 && s.min >= -2 * sigma - 1e-6, `${name} exceeds ±2σ`);
    // the truncated distribution's variance is (0.8796·σ)² = scale / fan
    assert.ok(Math.abs(s.variance / (scale / fan) - 1) < 0.06, `${name}: variance ${s.variance} vs ${scale / fan}`);
  }
});

test('heUniform and lecunUniform use fanIn', () => {
  setRandomSeed(3);
  const he = stats(draw(initializers.heUniform(), [50, 200]));
  const lecun = stats(draw(initializers.lecunUniform(), [50, 200]));
  assert.ok(he.max <= Math.sqrt(6 / 50) && he.max > 0.98 * Math.sqrt(6 / 50));
  assert.ok(lecun.max <= Math.sqrt(3 / 50) && lecun.max > 0.98 * Math.sqrt(3 / 50));
});

test('orthogonal: [u, 4u] has orthonormal rows and [4u, u] orthonormal columns (Keras transposes when rows < cols)', () => {
  setRandomSeed(4);
  for (const [r, c] of [[8, 32], [32, 8], [12, 12]]) {
    const q = draw(new Orthogonal(), [r, c]);
    const n = Math.min(r, c);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let dot = 0;
        // rows when r <= c, columns otherwise
        for (let k = 0; k < Math.max(r, c); k++) dot += r <= c ? q[i * c + k] * q[j * c + k] : q[k * c + i] * q[k * c + j];
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `[${r}, ${c}] Gram entry (${i}, ${j}) = ${dot}`);
      }
    }
  }
  const scaled = draw(new Orthogonal({ gain: 2 }), [6, 6]);
  let norm = 0;
  for (let k = 0; k < 6; k++) norm += scaled[k] ** 2;
  assert.ok(Math.abs(Math.sqrt(norm) - 2) < 1e-5, 'gain scales the rows');
});

test('constant, zeros, ones, randomUniform, randomNormal', () => {
  setRandomSeed(5);
  assert.ok(draw(initializers.constant({ value: 0.25 }), [3, 2]).every((v) => v === 0.25));
  assert.ok(draw(initializers.zeros(), [4]).every((v) => v === 0));
  assert.ok(draw(initializers.ones(), [4]).every((v) => v === 1));
  const u = stats(draw(initializers.randomUniform(), [100, 100]));
  assert.ok(u.min >= -0.05 && u.max <= 0.05 && u.max > 0.049);
  const n = stats(draw(initializers.randomNormal({ stddev: 2, mean: 1 }), [100, 100]));
  assert.ok(Math.abs(n.mean - 1) < 0.06 && Math.abs(Math.sqrt(n.variance) - 2) < 0.06);
});

test('the same seed gives the same values; a seeded initializer ignores the global generator', () => {
  setRandomSeed(7);
  const a = draw(new GlorotUniform(), [5, 5]);
  setRandomSeed(7);
  const b = draw(new GlorotUniform(), [5, 5]);
  assert.deepEqual(a, b);
  setRandomSeed(8);
  const c = draw(new GlorotUniform({ seed: 3 }), [5, 5]);
  setRandomSeed(9);
  const d = draw(new GlorotUniform({ seed: 3 }), [5, 5]);
  assert.deepEqual(c, d);
});

test('initializers resolve by Keras name, camelCase name or spec; unknown names are errors', () => {
  assert.equal(getInitializer('glorot_uniform').getClassName(), 'GlorotUniform');
  assert.equal(getInitializer('heNormal').getClassName(), 'HeNormal');
  assert.equal(getInitializer({ className: 'Constant', config: { value: 3 } }).getConfig().value, 3);
  assert.throws(() => getInitializer('glorot_uniformm'), (e: Error) => e instanceof ConfigError && /Unknown initializer 'glorot_uniformm'/.test(e.message));
  assert.throws(() => initializers.constant({ val: 1 } as never), /unknown option 'val'/);
});
