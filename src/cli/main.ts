#!/usr/bin/env node
// rnnkit command line: a thin shell over the library (argument parsing by commander).
import { Command, InvalidArgumentError } from 'commander';
import { runDemo } from './demo.js';
import { convert, inspect } from './model_commands.js';
import { registerForecastCommands } from './forecast_commands.js';
import { registerTextGenerateCommands } from './text_generate_commands.js';
import { registerTextClassifyCommands } from './text_classify_commands.js';
import { registerSeq2SeqCommands } from './seq2seq_commands.js';
import { VERSION } from '../version.js';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
}

const program = new Command();
program.name('rnnkit').description('Keras-exact recurrent neural networks in TypeScript').version(VERSION, '-V, --version', 'print the rnnkit version');

program
  .command('demo')
  .description('run the Keras simple-RNN tutorial: windows of 10 numbers predict the next one')
  .option('--exercise <name>', "the tutorial's exercise: 'even' trains on 0, 2, ..., 198")
  .option('--seed <n>', 'random seed (initialisation and shuffling)', integer)
  .option('--epochs <n>', 'training epochs', integer, 200)
  .option('--verbose <n>', '0 silent, 1 progress bar, 2 one line per epoch', integer, 1)
  .action(async (opts: { exercise?: string; seed?: number; epochs: number; verbose: number }) => {
    if (opts.exercise !== undefined && opts.exercise !== 'even') {
      throw new InvalidArgumentError(`unknown exercise '${opts.exercise}' (known: even)`);
    }
    if (![0, 1, 2].includes(opts.verbose)) throw new InvalidArgumentError('--verbose must be 0, 1 or 2');
    if (!(opts.epochs >= 1)) throw new InvalidArgumentError(`--epochs must be a positive integer, got ${opts.epochs}`);
    await runDemo({ exercise: opts.exercise as 'even' | undefined, seed: opts.seed, epochs: opts.epochs, verbose: opts.verbose as 0 | 1 | 2 });
  });

program
  .command('inspect')
  .description('print the format, summary and training settings of a model file (TF.js model.json or directory, .keras, .h5)')
  .argument('<model>', 'model file or directory')
  .action(async (model: string) => inspect(model));

program
  .command('convert')
  .description('convert a model: to a .keras file when <out> ends in .keras, a Keras 2 .h5 file for .h5, else a TF.js Layers directory')
  .argument('<in>', 'TF.js model (directory or model.json), .keras or .h5 file')
  .argument('<out>', 'output .keras or .h5 file, or directory')
  .option('--include-optimizer', 'keep the training configuration and optimizer state (TF.js output only)')
  .option('--overwrite', 'replace <out> even when it is not a model of the same kind')
  .action(async (input: string, output: string, opts: { includeOptimizer?: boolean; overwrite?: boolean }) => convert(input, output, opts));

registerForecastCommands(program);
registerTextGenerateCommands(program);
registerTextClassifyCommands(program);
registerSeq2SeqCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`rnnkit: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
