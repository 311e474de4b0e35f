// The platform's real input and display in Chromium, as a student meets them: the canvas fills
// the window at its devicePixelRatio (and re-fits on resize and zoom), one wheel notch scrolls
// the lesson a few lines the natural way, Korean typed with an IME (CDP's composition events,
// what an OS IME sends) and pasted from the system clipboard lands in the compose subject,
// and Ctrl+= changes the text size exactly one step per press.
import { startApp, state, clickItem, itemRect, frames, check, outDir } from './browser_helpers.mjs';
import path from 'node:path';

// A lesson step whose text is longer than the lesson panel at every size tried here.
const lessonQuery = '#lang=ko&lesson=mime&step=multipart';

// Canvas backing store, ImGui's display and the page's own view of them.
async function displayFacts(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('canvas');
    const box = canvas.getBoundingClientRect();
    return { backing: [canvas.width, canvas.height], css: [box.width, box.height],
             dpr: window.devicePixelRatio, display: window.mailsim.state().display };
  });
}

async function checkFit(page, width, height, dpr, label) {
  // A DPR change re-bakes or fetches the fonts for the new density before the frame that
  // re-fits, which on a loaded machine takes more than a few frames: wait for it, bounded.
  const fits = (f) => f.backing[0] === Math.round(width * dpr) &&
                      f.backing[1] === Math.round(height * dpr) &&
                      Math.abs(f.display.dpr - dpr) < 0.001;
  await frames(page, 3);
  for (let i = 0; i < 50 && !fits(await displayFacts(page)); ++i) await frames(page, 2);
  const f = await displayFacts(page);
  check(f.css[0] === width && f.css[1] === height, `${label}: the canvas fills the page (${f.css})`);
  check(f.backing[0] === Math.round(width * dpr) && f.backing[1] === Math.round(height * dpr),
        `${label}: backing store = CSS size x DPR ${dpr} (${f.backing})`);
  check(Math.abs(f.display.width - width) < 0.01 && Math.abs(f.display.height - height) < 0.01,
        `${label}: ImGui's display is the viewport in CSS pixels (${f.display.width}x${f.display.height})`);
  check(Math.abs(f.display.dpr - dpr) < 0.001, `${label}: ImGui's framebuffer scale is the DPR (${f.display.dpr})`);
}

// Until the layout reports every window (windows: [{id, scroll_y, ...}]), the lesson's scroll.
function lessonScroll(s) {
  const window = Array.isArray(s.windows) && s.windows.find((w) => w && w.id === 'lesson');
  if (window && typeof window.scroll_y === 'number') return { y: window.scroll_y, max: window.scroll_max };
  return s.lesson_scroll;
}

async function checkWheel(page, label) {
  const next = await itemRect(page, 'lesson.next');
  check(!!next, `${label}: the lesson panel is on screen`);
  // Over the step's text, a little above the step buttons.
  await page.mouse.move(next.x + next.w / 2, next.y - 4 * next.h);
  await frames(page, 2);
  const em = 17 * (await state(page)).font_scale;
  const before = lessonScroll(await state(page));
  check(before.max > 3 * em, `${label}: the step text overflows its panel (scroll max ${before.max})`);
  await page.mouse.wheel(0, 100); // one notch of an ordinary mouse wheel, DOM_DELTA_PIXEL
  await frames(page, 3);
  const down = lessonScroll(await state(page));
  const moved = down.y - before.y;
  check(moved >= 2 * em && moved <= 8 * em,
        `${label}: one notch down scrolls down a few lines (${moved.toFixed(1)} px, line ${em.toFixed(1)} px)`);
  check(down.y < down.max || moved < before.max, `${label}: one notch does not jump to the end`);
  await page.mouse.wheel(0, -100);
  await frames(page, 3);
  const up = lessonScroll(await state(page));
  check(Math.abs(up.y - before.y) < 1, `${label}: one notch up scrolls back (${up.y})`);
  return { em, before };
}

// One key press, then two frames, as a person types: ImGui 1.86's text field handles one
// editing key per frame, and reads a frame's characters before its keys.
async function press(page, key) {
  await page.keyboard.press(key);
  await frames(page, 2);
}

// A finger as a phone's touch screen reports it: down, held over a few frames, moved, up.
async function touch(page, cdp, points) {
  const [first, ...rest] = points;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [first] });
  await frames(page, 3);
  for (const point of rest) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
    await frames(page, 1);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await frames(page, 4);
}

