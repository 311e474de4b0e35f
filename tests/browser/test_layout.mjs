// The screen is a layout: at a laptop's, a desktop's (DPR 1 and 2), a 1600×900 and a phone's
// size the panels tile the display below the menu bar (no two overlap, together with their
// tab strips they cover it), panels opened from the View menu and a lesson step's views come
// into the layout instead of floating on top, projector mode and 1.77× text keep every panel
// on screen, and on the phone a tap on the panel switcher changes the panel.
// Measured against ImGui's display size (state().layout.display), not the browser window.
import { startApp, state, itemRect, clickItem, frames, check, outDir, waitFor, tapItem } from './browser_helpers.mjs';
import { EPS, checkTiling, viewMenu } from './layout_helpers.mjs';
import path from 'node:path';

const visible = (s, id) => s.windows.some((w) => w.id === id);

async function desktop({ width, height, dpr, big }) {
  const name = `${width}x${height}@${dpr}`;
  const app = await startApp({ width, height, query: '#lang=en', deviceScaleFactor: dpr });
  try {
    const { page } = app;
    let s = await checkTiling(page, `${name} start`);
    check(s.layout.shape === 'wide', `${name}: the wide layout (${s.layout.shape})`);
    await page.screenshot({ path: path.join(outDir, `web-layout-${name}.png`) });

    // Opening the inspector and the state machine puts them into the layout.
    await viewMenu(page, 'inspector');
    await viewMenu(page, 'state_machine');
    s = await checkTiling(page, `${name} inspector + state machine`);
    check(visible(s, 'inspector') && visible(s, 'state_machine'),
          `${name}: the inspector and the state machine are on screen, each in a region`);
    await page.screenshot({ path: path.join(outDir, `web-layout-${name}-opened.png`) });

    // A lesson step's views are all visible beside the lesson.
    await clickItem(page, 'lesson.open.smtp-session');
    await clickItem(page, 'lesson.next');
    await clickItem(page, 'lesson.next');
    s = await checkTiling(page, `${name} lesson step`);
    check(s.lesson.step === 2, `${name}: at the lesson's "helo" step (${s.lesson.step})`);
    for (const id of ['sequence', 'transcript', 'state_machine', 'lesson'])
      check(visible(s, id), `${name}: the step's view ${id} is on screen`);
    await page.screenshot({ path: path.join(outDir, `web-layout-${name}-lesson.png`) });

    if (!big) return;
    await viewMenu(page, 'projector');
    s = await checkTiling(page, `${name} projector`);
    check(s.projector_mode === true, `${name}: projector mode is on`);
    check(visible(s, 'controls') && visible(s, 'lesson'), `${name}: the time controls and the lesson stay on screen`);
    await page.screenshot({ path: path.join(outDir, `web-layout-${name}-projector.png`) });
    await viewMenu(page, 'projector');

    // View > Bigger once, then five quick taps of Ctrl+=: each press is one step
    // (App::take_key_presses), five of them without a menu round trip each (at DPR 2 six menu
    // clicks were 54 of this test's 195 s).
    await viewMenu(page, 'bigger');
    s = await state(page);
    check(Math.abs(s.font_scale - 1.1) < 0.01, `${name}: View > Bigger is one step (${s.font_scale.toFixed(2)})`);
    for (let i = 0; i < 5; ++i) await page.keyboard.press('Control+Equal');
    // The web input queue hands ImGui one press of a key per frame: the five steps take a few
    // frames (and font rebuilds) to land.
    await waitFor(page, (st) => Math.abs(st.font_scale - 1.77) < 0.02, `${name}: five text steps`, 30000);
    s = await checkTiling(page, `${name} text 1.77x`);
    check(Math.abs(s.font_scale - 1.77) < 0.02, `${name}: the text is 1.77x (${s.font_scale.toFixed(2)})`);
    check(visible(s, 'controls') && visible(s, 'lesson'), `${name}: the time controls and the lesson stay on screen`);
    await page.screenshot({ path: path.join(outDir, `web-layout-${name}-text177.png`) });

    await viewMenu(page, 'reset_layout');
    s = await checkTiling(page, `${name} reset layout`);
    check(visible(s, 'topology') && visible(s, 'transcript'), `${name}: reset layout shows the default tabs again`);
  } finally {
    await app.close();
  }
}

async function phone() {
  const name = '390x844-touch';
  const app = await startApp({ width: 390, height: 844, query: '#lang=en',
                               deviceScaleFactor: 2, hasTouch: true });
  try {
    const { page } = app;
    let s = await checkTiling(page, `${name} start`);
    check(s.layout.shape === 'phone', `${name}: the phone layout (${s.layout.shape})`);
    const controls = s.windows.find((w) => w.id === 'controls');
    check(controls && Math.abs(controls.y + controls.h - s.layout.display.h) <= EPS,
          `${name}: the time controls are at the bottom`);
    const main = s.layout.regions.find((r) => r.id === 'main');
    check(main && main.panels.length >= 4, `${name}: one region holds the views (${main && main.panels})`);
    await page.screenshot({ path: path.join(outDir, 'web-layout-phone.png') });

    const before = main.active;
    const target = main.panels.find((id) => id !== before && id !== 'controls');
    await tapItem(page, 'switcher.main');
    await page.screenshot({ path: path.join(outDir, 'web-layout-phone-switcher.png') });
    await tapItem(page, `switcher.main.${target}`);
    s = await checkTiling(page, `${name} after the switch`);
    const now = s.layout.regions.find((r) => r.id === 'main').active;
    check(now === target && visible(s, target) && !visible(s, before),
          `${name}: a tap on the switcher changes the panel (${before} -> ${now})`);
    await page.screenshot({ path: path.join(outDir, 'web-layout-phone-switched.png') });
  } finally {
    await app.close();
  }
}

await desktop({ width: 1366, height: 768, dpr: 1, big: true });
await desktop({ width: 1920, height: 1080, dpr: 1 });
await desktop({ width: 1920, height: 1080, dpr: 2, big: true });
await desktop({ width: 1600, height: 900, dpr: 1 });
await phone();
