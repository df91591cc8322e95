// JSON from files, parsed with a nesting limit: a file nested thousands of levels deep (a fuzzer's or an attacker's)
// would overflow the stack in the recursive code that walks configs; it is refused, naming the file, before parsing.
import { ValueError } from '../errors.js';

/** Deepest nesting of arrays and objects accepted in a model or forecaster file (real Keras configs use < 20). */
export const MAX_JSON_DEPTH = 100;

/** The nesting depth of JSON text (brackets outside strings), computed without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Throws unless `text` nests at most MAX_JSON_DEPTH levels. */
export function checkJsonDepth(text: string, what: string): void {
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new ValueError(`${what} is nested ${depth} levels deep, more than the limit of ${MAX_JSON_DEPTH}`);
}

/** JSON.parse with the nesting limit; `what` names the text in errors ('<file>: model.json …'). */
export function parseJsonChecked(text: string, what: string): unknown {
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new ValueError(`${what} is nested ${depth} levels deep, more than the limit of ${MAX_JSON_DEPTH}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${what} is not valid JSON (${(e as Error).message})`);
  }
}
