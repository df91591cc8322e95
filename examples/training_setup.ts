// A Keras-tutorial training setup in rnnkit: validation split, metrics, gradient clipping, early stopping with
// the best weights restored, learning-rate reduction, checkpoints — then save, reload and predict.
// Run: npm run build && node dist/examples/training_setup.js
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, Dense, EarlyStopping, LSTM, ModelCheckpoint, ReduceLROnPlateau, Sequential, loadModel, setRandomSeed, slidingWindows } from '../src/index.js';

setRandomSeed(7);
const series = Array.from({ length: 400 }, (_, i) => Math.sin(i / 8) + 0.1 * Math.sin(i / 1.7));
const { x, y } = slidingWindows(series, 24); // x [376, 24, 1], y [376]
const dir = mkdtempSync(join(tmpdir(), 'rnnkit-example-'));

const model = new Sequential({ layers: [new LSTM({ units: 32, inputShape: [24, 1] }), new Dense({ units: 1 })] });
model.compile({ optimizer: new Adam({ learningRate: 3e-3, clipnorm: 1 }), loss: 'mse', metrics: ['mae'] });
const history = await model.fit(x, y, {
  epochs: 60, batchSize: 32, validationSplit: 0.2, verbose: 0,
  callbacks: [
    new EarlyStopping({ monitor: 'val_loss', patience: 8, restoreBestWeights: true }),
    new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 3 }),
    new ModelCheckpoint(join(dir, 'best.keras'), { monitor: 'val_loss', saveBestOnly: true }),
  ],
});
console.log(`epochs run: ${history.epoch.length}, best val_loss ${Math.min(...history.history.val_loss).toExponential(3)}`);
console.log('final learning rate', model.optimizer!.learningRate);

await model.save(join(dir, 'model'));                    // TF.js Layers directory: model.json + weights.bin
const reloaded = await loadModel(join(dir, 'model'));
console.log('reloaded predicts the same:', reloaded.predict(x).data.every((v, i) => v === model.predict(x).data[i]));
console.log('best checkpoint:', (await loadModel(join(dir, 'best.keras'))).summary().split('\n')[0]);
