// CommonJS entry of rnnkit (package.json "exports" → "require"). rnnkit is an ES module; Node ≥ 20.19 and ≥ 22.12
// load it with require() (require(esm)), older ones cannot: they get one line saying to use import instead.
'use strict';
try {
  module.exports = require('../dist/src/index.js');
} catch (e) {
  if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
    const err = new Error("rnnkit is an ES module and this Node.js cannot require() it: use `import * as rk from 'rnnkit'` or `const rk = await import('rnnkit')` (or Node >= 20.19 / 22.12)");
    err.code = 'RNNKIT_USE_IMPORT';
    err.stack = `Error: ${err.message}`;
    throw err;
  }
  throw e;
}
