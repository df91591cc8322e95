// Storage schemes for `model.save` and `loadModel` beyond the file system ('indexeddb://name', 'downloads://name',
// 'https://…'), as TF.js's IO router has them. The browser entry registers its handlers (src/browser/); Node
// registers none, and a path with an unregistered scheme gets an error naming the browser build.
import { ValueError } from '../errors.js';
import type { Model } from '../models/model.js';
import type { CustomObjects } from '../registry/registry.js';
import type { SaveOptions } from './artifacts.js';

export interface IOHandler {
  /** Saves `model` under `name` (the path after `scheme://`). */
  save?(model: Model, name: string, options: SaveOptions): Promise<void>;
  /** Loads the model stored under `url` (the whole path, scheme included) with the caller's options. */
  load?(url: string, options: { customObjects?: CustomObjects } & Record<string, unknown>): Promise<Model>;
}

const handlers = new Map<string, IOHandler>();

/** Registers `handler` for paths `<scheme>://…` (scheme in lower case, without '://'). */
export function registerIOHandler(scheme: string, handler: IOHandler): void {
  handlers.set(scheme.toLowerCase(), handler);
}

/** The scheme of a `scheme://…` path, or null for a file path (a Windows drive letter is not a scheme). */
export function schemeOf(path: string): string | null {
  const m = /^([a-z][a-z0-9+.-]+):\/\//i.exec(path);
  return m ? m[1].toLowerCase() : null;
}

/** The handler for `path` and its name after `scheme://`; null for a file path; an error for an unknown scheme. */
export function routeOf(path: string, what: 'save' | 'load'): { handler: IOHandler; name: string } | null {
  const scheme = schemeOf(path);
  if (scheme === null) return null;
  const handler = handlers.get(scheme);
  if (!handler?.[what]) {
    const known = [...handlers].filter(([, h]) => h[what]).map(([s]) => `${s}://`);
    return { name: path, handler: { [what]: () => Promise.reject(new ValueError(`${path}: no way to ${what} a model at '${scheme}://' here; ${known.length ? `known: ${known.join(', ')}` : "in a browser, use the browser build ('rnnkit/browser'), which knows indexeddb://, downloads:// and http(s)://; in Node, give a file path"}`)) } };
  }
  return { handler, name: path.slice(scheme.length + 3) };
}
