// A challenge solved by hand in the browser, with the real mouse and keyboard: open "a domain
// without an MX record", see "check" fail with the world's evidence (the NXDOMAIN bounce), add
// the MX record in the faults panel's DNS tab, send the mail again with the compose panel, and
// see "check" pass and the challenge marked done.
import { startApp, state, clickItem, frames, check, outDir, waitFor } from './browser_helpers.mjs';
import path from 'node:path';

async function typeInto(page, item, text) {
  await clickItem(page, item);
  await page.keyboard.type(text, { delay: 30 });
  await frames(page, 3);
}

const inbox = (s, user) => (s.world.mailboxes[user] && s.world.mailboxes[user].INBOX) || 0;

const app = await startApp({ width: 1366, height: 768, query: '#lesson=fix-missing-mx&lang=en' });
const { page } = app;
try {
  let s = await waitFor(page, (x) => x.lesson.id === 'fix-missing-mx', 'the challenge to open');
  const before = s.progress && s.progress.lessons && s.progress.lessons['fix-missing-mx'];
  check(!before || !before.steps_done.includes('story'), 'not done before it is solved');

  // Checked before anything happened: not solved, and the check that fails is named.
  await clickItem(page, 'challenge.check');
  s = await waitFor(page, (x) => x.lesson.verdict, 'a verdict');
  check(!s.lesson.verdict.solved, 'untouched world: not solved');
  check(s.lesson.verdict.checks.length === 1 && !s.lesson.verdict.checks[0].holds,
        `the failing check is listed: ${JSON.stringify(s.lesson.verdict.checks)}`);

  // Play until Alice's mail has bounced, then check again: the bounce is the evidence.
  await clickItem(page, 'controls.play');
  s = await waitFor(page, (x) => x.world.counters.bounced >= 1, 'the bounce', 120000);
  await clickItem(page, 'controls.play');
  await clickItem(page, 'challenge.check');
  s = await waitFor(page, (x) => x.lesson.verdict && x.lesson.verdict.evidence.length > 0,
                    'evidence in the verdict');
  const bounce = s.lesson.verdict.evidence.find((e) => e.kind === 'bounce');
  check(bounce && bounce.text.includes('NXDOMAIN'), `the bounce says NXDOMAIN: ${JSON.stringify(s.lesson.verdict.evidence)}`);
  await page.screenshot({ path: path.join(outDir, 'challenge-1366-evidence.png') });

  // The repair: an MX record typed into the DNS tab.
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.faults');
  await clickItem(page, 'faults.tab.dns');
  check(!(await state(page)).world.mx['hamburger.edu'], 'no MX for hamburger.edu before the repair');
  await typeInto(page, 'dns.new.domain', 'hamburger.edu');
  await typeInto(page, 'dns.new.mx', '10 mail.hamburger.edu');
  await clickItem(page, 'dns.new.add');
  s = await waitFor(page, (x) => x.world.mx['hamburger.edu'] === '10 mail.hamburger.edu',
                    'the new MX record in the world');
  await page.screenshot({ path: path.join(outDir, 'challenge-1366-dns-tab.png') });

  // Not solved yet: the bounced mail does not come back by itself.
  await clickItem(page, 'challenge.check');
  s = await waitFor(page, (x) => x.lesson.verdict && !x.lesson.verdict.solved, 'still not solved');

  // Send again with the compose panel, play, and check: solved.
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.compose');
  await typeInto(page, 'compose.to', 'bob@hamburger.edu');
  await typeInto(page, 'compose.subject', 'Lunch');
  await typeInto(page, 'compose.body', 'Lunch at noon?');
  await clickItem(page, 'compose.send');
  s = await waitFor(page, (x) => inbox(x, 'bob@hamburger.edu') >= 1, "the mail in Bob's INBOX", 120000);
  await clickItem(page, 'challenge.check');
  s = await waitFor(page, (x) => x.lesson.verdict && x.lesson.verdict.solved, 'solved');
  check(s.lesson.verdict.checks.every((c) => c.holds), 'every check holds');
  const progress = s.progress && s.progress.lessons && s.progress.lessons['fix-missing-mx'];
  check(progress && progress.steps_done.includes('story'), `the challenge is marked done: ${JSON.stringify(progress)}`);
  await page.screenshot({ path: path.join(outDir, 'challenge-1366-solved.png') });
  console.log('challenge solved by hand in the browser');
} catch (error) {
  console.error(app.logs.slice(-20).join('\n'));
  throw error;
} finally {
  await app.close();
}
