// Error types thrown by rnnkit. Every message says what was expected and what was given,
// so a person can act on it without reading the source.

/** Base class of every error rnnkit throws on purpose. */
export class RnnkitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor or array has the wrong shape, rank, or is ragged/empty. */
export class ShapeError extends RnnkitError {}

/** A value is not allowed: NaN/Infinity in data, a negative count, an unknown name. */
export class ValueError extends RnnkitError {}

/** A constructor or method received an option it does not know, or an invalid option value. */
export class ConfigError extends RnnkitError {}

/** A method was called in the wrong order (e.g. `fit` before `compile`). */
export class StateError extends RnnkitError {}

/** Formats a shape as `[a, b, c]`, with `null` written 'batch' first and 'None' elsewhere (a length known at call time). */
export function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : 'None') : String(d))).join(', ')}]`;
}

/**
 * Rejects option names a constructor does not know (Keras raises on unknown kwargs too).
 * `known` lists the accepted camelCase names.
 */
export function checkOptions(owner: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new ConfigError(`${owner} expects an options object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${owner}: unknown option '${key}'. Known options: ${known.join(', ')}`);
    }
  }
}
