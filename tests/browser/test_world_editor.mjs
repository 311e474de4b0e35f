// The world editor by hand in the browser, real mouse and keyboard only: from File > New
// world, place two mail servers and two PCs on the empty topology, name them, give them
// domains, mailboxes and user agents, join them with the link tool, type the MX records, drag
// a host (and undo/redo the drag with Ctrl+Z/Ctrl+Y), see a refused edit named at its field,
// then send a mail with the compose panel and see it arrive in the other domain's mailbox.
// The share link's text comes back whole through the browser's DecompressionStream, and the
// link opened at page load (a reload, on a phone-sized window) brings the same world back. The
// mail server's Add buttons are on screen at 1366x768 and at 1920x1080 (no scrolling to find
// them).
import { startApp, state, clickItem, itemRect, frames, check, outDir, waitFor } from './browser_helpers.mjs';
import path from 'node:path';

async function typeInto(page, item, text, { enter = true } = {}) {
  await clickItem(page, item); // the field selects all it holds: typing replaces it
  await page.keyboard.type(text, { delay: 20 });
  // ImGui 1.86 takes a frame's typed characters and keys together: a last character and Enter
  // in one frame lose the character, so the text is in before Enter is pressed.
  await frames(page, 2);
  if (enter) await page.keyboard.press('Enter');
  await frames(page, 3);
}

// A click on the empty topology at a fraction of its canvas.
async function clickCanvas(page, fx, fy) {
  const canvas = await itemRect(page, 'editor.canvas');
  await page.mouse.move(canvas.x + canvas.w * fx, canvas.y + canvas.h * fy);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
}

// The item is drawn inside the window (and so inside its panel's visible area, not under the
// fold of a region that would need scrolling).
async function onScreen(page, id) {
  const r = await itemRect(page, id);
  const size = page.viewportSize();
  return r && r.y >= 0 && r.y + r.h <= size.height && r.x >= 0 && r.x + r.w <= size.width;
}

const editor = (s) => s.editor;
const hostNamed = (s, name) => s.editor.hosts.find((h) => h.name === name);
const inbox = (s, user) => (s.world.mailboxes[user] && s.world.mailboxes[user].INBOX) || 0;

// Places a host of `kind`, then names it (it is selected once placed) and fills its fields.
async function place(page, kind, fx, fy, name) {
  const before = editor(await state(page)).hosts.length;
  await clickItem(page, `editor.palette.${kind}`);
  await clickCanvas(page, fx, fy);
  await waitFor(page, (s) => editor(s).hosts.length === before + 1, `the ${kind} placed`);
  await typeInto(page, 'editor.host.name', name);
  await waitFor(page, (s) => hostNamed(s, name), `the host renamed ${name}`);
}

