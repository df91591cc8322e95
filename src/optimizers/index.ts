// Optimizer lookup by Keras name (case-insensitive on the class name, as keras.optimizers.get).
import { ConfigError } from '../errors.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { Nadam } from './nadam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Adadelta, Adagrad, Adam, Adamax, AdamW, Nadam, Optimizer, RMSprop, SGD };

const byName: Record<string, () => Optimizer> = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  rmsprop: () => new RMSprop(),
  adamw: () => new AdamW(),
  adagrad: () => new Adagrad(),
  adadelta: () => new Adadelta(),
  adamax: () => new Adamax(),
  nadam: () => new Nadam(),
};

/** Names accepted by `compile({ optimizer })`. */
export const optimizerNames = Object.keys(byName);

export function getOptimizer(id: string | Optimizer): Optimizer {
  if (id instanceof Optimizer) return id;
  if (typeof id !== 'string') throw new ConfigError(`optimizer must be a name (${optimizerNames.join(', ')}) or an Optimizer, got ${typeof id}`);
  const make = byName[id.toLowerCase()];
  if (!make) throw new ConfigError(`Unknown optimizer '${id}'. Known: ${optimizerNames.join(', ')}`);
  return make();
}
export * as schedules from './schedules.js';
