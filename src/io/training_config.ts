// What `compile` set, as model files store it (TF.js `trainingConfig`, Keras 3 `compile_config`):
// {optimizer_config: {class_name, config}, loss, metrics}. Reading (compile_config.ts) accepts every form Keras 2,
// Keras 3 and TF.js wrote, with Keras 2 names ('lr'), and ignores optimizer options rnnkit does not have (ema …).
import { getMetric } from '../metrics/metrics.js';
import type { Sequential } from '../models/sequential.js';
import { compileArgsFromFile } from './compile_config.js';
import { toSnakeCase } from './names.js';

export interface TrainingConfig {
  optimizer_config: { class_name: string; config: Record<string, unknown> };
  loss: unknown;
  metrics?: unknown[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// Keras spells Adam's betas beta_1 / beta_2 (TF.js reads them back as beta1 / beta2)
const fileKey = (k: string): string => (/^beta[12]$/.test(k) ? `beta_${k[4]}` : toSnakeCase(k));

function snakeKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [fileKey(k), v]));
}

/** The model's compile settings in file form, or null when it is not compiled. */
export function trainingConfigOf(model: Sequential): TrainingConfig | null {
  if (!model.optimizer || !model.loss) return null;
  const config = model.optimizer.getConfig();
  const lr = config.learningRate;
  const fileConfig = snakeKeys(config);
  if (isObject(lr)) fileConfig.learning_rate = { class_name: lr.className, config: snakeKeys(lr.config as Record<string, unknown>) };
  return {
    optimizer_config: { class_name: model.optimizer.getClassName(), config: fileConfig },
    loss: model.loss.name,
    metrics: model.metrics.map((m) => m.name),
  };
}

/**
 * Compiles `model` as the file's training config says (any form, see compile_config.ts); returns one warning
 * naming the unusable piece instead, leaving the model uncompiled, when the settings cannot be used.
 */
export function compileFromFile(model: Sequential, tc: unknown): string | null {
  try {
    const { optimizer, loss, metrics } = compileArgsFromFile(tc);
    // resolve the metrics first so a bad name leaves the model uncompiled rather than half compiled
    const width = model.outputShape ? model.outputShape[model.outputShape.length - 1] : 1;
    const resolved = metrics.map(({ id, name }) => {
      const metric = getMetric(id, loss, width);
      metric.name = name;
      return metric;
    });
    model.compile({ optimizer, loss, metrics: resolved });
    return null;
  } catch (e) {
    return `the model is not compiled: its training config could not be used (${(e as Error).message})`;
  }
}
