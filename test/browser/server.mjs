// A tiny static file server for the browser tests and the playground (node:http, no dependency). Serves files
// under `root`; paths under /iso/ are the same files with the cross-origin-isolation headers (COOP same-origin,
// COEP require-corp), so one server gives a plain page and an isolated one. GET only; no directory listing;
// paths may not leave `root`. `routes` adds in-memory responses (path → { body, type, stream }).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm',
  '.keras': 'application/octet-stream', '.h5': 'application/octet-stream', '.csv': 'text/csv', '.css': 'text/css', '.png': 'image/png',
};

export const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Starts the server on 127.0.0.1 (port 0: any free port). Resolves to { url, close(), requests }. */
export async function startServer({ root, port = 0, routes = {} } = {}) {
  const base = resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    const isolated = url.pathname.startsWith('/iso/');
    const path = decodeURIComponent(isolated ? url.pathname.slice(4) : url.pathname);
    const headers = { 'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin', ...(isolated ? ISOLATION_HEADERS : {}) };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    const route = routes[path];
    if (route) {
      // `stream: true` sends the body without Content-Length (chunked), as a streaming server would
      const length = route.stream ? {} : { 'content-length': Buffer.byteLength(route.body) };
      res.writeHead(200, { ...headers, ...length, 'content-type': route.type ?? 'application/octet-stream' }).end(route.body);
      return;
    }
    const file = resolve(join(base, path === '/' ? '/index.html' : path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, headers).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}
