// The browser build (`npm run build:browser`, after `npm run build`): bundles dist/src/browser/index.js into
// one ES module, dist/browser/rnnkit.js, that a page imports with <script type="module"> and bundlers reach as
// 'rnnkit/browser'. Uses esbuild-wasm (esbuild compiled to WebAssembly: no native binary).
//  - Node built-ins never enter the bundle: each `node:*` import is replaced by a module whose functions throw a
//    clear error (they sit behind the file-system paths that a page never takes), and the build fails if any other
//    Node module, `require` or Buffer use is left.
//  - csv-parse comes from its browser build; the Web Worker of the second kernel thread is bundled first and
//    inlined as a string (started from a Blob URL).
//  - h5wasm (libhdf5 in WebAssembly, ~1 MB gzip), needed only for .h5 and .keras files, goes to a sibling file,
//    dist/browser/rnnkit-hdf5.js, loaded on first use.
// Prints raw and gzip sizes and fails above the budget stated in docs/BROWSER.md.
import * as esbuild from 'esbuild-wasm';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/browser');
const entry = join(root, 'dist/src/browser/index.js');
/** gzip budget of dist/browser/rnnkit.js (docs/BROWSER.md) */
export const GZIP_BUDGET = 200 * 1024;
const HDF5_FILE = 'rnnkit-hdf5.js';

if (!existsSync(entry)) {
  console.error(`build-browser: ${entry} is missing; run \`npm run build\` first`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const csvParseBrowser = join(dirname(fileURLToPath(import.meta.resolve('csv-parse'))), '../dist/esm/sync.js');
const h5wasmEntry = fileURLToPath(import.meta.resolve('h5wasm'));

const nodeStub = (name) => `
const fail = () => { throw new Error("rnnkit: '${name}' is a Node module; in a browser use URLs, File/Blob/ArrayBuffer, 'indexeddb://' or 'downloads://' (docs/BROWSER.md)"); };
export default new Proxy({}, { get: (_, k) => k === 'then' ? undefined : fail });
export const readFile = fail, writeFile = fail, stat = fail, open = fail, mkdir = fail, rename = fail, rm = fail, rmdir = fail, readdir = fail,
  realpath = fail, unlink = fail, join = fail, dirname = fail, resolve = fail, basename = fail, isAbsolute = fail, sep = '/',
  createWriteStream = fail, openSync = fail, writeSync = fail, closeSync = fail, fsyncSync = fail, existsSync = fail, mkdirSync = fail;
`;

/** Replaces Node built-ins by throwing stubs, csv-parse by its browser build, h5wasm by the sibling file. */
const browserOnly = {
  name: 'rnnkit-browser',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: 'node-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, (a) => ({ contents: nodeStub(a.path), loader: 'js' }));
    b.onResolve({ filter: /^csv-parse\/sync$/ }, () => ({ path: csvParseBrowser }));
    b.onResolve({ filter: /^h5wasm$/ }, () => ({ path: `./${HDF5_FILE}`, external: true }));
    b.onResolve({ filter: /^@resvg\/resvg-js$/ }, (a) => ({ path: a.path, namespace: 'node-stub' }));
    b.onResolve({ filter: /^(fs|path|os|url|util|zlib|crypto|stream|events|module|worker_threads|child_process)$/ }, (a) => {
      throw new Error(`Node module '${a.path}' imported by ${a.importer}`);
    });
  },
};

const common = { bundle: true, platform: 'browser', target: 'es2022', write: false, legalComments: 'none', logLevel: 'warning' };

// 1. the worker, as a classic script
const worker = await esbuild.build({ ...common, entryPoints: [join(root, 'dist/src/browser/worker.js')], format: 'iife', minify: true, plugins: [browserOnly] });
const workerSource = worker.outputFiles[0].text;

// 2. the library
const lib = await esbuild.build({
  ...common, entryPoints: [entry], format: 'esm', minify: true, keepNames: true, // error classes are named after their constructor
  sourcemap: 'linked', outfile: join(out, 'rnnkit.js'), metafile: true,
  define: { __RNNKIT_WORKER_SOURCE__: JSON.stringify(workerSource) }, plugins: [browserOnly],
  banner: { js: `// rnnkit ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version} — browser build (scripts/build-browser.mjs). MIT.` },
});

// 3. h5wasm on its own
const hdf5 = await esbuild.build({ ...common, entryPoints: [h5wasmEntry], format: 'esm', minify: true, outfile: join(out, HDF5_FILE), plugins: [browserOnly] });

const js = lib.outputFiles.find((f) => f.path.endsWith('.js'));
for (const [what, re] of [['require(', /\brequire\(/], ['Buffer', /\bBuffer\.(from|alloc|isBuffer)\b/]]) {
  if (re.test(js.text)) throw new Error(`build-browser: the bundle still uses ${what}`);
}
for (const f of [...lib.outputFiles, ...hdf5.outputFiles]) {
  const tmp = `${f.path}.tmp`;
  writeFileSync(tmp, f.contents);
  renameSync(tmp, f.path);
}
const gz = gzipSync(js.contents, { level: 9 }).length;
const hdf5Js = hdf5.outputFiles.find((f) => f.path.endsWith('.js'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`dist/browser/rnnkit.js: ${kb(js.contents.length)} raw, ${kb(gz)} gzip (budget ${kb(GZIP_BUDGET)}); worker ${kb(workerSource.length)} inlined`);
console.log(`dist/browser/${HDF5_FILE}: ${kb(hdf5Js.contents.length)} raw, ${kb(gzipSync(hdf5Js.contents, { level: 9 }).length)} gzip (loaded for .h5/.keras only)`);
if (gz > GZIP_BUDGET) {
  console.error(`build-browser: ${kb(gz)} gzip is over the budget of ${kb(GZIP_BUDGET)}`);
  process.exit(1);
}
