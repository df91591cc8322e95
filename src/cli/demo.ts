// `rnnkit demo`: the Keras "simple RNN" tutorial, end to end, with built-in data.
// Data: the numbers 0..99 (exercise 'even': 0, 2, …, 198); windows of 10 predict the next value;
// model SimpleRNN(50, relu) → Dense(1), Adam, MSE, 200 epochs, batch 32, shuffled; test on the next 10 windows.
import { Dense, Sequential, SimpleRNN, setRandomSeed, slidingWindows } from '../index.js';
import type { Verbosity } from '../callbacks/progbar.js';
import { ConfigError } from '../errors.js';

export interface DemoOptions {
  exercise?: 'even';
  seed?: number;
  epochs?: number;
  verbose?: Verbosity;
  log?: (line: string) => void;
}

export interface DemoResult {
  trainLoss: number;
  testLoss: number;
  predictions: number[];
  targets: number[];
  seconds: number;
}

/** Runs the tutorial and prints its report through `log`. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  // every argument is checked before anything is printed
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs >= 1)) throw new ConfigError(`demo: epochs must be a positive integer, got ${options.epochs}`);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new ConfigError(`demo: seed must be an integer, got ${options.seed}`);
  if (options.exercise !== undefined && options.exercise !== 'even') throw new ConfigError(`demo: unknown exercise '${String(options.exercise)}' (known: even)`);
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.seed !== undefined) setRandomSeed(options.seed);
  const step = options.exercise === 'even' ? 2 : 1;
  const window = 10;
  const train = Array.from({ length: 100 }, (_, i) => i * step);           // 0..99 or 0, 2, …, 198
  const test = Array.from({ length: 20 }, (_, i) => (90 + i) * step);      // 90..109 or 180, 182, …, 218
  const { x, y } = slidingWindows(train, window);                          // x [90, 10, 1], y [90]
  const { x: xTest, y: yTest } = slidingWindows(test, window);             // x [10, 10, 1], y [10]

  const model = new Sequential();
  model.add(new SimpleRNN({ units: 50, activation: 'relu', inputShape: [window, 1] }));
  model.add(new Dense({ units: 1 }));
  model.compile({ optimizer: 'adam', loss: 'mse' });
  log(model.summary());

  const started = performance.now();
  const history = await model.fit(x, y, { epochs: options.epochs ?? 200, batchSize: 32, verbose: options.verbose ?? 1 });
  const seconds = (performance.now() - started) / 1000;
  const trainLoss = history.history.loss[history.history.loss.length - 1];
  const testLoss = model.evaluate(xTest, yTest) as number;
  const predictions = Array.from(model.predict(xTest).data);
  const targets = Array.from(yTest.data);

  log('');
  log(`Training: ${history.epoch.length} epochs in ${seconds.toFixed(2)} s, final loss ${trainLoss.toFixed(4)}`);
  log(`Test MSE: ${testLoss.toFixed(4)}`);
  log('');
  log('  target  prediction   error');
  predictions.forEach((p, i) => log(`  ${targets[i].toFixed(0).padStart(6)}  ${p.toFixed(3).padStart(10)}  ${(p - targets[i]).toFixed(3).padStart(7)}`));
  return { trainLoss, testLoss, predictions, targets, seconds };
}
