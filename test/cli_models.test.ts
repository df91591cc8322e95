// `rnnkit inspect` and `rnnkit convert` end to end (the built CLI in a child process).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as rk from '../src/index.js';

const CLI = new URL('../src/cli/main.js', import.meta.url).pathname;
const FIXTURES = new URL('../../test/fixtures/keras/', import.meta.url).pathname;
const run = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('inspect prints format, producer, shapes, compile settings and the summary', () => {
  const out = run('inspect', join(FIXTURES, 'h5-k2-gru-stacked-traffic', 'gru.h5'));
  assert.match(out, /Format: +Keras legacy HDF5 \(\.h5\)/);
  assert.match(out, /Written by: Keras 2\.1\.4/);
  assert.match(out, /Input: +\[batch, 12, 1\] +Output: \[batch, 1\]/);
  assert.match(out, /optimizer RMSprop .* loss mean_squared_error/);
  assert.match(out, /gru_1 \(GRU\) +│ \(None, 12, 64\) +│ +12,672 │/);
  assert.match(run('inspect', join(FIXTURES, 'tfjs-lstm-textgen')), /Format: +TF\.js Layers \(model\.json\)/);
});

test('convert .h5 → TF.js directory → .keras keeps predictions exactly; errors exit 1 with a message', async () => {
  const d = mkdtempSync(join(tmpdir(), 'rnnkit-'));
  const source = join(FIXTURES, 'h5-k2-lstm-dl4j', 'simple_flatten_lstm_tf_keras_2_model.h5');
  run('convert', source, join(d, 'tfjs'));
  // the LSTM uses Keras 2's hard_sigmoid, which Keras 3 cannot express: a clear refusal
  const refused = spawnSync(process.execPath, [CLI, 'convert', join(d, 'tfjs'), join(d, 'x.keras')], { encoding: 'utf8' });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /rnnkit: .*hard_sigmoid_tfjs.*no Keras 3 equivalent/);
  const srnn = join(FIXTURES, 'h5-k2-simplernn-dl4j', 'simple_rnn_tf_keras_2_model.h5');
  run('convert', srnn, join(d, 's'));
  assert.match(run('convert', join(d, 's'), join(d, 's.keras')), /Keras 3 \.keras/);
  const [a, b] = [await rk.loadModel(srnn), await rk.loadModel(join(d, 's.keras'))];
  const x = rk.tensor([[[0.5]], [[-0.25]]]);
  assert.deepEqual(Array.from(b.predict(x).data), Array.from(a.predict(x).data));
  const missing = spawnSync(process.execPath, [CLI, 'inspect', join(d, 'nothing')], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /rnnkit: .*no such file or directory/i);
});
