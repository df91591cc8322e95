// A user-defined recurrent cell for the generic RNN layer — the Keras guide's MinimalRNNCell with a tanh —
// verified with checkGradients, then trained inside a Sequential model.
//   npm run build && node dist/examples/custom_cell.js
import { Dense, RNN, Sequential, checkGradients, setRandomSeed, slidingWindows, tensor } from '../src/index.js';
import { MinimalRNNCell } from './minimal_rnn_cell.js';

setRandomSeed(1);
const { x, y } = slidingWindows(Array.from({ length: 100 }, (_, i) => Math.sin(i / 5)), 10);

const few = tensor(x.data.slice(0, 3 * 10), [3, 10, 1]); // three windows are enough for a check
const check = checkGradients(new RNN({ cell: new MinimalRNNCell(4), returnSequences: true }), few);
console.log('gradient check passed:', check.passed, check.entries.map((e) => `${e.name} ${e.maxRelError.toExponential(1)}`).join(', '));

const model = new Sequential({ layers: [new RNN({ cell: new MinimalRNNCell(16), inputShape: [10, 1] }), new Dense({ units: 1 })] });
model.compile({ optimizer: 'adam', loss: 'mse' });
const history = await model.fit(x, y, { epochs: 30, verbose: 0 });
console.log(`loss: epoch 1 ${history.history.loss[0].toFixed(4)} → epoch 30 ${history.history.loss[29].toFixed(4)}`);
