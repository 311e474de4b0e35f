// Shared set-up for browser tests: serve the built web app on a free loopback port, start
// Debian's Chromium (never a downloaded browser) through playwright-core, and wait until the
// wasm app says it is ready.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

// playwright-core lives in the ignored .deps/node folder that scripts/setup.sh fills.
const require = createRequire(path.join(process.env.MAILSIM_SOURCE_DIR, '.deps', 'node', 'package.json'));
const { chromium } = require('playwright-core');

export const webDir = process.env.MAILSIM_WEB_DIR;
export const outDir = path.join(process.env.MAILSIM_BINARY_DIR || '.', 'screenshots');
fs.mkdirSync(outDir, { recursive: true });

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`web server on port ${port} did not start`);
}

// The web app served by scripts/serve_web.py, the server scripts/run.sh starts, on a free
// loopback port.
export async function startServer(dir = webDir) {
  if (!dir) throw new Error('MAILSIM_WEB_DIR is not set');
  const port = await freePort();
  const script = path.join(process.env.MAILSIM_SOURCE_DIR, 'scripts', 'serve_web.py');
  const server = spawn('/usr/bin/python3', [script, '--dir', dir, '--port', String(port), '--quiet'],
                       { stdio: 'inherit' });
  await waitForPort(port, 10000);
  return { process: server, port, url: `http://127.0.0.1:${port}/`, kill: () => server.kill() };
}

// Debian's Chromium with software WebGL2 (or, with webgl: false, with no GPU and no software
// GL: WebGL2 exists but no context can be made), in a fresh profile unless userDataDir is given.
export async function launchBrowser({ width = 1280, height = 800, userDataDir,
                                      deviceScaleFactor = 1, hasTouch = false, webgl = true } = {}) {
  const gl = webgl ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader']
                   : ['--disable-gpu', '--disable-software-rasterizer'];
  const args = ['--no-sandbox', ...gl,
                '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync'];
  const profile = userDataDir || fs.mkdtempSync('/tmp/mailsim-chromium-');
  const context = await chromium.launchPersistentContext(
    profile,
    { executablePath: '/usr/bin/chromium', headless: true, args, viewport: { width, height },
      deviceScaleFactor, hasTouch, isMobile: hasTouch });
  const page = context.pages()[0] || await context.newPage();
  return { context, page, profile };
}

// deviceScaleFactor and hasTouch emulate a HiDPI screen and a phone (tests/browser/test_input.mjs).
export async function startApp({ width = 1280, height = 800, query = '', userDataDir,
                                 deviceScaleFactor = 1, hasTouch = false } = {}) {
  const { process: server, port } = await startServer();
  let browser;
  try {
    browser = await launchBrowser({ width, height, userDataDir, deviceScaleFactor, hasTouch });
  } catch (error) {
    server.kill(); // a failed launch must not leave serve_web.py holding its port
    throw error;
  }
  const { context, page } = browser;
  const logs = [];
  page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
  // Every request of the page that failed or got an error status (test_shell checks none did).
  const failedRequests = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failedRequests.push(`failed ${request.url()}`));
  const url = `http://127.0.0.1:${port}/${query}`;
  const started = Date.now();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.mailsim && window.mailsim.ready === true, null,
                               { timeout: 60000 });
  } catch (error) {
    console.error(logs.join('\n'));
    // The test fails here; without this the server and the browser outlive it.
    await context.close().catch(() => {});
    server.kill();
    throw error;
  }
  const readyMs = Date.now() - started;
  const close = async () => {
    await context.close();
    server.kill();
  };
  return { page, context, server, url, logs, readyMs, close, failedRequests };
}

export async function state(page) {
  return page.evaluate(() => window.mailsim.state());
}

export async function itemRect(page, id) {
  return page.evaluate((name) => window.mailsim.itemRect(name), id);
}

// The rectangle of a named widget once the app has drawn it (a panel just opened or a tab just
// chosen draws its widgets a frame or two later).
async function drawnItemRect(page, id) {
  let rect = null;
  for (let i = 0; i < 50 && !rect; ++i) {
    rect = await itemRect(page, id);
    if (!rect) await page.waitForTimeout(50);
  }
  if (!rect) throw new Error(`widget ${id} is not on screen`);
  return rect;
}

// A finger's tap on the centre of a named widget (a touch screen, as a phone reports it).
export async function tapItem(page, id) {
  const rect = await drawnItemRect(page, id);
  await page.touchscreen.tap(rect.x + rect.w / 2, rect.y + rect.h / 2);
  await frames(page, 3);
}

// Clicks the centre of a named widget with the real mouse (after the app drew it).
export async function clickItem(page, id) {
  const rect = await drawnItemRect(page, id);
  // Paced by the app's frames, not by the clock: on a loaded machine one frame can take longer
  // than a human press, and the widget must see hover, press and release in turn.
  await page.mouse.move(rect.x + rect.w / 2, rect.y + rect.h / 2);
  await page.waitForTimeout(30);
  await frames(page, 2);
  await page.mouse.down();
  await page.waitForTimeout(30);
  await frames(page, 2);
  await page.mouse.up();
  await page.waitForTimeout(30);
  await frames(page, 2);
  return rect;
}

// Wheels over the scrolled area `areaId` (a recorded rectangle) one notch at a time, up or
// down, until the widget `id` is drawn: a list draws only its visible rows, so a row scrolled
// out of view has no rectangle until the student scrolls to it.
export async function wheelUntilDrawn(page, areaId, id, { up = true, notches = 40 } = {}) {
  for (let i = 0; i < notches; ++i) {
    if (await itemRect(page, id)) return;
    const area = await itemRect(page, areaId);
    if (!area) throw new Error(`${areaId} is not on screen`);
    await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
    await page.mouse.wheel(0, up ? -100 : 100);
    await frames(page, 2);
  }
  if (!(await itemRect(page, id))) throw new Error(`the wheel did not bring ${id} into ${areaId}`);
}

// Polls state() until `predicate` holds; on time-out the error shows what the app had.
export async function waitFor(page, predicate, what, ms = 20000) {
  const deadline = Date.now() + ms;
  let s;
  while (Date.now() < deadline) {
    s = await state(page);
    if (predicate(s)) return s;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; world ${JSON.stringify(s.world)} ` +
                  `lesson ${JSON.stringify(s.lesson)} status ${s.status} ` +
                  `windows ${(s.windows || []).map((w) => w.id)}`);
}

// Waits a few frames so a click's effect is drawn.
export async function frames(page, count = 3) {
  const start = (await state(page)).frame;
  await page.waitForFunction((target) => window.mailsim.state().frame >= target, start + count,
                             { timeout: 10000 });
}

// Pixel variance of what the page shows (a real screenshot, decoded by the browser's own
// PNG decoder): near zero means a blank page. WebGL's drawing buffer cannot be read back
// after presentation, so the screenshot is the honest source.
export async function screenVariance(page, file) {
  const png = await page.screenshot(file ? { path: file } : {});
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + base64;
    await image.decode();
    const copy = document.createElement('canvas');
    copy.width = image.width;
    copy.height = image.height;
    const context = copy.getContext('2d');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, copy.width, copy.height).data;
    let sum = 0, sumSq = 0, n = 0;
    for (let i = 0; i < data.length; i += 16) {
      const v = (data[i] + data[i + 1] + data[i + 2]) / 3;
      sum += v; sumSq += v * v; ++n;
    }
    const mean = sum / n;
    return sumSq / n - mean * mean;
  }, png.toString('base64'));
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  console.log(`ok - ${message}`);
}