const started = Date.now();
const app = await startApp({ width: 1366, height: 768, query: '#lang=en' });
const { page } = app;
try {
  await clickItem(page, 'menu.file');
  await clickItem(page, 'menu.file.new_world');
  let s = await waitFor(page, (x) => x.editor.active && x.world.hosts.length === 0, 'an empty world in edit mode');

  for (const [domain, fx, user] of [['a.test', 0.3, 'ann'], ['b.test', 0.7, 'ben']]) {
    await place(page, 'mta', fx, 0.3, `mail.${domain}`);
    await typeInto(page, 'editor.host.domains', domain);
    await typeInto(page, 'editor.user.new', `${user}@${domain}`); // Enter adds it
    await waitFor(page, (x) => x.editor.users.some((u) => u.address === `${user}@${domain}`),
                  `the mailbox ${user}@${domain}`);
  }
  for (const id of ['editor.user.add', 'editor.alias.add'])
    check(await onScreen(page, id), `${id} is on screen at 1366x768 without scrolling`);
  await page.screenshot({ path: path.join(outDir, 'world-editor-mta-1366.png') });
  for (const [domain, fx, user, pc] of [['a.test', 0.15, 'ann', 'pc-a'], ['b.test', 0.85, 'ben', 'pc-b']]) {
    await place(page, 'client', fx, 0.75, pc);
    await typeInto(page, 'editor.ua.new', `${user}@${domain}`, { enter: false });
    await typeInto(page, 'editor.ua.new_server', `mail.${domain}`);
  }
  s = await waitFor(page, (x) => x.world.hosts.length === 4, 'four hosts in the world');

  // A name that is taken is refused, and the message is at the name field.
  await typeInto(page, 'editor.host.name', 'pc-a');
  s = await waitFor(page, (x) => x.editor.error, 'a refused rename');
  check(s.editor.error.field === 'name' && s.editor.error.message.includes('pc-a'),
        `the error names the field: ${JSON.stringify(s.editor.error)}`);
  check(await itemRect(page, 'editor.error'), 'the message is drawn under the field');
  check(hostNamed(s, 'pc-b'), 'the refused rename changed nothing');

  // Links with the link tool: click one host, then the other.
  await clickItem(page, 'editor.link_tool');
  for (const [a, b] of [['pc-a', 'mail.a.test'], ['mail.a.test', 'mail.b.test'], ['pc-b', 'mail.b.test']]) {
    await clickItem(page, `topology.host.${a}`);
    await clickItem(page, `topology.host.${b}`);
  }
  s = await waitFor(page, (x) => x.editor.links.length === 3, 'three links');
  await clickItem(page, 'editor.link_tool');

  // The MX records, typed into the DNS tab.
  await clickItem(page, 'editor.tab.dns');
  await typeInto(page, 'editor.mx.a.test', '10 mail.a.test');
  await typeInto(page, 'editor.mx.b.test', '10 mail.b.test, 20 mail.a.test');
  s = await waitFor(page, (x) => x.world.mx['b.test'] === '10 mail.b.test, 20 mail.a.test',
                    'the MX records in the world');
  await clickItem(page, 'editor.tab.properties');

  // Drag mail.b.test down by a fifth of the canvas; Ctrl+Z puts it back, Ctrl+Y moves it again.
  const canvas = await itemRect(page, 'editor.canvas');
  const box = await itemRect(page, 'topology.host.mail.b.test');
  const y0 = hostNamed(s, 'mail.b.test').y;
  await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  for (let i = 1; i <= 5; ++i) {
    await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2 + canvas.h * 0.04 * i);
    await frames(page, 2);
  }
  await page.mouse.up();
  s = await waitFor(page, (x) => Math.abs(hostNamed(x, 'mail.b.test').y - (y0 + 0.2)) < 0.02, 'the host dragged');
  await page.screenshot({ path: path.join(outDir, 'world-editor-built.png') });
  await page.keyboard.press('Control+z');
  s = await waitFor(page, (x) => Math.abs(hostNamed(x, 'mail.b.test').y - y0) < 1e-6, 'the drag undone in one step');
  await page.keyboard.press('Control+y');
  s = await waitFor(page, (x) => Math.abs(hostNamed(x, 'mail.b.test').y - (y0 + 0.2)) < 0.02, 'the drag redone');

  // The share link: the scenario text, deflated into the URL, inflates back to the same text.
  await clickItem(page, 'editor.share');
  s = await waitFor(page, (x) => x.editor.share_link.includes('#world='), 'a share link');
  const roundTrip = await page.evaluate(async (link) => {
    const text = window.mailsim.command({ op: 'world_text' }).text;
    const back = await window.mailsimShareDecode(link.split('#world=')[1]);
    return { same: back === text, bytes: text.length, link: link.length };
  }, s.editor.share_link);
  check(roundTrip.same, `the share link carries the scenario (${roundTrip.bytes} bytes in a ${roundTrip.link}-character link)`);

  // A big screen: the same panel, everything on screen.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await frames(page, 6); // the layout re-fits the new window first
  await clickItem(page, 'topology.host.mail.a.test');
  await waitFor(page, (x) => x.selection.host === 'mail.a.test', 'mail.a.test selected');
  await frames(page, 4);
  for (const id of ['editor.user.add', 'editor.alias.add'])
    check(await onScreen(page, id), `${id} is on screen at 1920x1080`);
  await page.screenshot({ path: path.join(outDir, 'world-editor-1920.png') });
  await page.setViewportSize({ width: 1366, height: 768 });
  await frames(page, 4);

  // A mail from Ann's PC to Ben in the other domain, with the compose panel.
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.compose');
  await typeInto(page, 'compose.to', 'ben@b.test', { enter: false });
  await typeInto(page, 'compose.subject', 'Built by hand', { enter: false });
  await typeInto(page, 'compose.body', 'Two domains, two servers.', { enter: false });
  await clickItem(page, 'compose.send');
  await clickItem(page, 'controls.end'); // the world runs until nothing is left to do
  s = await waitFor(page, (x) => inbox(x, 'ben@b.test') >= 1, "the mail in Ben's INBOX");
  check(s.world.counters.relayed + s.world.counters.delivered >= 1, 'delivered through the servers');
  await page.screenshot({ path: path.join(outDir, 'world-editor-delivered.png') });

  // The share link opened at page load, on a phone: the world it carries, whole.
  const shared = await page.evaluate(() => window.mailsim.command({ op: 'world_text' }).text);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(s.editor.share_link);
  await page.reload();
  await page.waitForFunction(() => window.mailsim && window.mailsim.ready === true, null, { timeout: 60000 });
  s = await waitFor(page, (x) => x.world.hosts.length === 4 && x.scenario === 'shared', 'the shared world opened from the link');
  const opened = await page.evaluate(() => window.mailsim.command({ op: 'world_text' }).text);
  check(opened === shared, 'the world opened from the link is the one shared');
  await page.screenshot({ path: path.join(outDir, 'world-editor-phone-link.png') });
  console.log(`world built by hand and the mail delivered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(app.logs.slice(-20).join('\n'));
  await page.screenshot({ path: path.join(outDir, 'world-editor-failure.png') });
  throw error;
} finally {
  await app.close();
}
