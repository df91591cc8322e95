// Registers the browser's model storage with the IO router (src/io/io_handlers.ts), so `model.save(…)` and
// `loadModel(…)` accept 'indexeddb://name', 'downloads://name' and http(s) URLs in a page.
import { registerIOHandler } from '../io/io_handlers.js';
import { saveToDownloads } from './downloads.js';
import { saveToIndexedDB } from './indexeddb.js';
import { loadModelInBrowser, type BrowserLoadOptions } from './load.js';

let registered = false;

/** Installs the handlers once (the browser entry calls this on import). */
export function registerBrowserIO(): void {
  if (registered) return;
  registered = true;
  const load = (url: string, options: Record<string, unknown>) => loadModelInBrowser(url, options as BrowserLoadOptions);
  registerIOHandler('indexeddb', { save: saveToIndexedDB, load });
  registerIOHandler('downloads', { save: saveToDownloads });
  registerIOHandler('http', { load });
  registerIOHandler('https', { load });
}
