// rnnkit for browsers (`import * as rk from 'rnnkit/browser'`, or the single-file dist/browser/rnnkit.js):
// the whole public API of src/index.ts, plus `ready()` / `backendInfo()` (start the fast kernels asynchronously,
// see which run) and model files in a page: `loadModel` from URLs, Files/Blobs/ArrayBuffers and
// 'indexeddb://name'; `model.save('indexeddb://name' | 'downloads://name')`.
// Built by scripts/build-browser.mjs with no Node built-in on its import graph. See docs/BROWSER.md.
import { registerBrowserIO } from './io.js';

export * from '../index.js';
export { ready, backendInfo, type BackendInfo } from './ready.js';
export { loadModelInBrowser as loadModel, BROWSER_LOAD_LIMIT, type BrowserLoadOptions, type ModelSource } from './load.js';
export { removeModel } from './indexeddb.js';

registerBrowserIO();