async function checkTouch(page, context) {
  const cdp = await context.newCDPSession(page);
  const centre = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
  const step = await itemRect(page, 'controls.step');
  const clock = await itemRect(page, 'controls.clock');
  check(!!step && !!clock, 'phone: the time controls are on screen');
  const start = (await state(page)).event_index;
  await touch(page, cdp, [centre(step)]);
  let s = await state(page);
  check(s.event_index === start + 1, `phone: a tap on > steps once (#${start} -> #${s.event_index})`);
  await touch(page, cdp, [centre(clock)]);
  s = await state(page);
  check(s.event_index === start + 1, `phone: the next tap elsewhere does not click > again (#${s.event_index})`);

  // A vertical drag on the lesson's text scrolls it with the finger, and clicks nothing.
  const previous = await itemRect(page, 'lesson.previous');
  check(!!previous, 'phone: the lesson panel is on screen');
  const x = previous.x + previous.w / 2, y = previous.y - 6 * previous.h;
  const before = lessonScroll(s);
  const drag = [];
  for (let i = 0; i <= 6; ++i) drag.push({ x, y: y - 20 * i });
  await touch(page, cdp, drag);
  s = await state(page);
  const moved = lessonScroll(s).y - before.y;
  check(moved > 60 && moved < 200, `phone: dragging 120 px up scrolls the lesson ${moved.toFixed(0)} px down`);
  check(s.event_index === start + 1 && s.lesson.step === 3, 'phone: the drag clicked nothing');
}

async function type(page, id, text) {
  await clickItem(page, id);
  await frames(page, 2);
  await page.keyboard.type(text);
  await frames(page, 3);
}

// Composes Hangul the way an OS IME does: a changing composition, then the committed text.
async function compose(page, cdp, steps, commit, screenshot) {
  for (const text of steps) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await frames(page, 1);
  }
  if (screenshot) await page.screenshot({ path: screenshot });
  const preedit = await page.evaluate(() => {
    const element = document.getElementById('ime-preedit');
    return { text: element.textContent, hidden: element.hidden };
  });
  await cdp.send('Input.insertText', { text: commit });
  await frames(page, 3);
  return preedit;
}

// Input that arrives within one slow frame (a school laptop): the page's main thread is held
// busy while real CDP input is sent, without waiting for each event, so Chromium hands all of
// it to the page at once when the thread is free, before the app's next frame.
async function inOneSlowFrame(page, cdp, events) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => {
    setTimeout(() => { const t = performance.now(); while (performance.now() - t < 400) {} }, 0);
    resolve();
  })));
  await Promise.all(events.map(([method, params]) => cdp.send(method, params)));
  await frames(page, 6);
}

