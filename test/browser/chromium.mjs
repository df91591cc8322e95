// Starting Debian's Chromium for the browser tests (playwright-core drives the system browser; nothing is
// downloaded). `browserOrSkip(t)` returns a browser, or skips the test with a clear message when Chromium is
// absent — except in CI (CI=true), where `.ci/run` installs it and a missing browser is a failure.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.RNNKIT_CHROMIUM ?? '/usr/bin/chromium';
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why the browser tests cannot run here (null when they can). */
export function missingChromium() {
  return existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set RNNKIT_CHROMIUM)`;
}

/** A headless Chromium with a fresh profile, closed (and its profile removed) by `close()`. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'rnnkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, acceptDownloads: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Skips `t` when Chromium is missing outside CI; throws in CI. Returns true when the test may run. */
export function chromiumOrSkip(t) {
  const why = missingChromium();
  if (!why) return true;
  if (process.env.CI) throw new Error(`browser tests in CI: ${why}`);
  t.skip(`browser tests skipped: ${why}`);
  return false;
}

/** Opens `url` in a new page, collecting console lines and page errors. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { page, logs };
}
