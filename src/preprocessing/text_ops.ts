// The string steps of TextVectorization, as Keras runs them with tf.strings: standardize (lowercase, strip
// punctuation), split (whitespace, characters) and n-grams. Pure functions on JavaScript strings.

/** Keras's punctuation class, verbatim from text_vectorization.py: r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'. */
export const PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

/** A standardization: a Keras name, null for none, or a function of one string. */
export type Standardize = 'lower_and_strip_punctuation' | 'lower' | 'strip_punctuation' | null | ((text: string) => string);
/** A split: a Keras name, null for none (the whole string is one token), or a function of one string. */
export type Split = 'whitespace' | 'character' | null | ((text: string) => string[]);

/**
 * Lowercases ASCII letters only. Keras: `tf.strings.lower(inputs)` is called without an encoding, and TensorFlow
 * then lowers ASCII bytes only ('Éa' → 'Éa' stays upper-case É).
 */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Applies a standardization to one string. */
export function standardizeText(s: string, how: Standardize): string {
  if (how === 'lower' || how === 'lower_and_strip_punctuation') s = asciiLower(s);
  if (how === 'strip_punctuation' || how === 'lower_and_strip_punctuation') s = s.replace(PUNCTUATION, '');
  if (typeof how === 'function') {
    const out = how(s);
    if (typeof out !== 'string') throw new TypeError(`TextVectorization: the standardize function must return a string; got ${typeof out}`);
    s = out;
  }
  return s;
}

/** ASCII whitespace, as tf.strings.split with no separator (runs count once, ends are stripped). */
const WHITESPACE = /[ \t\n\v\f\r]+/;

/** Splits one string into tokens. 'character' splits into Unicode code points (tf.strings.unicode_split). */
export function splitText(s: string, how: Split): string[] {
  if (how === null) return [s];
  if (how === 'whitespace') return s.split(WHITESPACE).filter((t) => t.length > 0);
  if (how === 'character') return Array.from(s);
  const out = how(s);
  if (!Array.isArray(out) || out.some((t) => typeof t !== 'string')) throw new TypeError('TextVectorization: the split function must return an array of strings');
  return out;
}

/**
 * N-grams joined by ' ' (tf.strings.ngrams): for each width in order, every run of that many consecutive
 * tokens; a row shorter than a width gives none of that width.
 */
export function ngramsOf(tokens: readonly string[], widths: readonly number[]): string[] {
  const out: string[] = [];
  for (const w of widths) for (let i = 0; i + w <= tokens.length; i++) out.push(tokens.slice(i, i + w).join(' '));
  return out;
}
