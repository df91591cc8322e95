// Optimizer lookup by Keras name ('sgd', 'adam', 'rmsprop'; case-insensitive, as keras.optimizers.get).
import { ConfigError } from '../errors.js';
import { Adam } from './adam.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export { Adam, Optimizer, RMSprop, SGD };

const byName: Record<string, () => Optimizer> = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  rmsprop: () => new RMSprop(),
};

export function getOptimizer(id: string | Optimizer): Optimizer {
  if (id instanceof Optimizer) return id;
  if (typeof id !== 'string') throw new ConfigError(`optimizer must be a name ('sgd', 'adam', 'rmsprop') or an Optimizer, got ${typeof id}`);
  const make = byName[id.toLowerCase()];
  if (!make) throw new ConfigError(`Unknown optimizer '${id}'. Known: ${Object.keys(byName).join(', ')}`);
  return make();
}
