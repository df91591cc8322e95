// PNG charts through resvg in WebAssembly: the bytes are a PNG of the SVG's size, chart text is drawn (the font is
// loaded from the dejavu-fonts-ttf package — resvg-wasm has no system fonts, so a missing font draws nothing), the
// scale option scales, and bad input gets clear errors. The PNG is decoded here (zlib by fflate, filters undone by
// hand) to count dark pixels where the text is.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { unzlibSync } from 'fflate';
import { lossCurvesSvg } from '../src/forecast/plot.js';
import { initPngRenderer, svgToPng } from '../src/forecast/png.js';

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes). */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0, height = 0;
  const idat: Uint8Array[] = [];
  for (let p = 8; p < png.length;) {
    const len = view.getUint32(p), type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    const data = png.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(p + 8); height = view.getUint32(p + 12);
      assert.deepEqual([data[8], data[9], data[12]], [8, 6, 0], 'bit depth 8, RGBA, not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    p += 12 + len;
  }
  const raw = unzlibSync(Buffer.concat(idat));
  const stride = width * 4, rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4] : 0, b = y > 0 ? rgba[(y - 1) * stride + x] : 0, c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4] : 0;
      const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
      rgba[y * stride + x] = (row[x] + pred) & 255;
    }
  }
  return { width, height, rgba };
}

/** Pixels darker than mid-grey inside the box [x0, x1) × [y0, y1). */
function darkPixels(img: ReturnType<typeof decodePng>, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.rgba[(y * img.width + x) * 4] < 128) n++;
  return n;
}

const textSvg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family="sans-serif" font-size="20"><rect width="200" height="60" fill="white"/><text x="10" y="40">${text}</text></svg>`;

test('svgToPng draws the chart text with the packaged DejaVu Sans, at the SVG size or scaled', async () => {
  const img = decodePng(await svgToPng(textSvg('Loss 0.25')));
  assert.equal(img.width, 200);
  assert.equal(img.height, 60);
  // glyphs ink the text's box (x 10.., baseline 40, cap height ≈ 15 px) and nothing right of its end
  const ink = darkPixels(img, 10, 22, 110, 42);
  assert.ok(ink > 150, `text drawn: ${ink} dark pixels`);
  assert.equal(darkPixels(img, 130, 0, 200, 60), 0);
  assert.equal(darkPixels(decodePng(await svgToPng(textSvg(''))), 0, 0, 200, 60), 0);
  const big = decodePng(await svgToPng(textSvg('Loss 0.25'), { scale: 2 }));
  assert.deepEqual([big.width, big.height], [400, 120]);
  const bigInk = darkPixels(big, 20, 44, 220, 84);
  assert.ok(bigInk > 3 * ink && bigInk < 5 * ink, `four times the ink at twice the scale: ${bigInk} vs ${ink}`);
});

test('a loss chart renders as a PNG with its labels', async () => {
  const img = decodePng(await svgToPng(lossCurvesSvg({ loss: [0.5, 0.2, 0.1], val_loss: [0.6, 0.3, 0.2] })));
  assert.deepEqual([img.width, img.height], [800, 420]);
  // the title "Training loss", centred at y ≈ 22 above the plot frame (top 40)
  assert.ok(darkPixels(img, 340, 8, 460, 28) > 100);
});

test('initPngRenderer is idempotent, and bad input gets clear errors', async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'));
  await initPngRenderer();
  await initPngRenderer({ wasm }); // already started: same renderer, no "Already initialized" from resvg
  await assert.rejects(svgToPng(textSvg('x'), { dpi: 300 } as never), /svgToPng: unknown option 'dpi'. Known options: wasm, fonts, scale/);
  await assert.rejects(svgToPng(textSvg('x'), { scale: 0 }), /scale: expected a number in \(0, 16\], got 0/);
  await assert.rejects(svgToPng('not a chart'), /svgToPng: expected SVG text, got "not a chart"/);
  await assert.rejects(initPngRenderer({ font: [] } as never), /initPngRenderer: unknown option 'font'/);
});

test('a font source that is neither a URL nor bytes is named in the error (a fresh renderer)', async () => {
  const fresh = new URL('../src/forecast/png.js?fresh', import.meta.url).href;
  const png = (await import(fresh)) as typeof import('../src/forecast/png.js');
  await assert.rejects(png.initPngRenderer({ fonts: [42 as never] }), /fonts\[0\]: expected a URL, a Response, an ArrayBuffer or a Uint8Array, got \[object Number\]/);
  await assert.rejects(png.initPngRenderer({ fonts: 'DejaVuSans.ttf' as never }), /fonts: expected an array of font files \(URL or bytes\), got string/);
});

test('a series with a single value (a first epoch) is drawn as a dot, in the SVG and in the PNG', async () => {
  const svg = lossCurvesSvg({ loss: [0.5], val_loss: [0.7] });
  const dots = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3" fill="(#[0-9a-f]+)"\/>/g)];
  assert.equal(dots.length, 2);
  assert.notEqual(dots[0][2], dots[1][2], 'loss and val_loss at different heights');
  assert.equal(lossCurvesSvg({ loss: [0.5, 0.4] }).includes('<circle'), false, 'two values make a line, no dot');
  const img = decodePng(await svgToPng(svg));
  const [cx, cy] = [Math.round(Number(dots[0][1])), Math.round(Number(dots[0][2]))];
  const i = (cy * img.width + cx) * 4;
  assert.deepEqual([...img.rgba.subarray(i, i + 3)], [0x1f, 0x77, 0xb4], 'the dot has the first series colour at its centre');
});

test('without process.getBuiltinModule (a browser, or Node < 20.16) the renderer asks for its files', async () => {
  const png = (await import(new URL('../src/forecast/png.js?bare', import.meta.url).href)) as typeof import('../src/forecast/png.js');
  const proc = process as { getBuiltinModule?: unknown };
  const saved = proc.getBuiltinModule;
  proc.getBuiltinModule = undefined;
  try {
    await assert.rejects(png.svgToPng(textSvg('x')), /PNG charts in Node [\d.]+ \(reading the files needs Node ≥ 20\.16\): call initPngRenderer\(\{ wasm, fonts \}\) first/);
  } finally {
    proc.getBuiltinModule = saved;
  }
  await png.svgToPng(textSvg('x')); // a failed start is retried
});
