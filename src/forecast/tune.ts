// `train --tune N`: Bayesian optimization (src/tuner) of a forecaster's network — cell type, units, learning
// rate — on the training windows of the recipe's pipeline, scored by the validation loss of the last windows
// (early stopping inside each trial). Rows after `trainEnd` are never read. The best values become the network
// every candidate of the recipe uses.
import { EarlyStopping } from '../callbacks/early_stopping.js';
import { Dense } from '../layers/core/dense.js';
import { Sequential } from '../models/sequential.js';
import { getOptimizer } from '../optimizers/index.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { Tensor } from '../tensor/tensor.js';
import { HyperParameters } from '../tuner/hyperparameters.js';
import { BayesianOptimization } from '../tuner/tuner.js';
import type { Series } from './csv.js';
import { parseModelSpec, resolveConfig, type ForecastConfig } from './forecaster.js';
import { Pipeline } from './pipeline.js';
import { ValueError } from '../errors.js';

export interface TuneResult {
  /** The best model spec ('gru:24') and learning rate. */
  model: string;
  learningRate: number;
  summary: string;
}

/** Tunes the network of `config` on rows [0, trainEnd) with `trials` Bayesian-optimization trials. */
export async function tuneNetwork(series: Series, config: ForecastConfig, options: { trainEnd?: number; trials: number; directory?: string }): Promise<TuneResult> {
  const cfg = resolveConfig(config, series);
  const raw = series.values.slice(0, options.trainEnd ?? series.values.length);
  const index = (name: string) => series.names.indexOf(name);
  const pipeline = Pipeline.fitMany([raw], {
    lookback: cfg.lookback, horizon: cfg.horizon, inputs: cfg.features.map(index), targets: cfg.targets.map(index), normalize: cfg.normalize, difference: cfg.difference, season: cfg.season,
  });
  const { x, y, count } = pipeline.windowsOfMany([raw], cfg.stride);
  if (count < 8) throw new ValueError(`--tune needs at least 8 training windows, got ${count}`);
  const xs = new Tensor(x, [count, cfg.lookback, cfg.features.length]);
  const ys = new Tensor(y, [count, cfg.horizon * cfg.targets.length]);
  const build = (hp: HyperParameters) => {
    const cell = hp.Choice('cell', ['lstm', 'gru']);
    const units = hp.Int('units', 8, 64, { step: 8, default: 32 });
    const lr = hp.Float('learningRate', 1e-3, 3e-2, { sampling: 'log', default: 1e-2 });
    const model = new Sequential({ layers: [...parseModelSpec(`${cell}:${units}`, [cfg.lookback, cfg.features.length]), new Dense({ units: cfg.horizon * cfg.targets.length })] });
    const optimizer = getOptimizer(cfg.optimizer) as Optimizer;
    optimizer.learningRate = lr;
    model.compile({ optimizer, loss: 'mse' });
    return model;
  };
  const tuner = new BayesianOptimization({
    hypermodel: build, objective: 'val_loss', maxTrials: options.trials, seed: cfg.seed, hyperparameters: new HyperParameters(),
    ...(options.directory ? { directory: options.directory, projectName: 'tune' } : {}),
  });
  await tuner.search(xs, ys, {
    epochs: cfg.epochs, batchSize: cfg.batchSize, verbose: 0, validationSplit: cfg.validation > 0 ? cfg.validation : 0.25,
    callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: cfg.patience, restoreBestWeights: true })],
  });
  const [best] = tuner.getBestHyperparameters(1);
  if (!best) throw new ValueError('every tuning trial failed: ' + tuner.trials.map((t) => t.error).join('; '));
  return { model: `${best.get('cell')}:${best.get('units')}`, learningRate: best.get('learningRate') as number, summary: tuner.resultsSummary(3) };
}
