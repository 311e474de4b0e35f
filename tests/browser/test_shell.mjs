// The app shell in a real browser: loads, becomes ready, switches language with real mouse
// clicks on the menu, and draws a non-blank canvas. Saves a screenshot under the build folder.
import { startApp, state, clickItem, frames, screenVariance, check, outDir } from './browser_helpers.mjs';
import path from 'node:path';

const app = await startApp({ query: '#lang=ko' });
try {
  const { page } = app;
  console.log(`first ready frame after ${app.readyMs} ms`);
  let s = await state(page);
  check(s.ready === true, 'the app reports ready');
  check(s.language === 'ko', 'the URL selects Korean');
  check(s.load_errors.length === 0, `no data load errors (${JSON.stringify(s.load_errors)})`);
  // At devicePixelRatio 1 and the default text size the fonts come from the atlas the build
  // baked (ui/tools/bake_font_atlas.cpp), not from rasterising them during the first frame.
  const fontMarks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name)
    .filter((name) => name.startsWith('mailsim-fonts-')));
  check(fontMarks.join() === 'mailsim-fonts-loaded', `the first frame loaded the build's font atlas (${fontMarks})`);
  check(app.failedRequests.length === 0, `no request of the page failed (${app.failedRequests})`);
  // A browser tab asks for an icon after the load (headless Chromium does not): the page names
  // one the server has, or every load would end with a 404 for /favicon.ico.
  const icon = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=icon]');
    if (!link) return 'no <link rel=icon>';
    const response = await fetch(link.href);
    return `${response.status} ${response.headers.get('content-type')}`;
  });
  check(icon === '200 image/svg+xml', `the page's icon is served (${icon})`);
  const shown = s.windows.map((w) => w.id);
  check(shown.includes('topology') && shown.includes('lesson'), `the main views are on screen (${shown})`);

  await page.screenshot({ path: path.join(outDir, 'web-shell-ko.png') });
  await clickItem(page, 'menu.language');
  await frames(page, 2);
  await clickItem(page, 'menu.language.en');
  await frames(page, 3);
  s = await state(page);
  check(s.language === 'en', 'clicking Language > English switches to English');
  check(s.missing_strings.length === 0, `every drawn string exists (${s.missing_strings})`);

  const variance = await screenVariance(page, path.join(outDir, 'web-shell-en.png'));
  check(variance > 50, `the canvas is not blank (pixel variance ${variance.toFixed(1)})`);

  // Frames redraw only the regions whose draw lists changed (webgl_renderer_damage.h), and a
  // frame that shows nothing new is not presented. After playing, a menu opened and closed
  // and a panel scrolled, the canvas must hold exactly the pixels a whole redraw gives.
  await page.mouse.click(640, 400);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.mailsim.state().playing, null, { timeout: 10000 });
  await page.waitForTimeout(1500);
  await clickItem(page, 'menu.language');
  await frames(page, 3);
  await page.keyboard.press('Escape');
  await page.mouse.move(1100, 300);
  await page.mouse.wheel(0, 240);
  await page.waitForTimeout(500);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => !window.mailsim.state().playing, null, { timeout: 10000 });
  const settled = async () => {
    // Until no new frame is presented for half a second (an animation may finish first).
    for (let i = 0; i < 40; ++i) {
      const before = await page.evaluate(() => Module.mailsimFramesPresented);
      await page.waitForTimeout(500);
      if (await page.evaluate(() => Module.mailsimFramesPresented) === before) return before;
    }
    throw new Error('the app kept presenting frames while paused');
  };
  const presented = await settled();
  const s1 = await state(page);
  await frames(page, 5);
  check(await page.evaluate(() => Module.mailsimFramesPresented) === presented,
        `frames that show nothing new are not presented (app frame ${s1.frame} → ${(await state(page)).frame})`);
  const partial = await page.evaluate(() => document.getElementById('canvas').toDataURL());
  await page.evaluate(() => { Module.mailsimRedrawAll = true; });
  await page.waitForFunction((n) => Module.mailsimFramesPresented > n, presented, { timeout: 10000 });
  const whole = await page.evaluate(() => document.getElementById('canvas').toDataURL());
  check(partial === whole, 'the regions redrawn frame by frame give the same pixels as a whole redraw');

  // The choice is persisted: a reload keeps English even without the URL hint.
  await page.goto(app.url);
  await page.waitForFunction(() => window.mailsim && window.mailsim.ready === true, null, { timeout: 60000 });
  s = await state(page);
  check(s.language === 'en', 'the language survives a reload (localStorage)');
} finally {
  await app.close();
}
