// Keys pressed quickly, as a student walking through a dialogue taps → and then asks for bigger
// text: every tap counts once, none twice, and each acts within a few frames of the key, not
// seconds later. And the same speed of typing in a text field still edits right.
// (ui/platform/web_input_queue.h, ui/app/keyboard_shortcuts.cpp.)
import { startApp, state, clickItem, frames, check, outDir } from './browser_helpers.mjs';
import path from 'node:path';

// The next animation frame of the page: one key a frame is as fast as a person's fingers get
// and as fast as the app draws.
async function nextAnimationFrame(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
}

// Keys sent one animation frame apart (real CDP key events: press and release each).
async function tapEach(page, keys) {
  for (const key of keys) {
    await page.keyboard.press(key);
    await nextAnimationFrame(page);
  }
}

// The world's position and the text size a few frames after the last key: "a few" is what a
// person still reads as "at once".
const kFewFrames = 4;

const app = await startApp({ width: 1366, height: 768, query: '#scenario=relay-chain' });
try {
  const { page } = app;
  await frames(page, 3);
  let s = await state(page);
  const start = s.event_index, scale0 = s.font_scale, speed0 = s.speed;
  check(!s.playing, `the world is paused at event #${start}`);

  const taps = 40;
  await tapEach(page, Array(taps).fill('ArrowRight'));
  await page.keyboard.press('Control+Equal');
  const frameAtLastKey = (await state(page)).frame;
  await frames(page, kFewFrames);
  s = await state(page);
  check(s.event_index === start + taps,
        `${taps} taps of → one animation frame apart are ${taps} steps within ${kFewFrames} frames ` +
        `of the last key (#${start} -> #${s.event_index})`);
  check(Math.abs(s.font_scale - scale0 * 1.1) < 1e-3,
        `a Ctrl+= right after them is one text-size step within ${kFewFrames} frames (${scale0} -> ${s.font_scale})`);
  check(s.speed === speed0, `the playback speed is left alone (${s.speed})`);
  // Nothing was still waiting: a few more frames change nothing.
  await frames(page, 10);
  s = await state(page);
  check(s.event_index === start + taps && Math.abs(s.font_scale - scale0 * 1.1) < 1e-3,
        `no step or size change arrives later (#${s.event_index}, ${s.font_scale}, frame ${frameAtLastKey} -> ${s.frame})`);

  // Back and forth quickly: ← as many times, and Home / End.
  await tapEach(page, Array(10).fill('ArrowLeft'));
  await frames(page, kFewFrames);
  s = await state(page);
  check(s.event_index === start + taps - 10, `10 quick taps of ← are 10 steps back (#${s.event_index})`);
  await page.keyboard.press('Control+Minus');
  await frames(page, kFewFrames);
  check(Math.abs((await state(page)).font_scale - scale0) < 1e-3, 'Ctrl+- takes the size back one step');

  // In a text field the same quick keys edit the text and do not step the world: "abc",
  // Backspace, ←, "X", →, "!" typed one animation frame apart is "aXb!".
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.compose');
  await frames(page, 3);
  await clickItem(page, 'compose.subject');
  await frames(page, 2);
  await page.keyboard.press('Control+A');
  await frames(page, 2);
  await page.keyboard.press('Backspace');
  await frames(page, 2);
  const before = (await state(page)).event_index;
  await tapEach(page, ['a', 'b', 'c', 'Backspace', 'ArrowLeft', 'X', 'ArrowRight', '!']);
  await frames(page, 12);
  s = await state(page);
  check(s.compose.subject === 'aXb!', `quick typing with Backspace and arrows edits right (${JSON.stringify(s.compose.subject)})`);
  check(s.event_index === before, `arrows in the field do not step the world (#${s.event_index})`);
  await page.screenshot({ path: path.join(outDir, 'web-keys-1366x768.png') });
} catch (error) {
  console.error(app.logs.join('\n'));
  throw error;
} finally {
  await app.close();
}
