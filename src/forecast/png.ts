// SVG → PNG through resvg compiled to WebAssembly (@resvg/resvg-wasm): no native addon, no install-time binary,
// the same renderer in Node and in a browser. The 2.4 MB wasm module is compiled once, asynchronously, on first use
// (or by `initPngRenderer`). resvg-wasm sees no system fonts, so chart text is drawn with DejaVu Sans: in Node read
// from the `dejavu-fonts-ttf` package, in a browser given by the page (URL or bytes), the wasm likewise.
import { ValueError, checkOptions } from '../errors.js';

/** Where a binary comes from: a URL (fetched), a Response, or the bytes themselves. */
export type BinarySource = string | URL | Response | ArrayBuffer | Uint8Array;

export interface PngRendererOptions {
  /** The resvg wasm module (`@resvg/resvg-wasm/index_bg.wasm`). Node default: read from node_modules. Required in a browser. */
  wasm?: BinarySource | WebAssembly.Module;
  /** TrueType/OpenType fonts for the chart text (WOFF is not read). Node default: DejaVu Sans from `dejavu-fonts-ttf`. */
  fonts?: BinarySource[];
}

export interface SvgToPngOptions extends PngRendererOptions {
  /** Scale factor of the output (default 1: one PNG pixel per SVG unit). */
  scale?: number;
}

type ResvgModule = typeof import('@resvg/resvg-wasm');
interface Renderer { resvg: ResvgModule; fonts: Uint8Array[] }
interface NodeProcess { getBuiltinModule?: (id: string) => unknown }

let renderer: Promise<Renderer> | undefined;

/** Node's built-in modules without a static import (the browser build must not see one). */
function nodeBuiltins(): { fs: typeof import('node:fs/promises'); module: typeof import('node:module') } | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.getBuiltinModule) return null;
  return { fs: proc.getBuiltinModule('node:fs/promises') as typeof import('node:fs/promises'), module: proc.getBuiltinModule('node:module') as typeof import('node:module') };
}

/** Where the files cannot be found by themselves: a browser, or a Node older than 20.16 (no process.getBuiltinModule). */
function where(): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return node ? `PNG charts in Node ${node} (reading the files needs Node ≥ 20.16)` : 'PNG charts in a browser';
}

async function bytesOf(source: BinarySource, what: string): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const response = typeof Response !== 'undefined' && source instanceof Response ? source : typeof source === 'string' || source instanceof URL ? await fetch(source) : null;
  if (!response) throw new ValueError(`${what}: expected a URL, a Response, an ArrayBuffer or a Uint8Array, got ${Object.prototype.toString.call(source)}`);
  if (!response.ok) throw new ValueError(`${what}: fetching ${response.url || String(source)} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function start(options: PngRendererOptions): Promise<Renderer> {
  const node = nodeBuiltins();
  const require = node?.module.createRequire(import.meta.url);
  let wasm = options.wasm;
  if (wasm === undefined) {
    if (!node || !require) throw new ValueError(`${where()}: call initPngRenderer({ wasm, fonts }) first, with the URL or bytes of '@resvg/resvg-wasm/index_bg.wasm' and of a TrueType font`);
    wasm = await node.fs.readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm'));
  }
  let fonts: Uint8Array[];
  if (options.fonts !== undefined) {
    if (!Array.isArray(options.fonts)) throw new ValueError(`fonts: expected an array of font files (URL or bytes), got ${typeof options.fonts}`);
    fonts = await Promise.all(options.fonts.map((f, i) => bytesOf(f, `fonts[${i}]`)));
  } else {
    if (!node || !require) throw new ValueError(`${where()}: initPngRenderer needs fonts (the URL or bytes of a TrueType font such as DejaVuSans.ttf)`);
    fonts = [await node.fs.readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))];
  }
  const resvg = await import('@resvg/resvg-wasm');
  try {
    await resvg.initWasm(wasm instanceof WebAssembly.Module ? wasm : await bytesOf(wasm, 'wasm'));
  } catch (e) {
    // resvg-wasm is one module per page or process: another copy of rnnkit (or the page itself) may have started it
    if (!/Already initialized/.test(String(e))) throw e;
  }
  return { resvg, fonts };
}

/**
 * Compiles the PNG renderer once (asynchronous; fine on a browser's main thread). Later calls return the same
 * promise and ignore their options; a failed start may be retried. Node needs no options. A browser passes
 * `{ wasm: url or bytes of @resvg/resvg-wasm/index_bg.wasm, fonts: [url or bytes of a .ttf] }`.
 * Throws ValueError for a source that is neither a URL nor bytes, or a fetch that fails.
 */
export async function initPngRenderer(options: PngRendererOptions = {}): Promise<void> {
  checkOptions('initPngRenderer', options, ['wasm', 'fonts']);
  if (!renderer) {
    renderer = start(options);
    renderer.catch(() => { renderer = undefined; });
  }
  await renderer;
}

/**
 * Renders an SVG to PNG bytes (RGBA, width × height of the SVG times `scale`). The first call starts the renderer
 * (see `initPngRenderer`; its options may be passed here). Text uses the loaded fonts (DejaVu Sans by default);
 * `font-family="sans-serif"` maps to the first of them.
 */
export async function svgToPng(svg: string, options: SvgToPngOptions = {}): Promise<Uint8Array> {
  checkOptions('svgToPng', options, ['wasm', 'fonts', 'scale']);
  const { scale = 1, ...init } = options;
  if (!(typeof scale === 'number' && scale > 0 && scale <= 16)) throw new ValueError(`scale: expected a number in (0, 16], got ${String(scale)}`);
  if (typeof svg !== 'string' || !svg.includes('<svg')) throw new ValueError(`svgToPng: expected SVG text, got ${typeof svg === 'string' ? JSON.stringify(svg.slice(0, 40)) : typeof svg}`);
  await initPngRenderer(init);
  const { resvg, fonts } = await renderer!;
  const family = 'DejaVu Sans';
  const r = new resvg.Resvg(svg, {
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    font: { fontBuffers: fonts, defaultFontFamily: family, sansSerifFamily: family },
  });
  try {
    const image = r.render();
    try { return image.asPng(); } finally { image.free(); }
  } finally { r.free(); }
}
