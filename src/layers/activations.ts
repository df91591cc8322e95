// Activation names as Keras spells them (and their camelCase forms) → kernel activation ids.
import { ConfigError } from '../errors.js';
import { Act, type ActivationId } from '../kernels/types.js';

/** Keras's canonical name of each activation id (used by getConfig). */
const kerasName: Record<ActivationId, string> = {
  [Act.linear]: 'linear',
  [Act.relu]: 'relu',
  [Act.tanh]: 'tanh',
  [Act.sigmoid]: 'sigmoid',
  [Act.softmax]: 'softmax',
  [Act.elu]: 'elu',
  [Act.selu]: 'selu',
  [Act.softplus]: 'softplus',
  [Act.softsign]: 'softsign',
  [Act.swish]: 'swish',
  [Act.gelu]: 'gelu',
  [Act.hardSigmoid]: 'hard_sigmoid',
  [Act.hardSigmoidTfjs]: 'hard_sigmoid_tfjs',
  [Act.exponential]: 'exponential',
  [Act.relu6]: 'relu6',
};

const aliases: Record<string, ActivationId> = { silu: Act.swish };

/** Names accepted by every `activation` option. */
export const activationNames: readonly string[] = Object.values(kerasName);

/** 'relu', 'hard_sigmoid', 'hardSigmoid', null (→ linear) … → id. */
export function getActivation(name: string | null | undefined, owner: string): ActivationId {
  if (name === null || name === undefined) return Act.linear;
  if (typeof name !== 'string') throw new ConfigError(`${owner}: activation must be a name, got ${typeof name}`);
  const key = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (key in aliases) return aliases[key];
  for (const [id, n] of Object.entries(kerasName)) if (n === key) return Number(id) as ActivationId;
  throw new ConfigError(`${owner}: unknown activation '${name}'. Known: ${activationNames.join(', ')}`);
}

/** Keras name of an activation id. */
export function activationName(id: ActivationId): string {
  return kerasName[id];
}
