// TF.js interoperability of the text layers (issue 12): TF.js loads the model.json rnnkit writes for Embedding,
// Conv1D, the pooling layers, BatchNormalization, LayerNormalization, LeakyReLU, SpatialDropout1D and predicts the
// same values; what TF.js then saves (trainable weights first, so BatchNormalization's moving statistics move)
// loads back into rnnkit with identical predictions. TF.js 4.22 has no ZeroPadding1D, Cropping1D or UpSampling1D
// (only their 2-D versions): TF.js refuses those files, which the last test pins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as rk from '../src/index.js';
import { assertClose } from './helpers.js';
import { data } from './text_helpers.js';

await tf.setBackend('cpu');

const stacks: Record<string, () => rk.Layer[]> = {
  'Embedding → Conv1D(same) → BatchNormalization → LeakyReLU → MaxPooling1D → LSTM → Dense': () => [
    new rk.Embedding({ inputDim: 12, outputDim: 4, inputShape: [8] }), new rk.Conv1D({ filters: 5, kernelSize: 3, padding: 'same' }),
    new rk.BatchNormalization({ movingMeanInitializer: 'random_normal', movingVarianceInitializer: { className: 'RandomUniform', config: { minval: 0.5, maxval: 2 } } as never, betaInitializer: 'random_normal' }),
    new rk.LeakyReLU({ negativeSlope: 0.1 }), new rk.MaxPooling1D({ poolSize: 2 }), new rk.LSTM({ units: 3 }), new rk.Dense({ units: 2 }),
  ],
  'Conv1D(strides, valid) → LayerNormalization → SpatialDropout1D → AveragePooling1D(same) → GlobalAveragePooling1D': () => [
    new rk.Conv1D({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu', inputShape: [12, 3] }),
    new rk.LayerNormalization({ betaInitializer: 'random_normal', gammaInitializer: 'random_normal' }), new rk.SpatialDropout1D({ rate: 0.3 }),
    new rk.AveragePooling1D({ poolSize: 3, strides: 1, padding: 'same' }), new rk.GlobalAveragePooling1D(),
  ],
  'Conv1D(dilation) → GlobalMaxPooling1D → Dense': () => [
    new rk.Conv1D({ filters: 3, kernelSize: 2, dilationRate: 2, inputShape: [8, 2] }),
    new rk.GlobalMaxPooling1D(), new rk.Dense({ units: 1, activation: 'sigmoid' }),
  ],
};

for (const [name, make] of Object.entries(stacks)) {
  test(`TF.js loads rnnkit's file and predicts the same; TF.js's save loads back into rnnkit: ${name}`, async () => {
    rk.setRandomSeed(5);
    const model = new rk.Sequential({ layers: make() });
    const inner = model.inputs[0].shape.slice(1) as number[];
    const x = inner.length === 1 ? rk.tensor(Int32Array.from({ length: 3 * inner[0] }, (_, i) => (i * 7) % 12), [3, inner[0]]) : data([3, ...inner], 6);
    const ours = model.predict(x) as rk.Tensor;
    const theirsModel = await tf.loadLayersModel(tf.io.fromMemory(model.toArtifacts() as tf.io.ModelArtifacts));
    const theirs = (theirsModel.predict(tf.tensor(Array.from(x.data), x.shape)) as tf.Tensor).dataSync();
    assertClose(ours.data, theirs, { rtol: 1e-4, atol: 1e-5, what: name });
    let saved: rk.ModelArtifacts | null = null;
    await theirsModel.save(tf.io.withSaveHandler(async (a) => { saved = a as unknown as rk.ModelArtifacts; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
    const back = rk.loadModelFromArtifacts(saved!);
    assert.deepEqual(back.layers.map((l) => l.getClassName()), model.layers.map((l) => l.getClassName()));
    assert.deepEqual(Array.from((back.predict(x) as rk.Tensor).data), Array.from(ours.data));
  });
}

test('TF.js 4.22 cannot read ZeroPadding1D, Cropping1D, UpSampling1D (it lacks the 1-D versions); rnnkit can', async () => {
  for (const layer of [new rk.ZeroPadding1D({ inputShape: [4, 2] }), new rk.Cropping1D({ inputShape: [4, 2] }), new rk.UpSampling1D({ inputShape: [4, 2] })]) {
    const model = new rk.Sequential({ layers: [layer] });
    await assert.rejects(tf.loadLayersModel(tf.io.fromMemory(model.toArtifacts() as tf.io.ModelArtifacts)), new RegExp(`Unknown layer: ${layer.getClassName()}`));
    assert.equal(rk.loadModelFromArtifacts(model.toArtifacts()).layers[0].getClassName(), layer.getClassName());
  }
});
