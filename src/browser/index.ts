// rnnkit for browsers (`import * as rk from 'rnnkit/browser'`, or the single-file dist/browser/rnnkit.js):
// the whole public API of src/index.ts, plus `ready()` / `backendInfo()` (start the fast kernels asynchronously,
// see which run) and model files in a page (URLs, File/Blob/ArrayBuffer, 'indexeddb://', 'downloads://').
// Built by scripts/build-browser.mjs with no Node built-in on its import graph. See docs/BROWSER.md.
export * from '../index.js';
export { ready, backendInfo, type BackendInfo } from './ready.js';
