// AdamW (Keras optimizers/adamw.py): Adam with decoupled weight decay, weightDecay default 0.004.
import { checkOptions } from '../errors.js';
import { Adam, type AdamArgs } from './adam.js';
import { BASE_OPTIONS } from './optimizer.js';

export class AdamW extends Adam {
  static override className = 'AdamW';
  constructor(args: AdamArgs = {}) {
    checkOptions('AdamW', args, [...BASE_OPTIONS, 'beta1', 'beta2', 'epsilon', 'amsgrad']);
    super({ ...args, weightDecay: args.weightDecay ?? 0.004 });
  }
}
