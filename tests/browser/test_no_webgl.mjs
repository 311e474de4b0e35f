// A browser that knows WebGL 2 but cannot create a context (hardware acceleration off, a
// blocked driver) gets the page's bilingual message instead of a blank canvas or a stuck
// loading bar. The page no longer probes with a throwaway context before the downloads
// (web/shell.js); the app itself reports the failed context (web_main.cpp).
import { startServer, launchBrowser, screenVariance, check, outDir } from './browser_helpers.mjs';
import path from 'node:path';

const server = await startServer();
const { context, page } = await launchBrowser({ webgl: false });
try {
  await page.goto(server.url);
  await page.waitForFunction(() => window.mailsim && window.mailsim.loadError !== null, null,
                             { timeout: 60000 });
  const s = await page.evaluate(() => ({
    known: typeof WebGL2RenderingContext,
    error: window.mailsim.loadError,
    message: !document.getElementById('no-webgl').hidden,
    loading: getComputedStyle(document.getElementById('loading')).display,
    ready: window.mailsim.ready,
  }));
  check(s.known === 'function', 'the browser knows WebGL 2 (only a context cannot be made)');
  check(s.error === 'webgl2', `the page reports the missing WebGL 2 (${s.error})`);
  check(s.message && s.loading === 'none' && !s.ready, 'the message shows, the loading bar is gone');
  const variance = await screenVariance(page, path.join(outDir, 'browser_no_webgl.png'));
  check(variance > 1, `the message is drawn (pixel variance ${variance.toFixed(1)})`);
} finally {
  await context.close();
  server.kill();
}