// Two clicks on > within one slow frame are two steps (ImGui 1.86 reads buttons as "down now":
// they merged into one), and a character typed in the frame of the Enter that ends the field
// is kept (1.86 acted on the Enter first and dropped it). ui/platform/web_input_queue.h.
async function checkSlowFrameInput(page, context) {
  const cdp = await context.newCDPSession(page);
  const step = await itemRect(page, 'controls.step');
  const x = step.x + step.w / 2, y = step.y + step.h / 2;
  const click = (type) => ['Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }];
  const start = (await state(page)).event_index;
  await inOneSlowFrame(page, cdp, [click('mousePressed'), click('mouseReleased'),
                                   click('mousePressed'), click('mouseReleased')]);
  const s = await state(page);
  check(s.event_index === start + 2, `two clicks on > in one slow frame step twice (#${start} -> #${s.event_index})`);

  await clickItem(page, 'compose.subject');
  await frames(page, 2);
  await press(page, 'Control+A');
  await press(page, 'Backspace');
  await page.keyboard.type('ok');
  await frames(page, 3);
  const enter = (type) => ['Input.dispatchKeyEvent', { type, key: 'Enter', code: 'Enter',
                                                       windowsVirtualKeyCode: 13, text: type === 'keyDown' ? '\r' : undefined }];
  await inOneSlowFrame(page, cdp, [['Input.insertText', { text: '!' }], enter('keyDown'), enter('keyUp')]);
  const subject = (await state(page)).compose.subject;
  check(subject === 'ok!', `a character typed in the frame of the Enter is kept (${JSON.stringify(subject)})`);
}

const sizes = [
  { width: 1366, height: 768, dpr: 1, full: true },
  { width: 1920, height: 1080, dpr: 1 },
  { width: 1920, height: 1080, dpr: 2 },
  { width: 390, height: 844, dpr: 3, touch: true },
];

for (const size of sizes) {
  const label = `${size.width}x${size.height}@${size.dpr}${size.touch ? ' touch' : ''}`;
  const app = await startApp({ width: size.width, height: size.height, query: lessonQuery,
                               deviceScaleFactor: size.dpr, hasTouch: !!size.touch });
  try {
    const { page, context } = app;
    await checkFit(page, size.width, size.height, size.dpr, label);
    // Crisp from the first frame without rasterising: the build baked an atlas for DPR 1, 2
    // and 3 at the default text size (web/shell.js fetches the one this screen needs).
    const fontMarks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name)
      .filter((name) => name.startsWith('mailsim-fonts-')));
    check(fontMarks.join() === 'mailsim-fonts-loaded', `${label}: the fonts came from the build's atlas (${fontMarks})`);
    await page.screenshot({ path: path.join(outDir, `web-input-${size.width}x${size.height}@${size.dpr}.png`) });
    if (size.touch) {
      await checkTouch(page, context);
      continue; // the phone layout (one panel at a time) is the layout's
    }

    const { em } = await checkWheel(page, label);

    if (size.full) {
      // A line-mode wheel (Firefox, some mice): three lines are three lines.
      const next = await itemRect(page, 'lesson.next');
      const before = lessonScroll(await state(page)).y;
      await page.evaluate(([x, y]) => {
        document.getElementById('canvas').dispatchEvent(new WheelEvent('wheel',
          { deltaY: 3, deltaMode: 1, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      }, [next.x + next.w / 2, next.y - 4 * next.h]);
      await frames(page, 3);
      const lines = (lessonScroll(await state(page)).y - before) / em;
      check(lines > 2 && lines < 4, `${label}: a line-mode notch of 3 lines scrolls about 3 lines (${lines.toFixed(2)})`);
      // A trackpad's small pixel deltas scroll a little, not a whole notch.
      const start = lessonScroll(await state(page)).y;
      for (let i = 0; i < 4; ++i) await page.mouse.wheel(0, 5);
      await frames(page, 3);
      const glide = lessonScroll(await state(page)).y - start;
      check(glide > 0 && glide < em * 2, `${label}: four 5 px trackpad deltas glide ${glide.toFixed(1)} px`);

      // Resize the window: everything re-fits, no stretched framebuffer.
      await page.setViewportSize({ width: 1600, height: 900 });
      await checkFit(page, 1600, 900, 1, 'after resize to 1600x900');
      // Zoom (a DPR change with the same window): the backing store follows.
      const cdpZoom = await context.newCDPSession(page);
      await cdpZoom.send('Emulation.setDeviceMetricsOverride',
                         { width: 1600, height: 900, deviceScaleFactor: 1.5, mobile: false });
      await checkFit(page, 1600, 900, 1.5, 'after zoom to DPR 1.5');
      await page.screenshot({ path: path.join(outDir, 'web-input-1600x900@1.5.png') });
      await cdpZoom.send('Emulation.clearDeviceMetricsOverride');
      await page.setViewportSize({ width: 1366, height: 768 });
      await checkFit(page, 1366, 768, 1, 'back to 1366x768');

      // Ctrl+= once: one step of text size, and the playback speed is left alone.
      let s = await state(page);
      const scale0 = s.font_scale, speed0 = s.speed;
      await page.keyboard.press('Control+Equal');
      await frames(page, 3);
      s = await state(page);
      check(Math.abs(s.font_scale - scale0 * 1.1) < 1e-3, `Ctrl+= once is one text-size step (${scale0} -> ${s.font_scale})`);
      check(s.speed === speed0, `Ctrl+= does not change the playback speed (${s.speed})`);
      // Held down (the keyboard's auto-repeat): still one step.
      await page.keyboard.down('Control');
      await page.keyboard.down('Equal');
      for (let i = 0; i < 5; ++i) { await page.keyboard.down('Equal'); await frames(page, 2); }
      await page.keyboard.up('Equal');
      await page.keyboard.up('Control');
      await frames(page, 3);
      s = await state(page);
      check(Math.abs(s.font_scale - scale0 * 1.21) < 1e-3, `a held Ctrl+= is one more step (${s.font_scale})`);
      await page.keyboard.press('Control+Minus');
      await page.keyboard.press('Control+Minus');
      await frames(page, 3);
      s = await state(page);
      check(Math.abs(s.font_scale - scale0) < 1e-3, `two Ctrl+- taps are two steps back (${s.font_scale})`);
      check(s.speed === speed0, `Ctrl+- does not change the playback speed (${s.speed})`);
      await page.keyboard.press('Equal');
      await frames(page, 3);
      check((await state(page)).speed === speed0 * 10, '= alone still speeds playback up');
      await page.keyboard.press('Minus');
      await frames(page, 3);
    }

    if (size.full) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const cdp = await context.newCDPSession(page);
      await clickItem(page, 'menu.view');
      await clickItem(page, 'menu.view.compose');
      await frames(page, 3);
      const eventBefore = (await state(page)).event_index;

      // Latin keys typed for real, then Hangul composed: "Re: 케첩".
      await type(page, 'compose.subject', 'Re: ');
      let s = await state(page);
      check(s.compose.subject === 'Re: ', `typed keys arrive once each (${JSON.stringify(s.compose.subject)})`);
      const preedit = await compose(page, cdp, ['ㅋ', '케', '켗'], '케',
                                    path.join(outDir, `web-input-composing-${label}.png`));
      check(!preedit.hidden && preedit.text === '켗', `the composition is shown while composing (${JSON.stringify(preedit)})`);
      await compose(page, cdp, ['ㅊ', '처', '첩'], '첩');
      s = await state(page);
      check(s.compose.subject === 'Re: 케첩', `Korean typed with an IME lands in the subject (${JSON.stringify(s.compose.subject)})`);
      const hidden = await page.evaluate(() => document.getElementById('ime-preedit').hidden);
      check(hidden, 'the composition overlay goes away once the text is committed');
      await page.screenshot({ path: path.join(outDir, `web-input-compose-${label}.png`) });

      // Editing keys act once: Backspace, the arrows (not the time controls), typing in between.
      await press(page, 'Backspace');
      await frames(page, 3);
      s = await state(page);
      check(s.compose.subject === 'Re: 케', `Backspace deletes one character (${JSON.stringify(s.compose.subject)})`);
      await press(page, 'ArrowLeft');
      await frames(page, 2);
      await page.keyboard.type('!');
      await frames(page, 2);
      await press(page, 'ArrowRight');
      await frames(page, 3);
      s = await state(page);
      check(s.compose.subject === 'Re: !케', `arrows move the caret inside the text (${JSON.stringify(s.compose.subject)})`);
      check(s.event_index === eventBefore, 'arrows in a text field do not step the world');

      // Copy out to the system clipboard, paste Korean in from it.
      await press(page, 'Control+A');
      await press(page, 'Control+C');
      await frames(page, 3);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      check(copied === 'Re: !케', `Ctrl+C copies the field to the system clipboard (${JSON.stringify(copied)})`);
      await page.evaluate(() => navigator.clipboard.writeText('Re: 사진 보냅니다'));
      await press(page, 'Control+A');
      await press(page, 'Control+V');
      await frames(page, 3);
      s = await state(page);
      check(s.compose.subject === 'Re: 사진 보냅니다', `Ctrl+V pastes the system clipboard (${JSON.stringify(s.compose.subject)})`);
      // Cut on a page without the async clipboard API (a class server on plain http): the
      // app falls back to execCommand('copy').
      await page.evaluate(async () => {
        await navigator.clipboard.writeText('(before the cut)');
        window.refusedCopies = 0;
        navigator.clipboard.writeText = () => {
          ++window.refusedCopies;
          return Promise.reject(new Error('no async clipboard here'));
        };
      });
      await press(page, 'Control+A');
      await press(page, 'Control+X');
      await frames(page, 3);
      s = await state(page);
      const cut = await page.evaluate(() => navigator.clipboard.readText());
      const refused = await page.evaluate(() => window.refusedCopies);
      check(s.compose.subject === '' && cut === 'Re: 사진 보냅니다' && refused === 1,
            `Ctrl+X cuts to the clipboard, through execCommand (${JSON.stringify(cut)}, ${refused} refused)`);
      await compose(page, cdp, ['ㅋ', '케', '켗'], '케');
      await compose(page, cdp, ['ㅊ', '처', '첩'], '첩');
      check((await state(page)).compose.subject === '케첩', 'an IME works in an emptied field too');

      // The encoding explainer's input: "안녕".
      await clickItem(page, 'menu.view');
      await clickItem(page, 'menu.view.explainer');
      await frames(page, 3);
      await clickItem(page, 'explainer.input');
      await press(page, 'Control+A');
      await press(page, 'Backspace');
      await compose(page, cdp, ['ㅇ', '아', '안'], '안');
      await compose(page, cdp, ['ㄴ', '녀', '녕'], '녕');
      s = await state(page);
      check(s.explainer.input === '안녕', `Korean typed into the explainer (${JSON.stringify(s.explainer.input)})`);
      // A touch keyboard's Backspace is an editing event without a key (keyCode 229).
      await page.evaluate(() => document.getElementById('ime').dispatchEvent(
        new InputEvent('beforeinput', { inputType: 'deleteContentBackward', bubbles: true, cancelable: true })));
      await frames(page, 3);
      s = await state(page);
      check(s.explainer.input === '안', `a touch keyboard's Backspace deletes one character (${JSON.stringify(s.explainer.input)})`);
      await checkSlowFrameInput(page, context);
      await page.screenshot({ path: path.join(outDir, `web-input-explainer-${label}.png`) });
    }
  } catch (error) {
    console.error(app.logs.join('\n'));
    throw error;
  } finally {
    await app.close();
  }
}
