// The playground's entry: compiles the kernels (rk.ready), says which backend runs, and switches the two tabs.
// The tabs themselves live in forecast.js and text.js.
import { rk, errorText } from './common.js';
import { setupForecast } from './forecast.js';
import { setupText } from './text.js';

const backend = document.getElementById('backend');

function selectTab(name) {
  for (const t of ['forecast', 'text']) {
    document.getElementById(`tab-${t}`).setAttribute('aria-selected', String(t === name));
    document.getElementById(`panel-${t}`).hidden = t !== name;
  }
  if (name === 'text') textTab.shown();
}

document.getElementById('tab-forecast').addEventListener('click', () => selectTab('forecast'));
document.getElementById('tab-text').addEventListener('click', () => selectTab('text'));

let textTab = { shown() {} };
try {
  await rk.ready();
  const info = rk.backendInfo();
  backend.textContent = `kernels: ${info.kernels}${info.simd ? ' (SIMD)' : ''}, ${info.threads} thread${info.threads === 1 ? '' : 's'}` +
    (globalThis.crossOriginIsolated ? ', cross-origin isolated' : ', not cross-origin isolated');
  await setupForecast();
  textTab = setupText();
  document.body.dataset.ready = 'true';
} catch (e) {
  backend.textContent = `the library did not start: ${errorText(e)}`;
  backend.classList.add('error');
  throw e;
}
