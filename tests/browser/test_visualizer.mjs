// The visualizer in a real browser, driven with the real mouse and keyboard: play the
// lecture's Alice -> Bob scenario, step forward and back with the arrow keys, open the message
// inspector on the DATA message, switch language, compose a mail to an alias with typing and
// see the mailboxes grow, then force a 550 and see the bounce come back to alice.
import { startApp, state, clickItem, frames, screenVariance, check, outDir, waitFor,
         wheelUntilDrawn } from './browser_helpers.mjs';
import path from 'node:path';

async function key(page, name, times = 1) {
  for (let i = 0; i < times; ++i) {
    // Human pace: a key held for 40 ms, then a pause before the next one.
    await page.keyboard.down(name);
    await page.waitForTimeout(40);
    await page.keyboard.up(name);
    await page.waitForTimeout(300);
    await frames(page, 2);
  }
}

function inbox(s, user) {
  const box = s.world.mailboxes[user];
  return box ? (box.INBOX || 0) : 0;
}

const app = await startApp({ query: '#scenario=alice-bob&lang=en' });
try {
  const { page } = app;
  let s = await state(page);
  check(s.scenario === 'alice-bob', 'the URL opens the Alice -> Bob scenario');
  check(s.event_index === 0, 'the world starts at event 0');

  // Play with the space bar, then pause.
  await page.mouse.click(640, 400); // focus the canvas
  await key(page, 'Space');
  s = await waitFor(page, (x) => x.event_index > 0, 'events while playing');
  await key(page, 'Space');
  s = await state(page);
  check(!s.playing && s.event_index > 0, `space plays and pauses (at event ${s.event_index})`);

  // Home, then step with the arrow keys.
  await key(page, 'Home');
  check((await state(page)).event_index === 0, 'Home goes back to the start');
  await key(page, 'ArrowRight', 3);
  s = await state(page);
  check(s.event_index === 3 && !s.playing, `three right arrows step three events (${s.event_index}, playing ${s.playing})`);
  await key(page, 'ArrowLeft');
  s = await state(page);
  check(s.event_index === 2, `left arrow steps back (${s.event_index})`);
  check(s.world.connections >= 0 && s.trace_size >= 3, 'the trace holds the steps');

  await key(page, 'End');
  s = await waitFor(page, (x) => inbox(x, 'bob@hamburger.edu') === 1, 'delivery to bob');
  check(s.world.counters.delivered >= 1, 'the message was delivered to bob');

  // Inspector on the DATA message: click the DATA line of the transcript (scrolled back to it:
  // the transcript follows the newest line), then open the view.
  await wheelUntilDrawn(page, 'transcript.lines', 'transcript.data_command');
  await clickItem(page, 'transcript.data_command');
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.inspector');
  s = await waitFor(page, (x) => x.inspector && x.inspector.raw_bytes > 0, 'the inspector to show the message');
  check(s.inspector.mail_from === 'alice@crepes.fr', 'the inspector shows the envelope sender');
  check(s.inspector.rcpt_to.includes('bob@hamburger.edu'), 'and the envelope recipient');
  await page.screenshot({ path: path.join(outDir, 'web-inspector.png') });

  // Korean and back, with the mouse.
  await clickItem(page, 'menu.language');
  await clickItem(page, 'menu.language.ko');
  s = await state(page);
  check(s.language === 'ko', 'the language switches to Korean');
  check(s.missing_strings.length === 0, `no missing strings (${s.missing_strings})`);
  await page.screenshot({ path: path.join(outDir, 'web-visualizer-ko.png') });
  await clickItem(page, 'menu.language');
  await clickItem(page, 'menu.language.en');

  // Compose from alice to the staff alias, typing into the fields.
  const before = s.world.mailboxes;
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.compose');
  await clickItem(page, 'compose.to');
  await page.keyboard.type('staff@hamburger.edu');
  await clickItem(page, 'compose.subject');
  await page.keyboard.type('Meeting at noon');
  await clickItem(page, 'compose.body');
  await page.keyboard.type('See you all there.');
  await clickItem(page, 'compose.send');
  await page.mouse.click(5, 790); // leave the text field so keys drive the world again
  await key(page, 'End');
  s = await waitFor(page, (x) => Object.keys(x.world.mailboxes).filter(
    (u) => (x.world.mailboxes[u].INBOX || 0) > ((before[u] && before[u].INBOX) || 0)).length >= 2,
    'the alias to fill at least two mailboxes');
  const grown = Object.keys(s.world.mailboxes).filter(
    (u) => (s.world.mailboxes[u].INBOX || 0) > ((before[u] && before[u].INBOX) || 0));
  check(grown.length >= 2, `staff@ reached ${grown.join(', ')}`);

  // Force 550 at RCPT on Bob's server, send again: the bounce comes back to alice.
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.faults');
  await clickItem(page, 'faults.force.host');
  await clickItem(page, 'faults.force.host.mail.hamburger.edu');
  await clickItem(page, 'faults.force.at');
  await clickItem(page, 'faults.force.at.RCPT');
  await clickItem(page, 'faults.force.code');
  await clickItem(page, 'faults.force.code.550');
  await clickItem(page, 'faults.force.apply');
  const aliceBefore = inbox(await state(page), 'alice@crepes.fr');
  await clickItem(page, 'compose.to');
  await page.keyboard.type('bob@hamburger.edu');
  await clickItem(page, 'compose.subject');
  await page.keyboard.type('This one bounces');
  await clickItem(page, 'compose.send');
  await page.mouse.click(5, 790);
  await key(page, 'End');
  s = await waitFor(page, (x) => x.world.counters.bounced >= 1 && inbox(x, 'alice@crepes.fr') > aliceBefore,
                    'the bounce to reach alice');
  check(true, `alice got the bounce (inbox ${aliceBefore} -> ${inbox(s, 'alice@crepes.fr')})`);
  const variance = await screenVariance(page, path.join(outDir, 'web-visualizer-en.png'));
  check(variance > 50, `the screen is not blank (${variance.toFixed(0)})`);
} finally {
  await app.close();
}
