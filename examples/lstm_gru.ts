// LSTM and GRU on the tutorial's data (0..99, windows of 10 → next value) and on a noisy sine wave
// (windows of 20 → next value, scaled data, last 20% held out), next to SimpleRNN. Prints test MSE.
//   npm run build && node dist/examples/lstm_gru.js
import { Dense, GRU, LSTM, Random, Sequential, SimpleRNN, setRandomSeed, slidingWindows, type Layer, type Tensor } from '../src/index.js';

type Make = (inputShape: number[]) => Layer;
// raw values in the hundreds saturate tanh: the tutorial part uses relu, as the Keras tutorial does for SimpleRNN
const relu: Record<string, Make> = {
  SimpleRNN: (inputShape) => new SimpleRNN({ units: 50, activation: 'relu', inputShape }),
  LSTM: (inputShape) => new LSTM({ units: 50, activation: 'relu', inputShape }),
  GRU: (inputShape) => new GRU({ units: 50, activation: 'relu', inputShape }),
};
const tanh: Record<string, Make> = {
  SimpleRNN: (inputShape) => new SimpleRNN({ units: 32, inputShape }),
  LSTM: (inputShape) => new LSTM({ units: 32, inputShape }),
  GRU: (inputShape) => new GRU({ units: 32, inputShape }),
};

async function run(name: string, make: Make, train: { x: Tensor; y: Tensor }, test: { x: Tensor; y: Tensor }, epochs: number, learningRate: string): Promise<void> {
  setRandomSeed(1);
  const model = new Sequential({ layers: [make(train.x.shape.slice(1)), new Dense({ units: 1 })] });
  model.compile({ optimizer: learningRate, loss: 'mse' });
  const t0 = performance.now();
  await model.fit(train.x, train.y, { epochs, batchSize: 32, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  ${name.padEnd(10)} test MSE ${(model.evaluate(test.x, test.y) as number).toExponential(3)}   (${epochs} epochs, ${seconds.toFixed(1)} s)`);
}

// 1. the tutorial: raw values 0..99; test on 90..109
const tutorialTrain = slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);
const tutorialTest = slidingWindows(Array.from({ length: 20 }, (_, i) => 90 + i), 10);
console.log('Tutorial data (windows of 10 consecutive numbers → the next), relu units, Adam, 200 epochs:');
for (const [name, make] of Object.entries(relu)) await run(name, make, tutorialTrain, tutorialTest, 200, 'adam');

// 2. a noisy sine wave: 600 points, period 50, noise σ = 0.1; chronological 80/20 split
const noise = new Random(7);
const sine = Array.from({ length: 600 }, (_, i) => Math.sin((2 * Math.PI * i) / 50) + 0.1 * noise.normal());
const cut = 480;
const sineTrain = slidingWindows(sine.slice(0, cut), 20);
const sineTest = slidingWindows(sine.slice(cut - 20), 20);
console.log('\nNoisy sine (windows of 20 → the next value; the noise alone gives MSE ≈ 0.01), Adam, 30 epochs:');
for (const [name, make] of Object.entries(tanh)) await run(name, make, sineTrain, sineTest, 30, 'adam');
