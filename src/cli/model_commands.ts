// `rnnkit inspect <model>` and `rnnkit convert <in> <out>`: thin wrappers over loadModel / save.
import { describeModelFile } from '../io/describe.js';
import { loadModel } from '../io/save_load.js';

type Log = (line: string) => void;

/** Prints the file's format and producer, the model summary, shapes and compile settings. */
export async function inspect(path: string, log: Log = console.log): Promise<void> {
  const model = await loadModel(path);
  const info = await describeModelFile(path);
  log(`File:      ${info.path} (${info.bytes.toLocaleString('en-US')} bytes)`);
  log(`Format:    ${info.format}`);
  log(`Written by: ${info.producer ?? 'unknown'}`);
  log(`Input:     [batch, ${model.inputShape!.join(', ')}]   Output: [batch, ${model.outputShape!.join(', ')}]`);
  if (model.optimizer && model.loss) {
    const metrics = model.metrics.map((m) => m.name).join(', ') || 'none';
    log(`Compiled:  optimizer ${model.optimizer.getClassName()} (learning rate ${model.optimizer.learningRate}), loss ${model.loss.name}, metrics ${metrics}`);
    const state = model.getOptimizerState();
    if (state) log(`Optimizer state: ${state.scalars[0]} updates (a training checkpoint)`);
  } else {
    log('Compiled:  no (the file has no training configuration)');
  }
  log('');
  log(model.summary());
}

/** Converts between the TF.js format (a directory) and Keras 3 `.keras` (by the output's extension). */
export async function convert(input: string, output: string, options: { includeOptimizer?: boolean; overwrite?: boolean }, log: Log = console.log): Promise<void> {
  const model = await loadModel(input);
  await model.save(output, { includeOptimizer: options.includeOptimizer ?? false, ...(options.overwrite ? { overwrite: true } : {}) });
  const format = /\.keras$/i.test(output) ? 'Keras 3 .keras' : /\.(h5|hdf5)$/i.test(output) ? 'Keras 2 .h5' : 'TF.js Layers directory';
  log(`${input} → ${output} (${format})`);
}
