// The README's example: the Keras simple-RNN tutorial as a user writes it against the public API.
//   npm run build && node dist/examples/quickstart.js
import { Dense, Sequential, SimpleRNN, setRandomSeed, slidingWindows } from '../src/index.js';

setRandomSeed(42);
const { x, y } = slidingWindows(Array.from({ length: 100 }, (_, i) => i), 10);       // x [90, 10, 1], y [90]
const model = new Sequential();
model.add(new SimpleRNN({ units: 50, activation: 'relu', inputShape: [10, 1] }));
model.add(new Dense({ units: 1 }));
model.compile({ optimizer: 'adam', loss: 'mse' });
console.log(model.summary());

const history = await model.fit(x, y, { epochs: 200, batchSize: 32, verbose: 0 });
console.log('final training loss', history.history.loss.at(-1));

const test = slidingWindows(Array.from({ length: 20 }, (_, i) => 90 + i), 10);       // targets 100..109
console.log('test MSE', model.evaluate(test.x, test.y));
console.log('predictions', Array.from(model.predict(test.x).data).map((v) => v.toFixed(2)).join(' '));
