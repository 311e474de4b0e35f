// The live classroom in a real browser: `mailsim serve --web` on free loopback ports, the page
// opened from its plain address (redirected to ?live=1), Python's smtplib sending and poplib
// reading real mail. Within a second the page's state() shows the new connections, their
// command lines (labelled with the account's name, as the transcript labels them) and the
// mailbox count. Then the token: an acting request from a page without it is refused (and
// logged by the server); the teacher's compose reaches Bob's mailbox. Last, the student's own
// compose form: a real click is refused in the page's language until the teacher allows
// composing; then the page asks the student to sign in (a wrong password refused, the right
// one signs in as Bob) and the same click delivers; a raw WebSocket signed in as Bob may not
// compose as Alice.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { clickItem, frames, itemRect, launchBrowser, outDir, state, webDir } from './browser_helpers.mjs';

const mailsim = process.env.MAILSIM;
if (!mailsim) throw new Error('MAILSIM is not set');

function startServe() {
  // The built-in world: the teacher composes in it too (serve gives every account an agent).
  const child = spawn(mailsim, ['serve', '--smtp', '0', '--pop3', '0', '--web', '0',
                                '--web-dir', webDir, '--quiet'],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  const ports = {};
  let token = '';
  child.stdout.setEncoding('utf8');
  let pending = '';
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    let cut;
    while ((cut = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, cut);
      pending = pending.slice(cut + 1);
      lines.push(line);
      const listening = /^listening (\w+) [\d.]+:(\d+) /.exec(line);
      if (listening) ports[listening[1]] = Number(listening[2]);
      const teacher = /^teacher: .*token=([0-9a-f]+)/.exec(line);
      if (teacher) token = teacher[1];
    }
  });
  return { child, lines, ports, token: () => token };
}

async function until(what, ms, test) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function python(code) {
  const result = spawnSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8', timeout: 20000 });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return result.stdout;
}

const serve = startServe();
let browser;
const failures = [];
const check = (ok, what) => { if (!ok) { failures.push(what); console.log('FAIL:', what); } };
try {
  await until('mailsim serve prints its ports', 15000,
              () => serve.ports.smtp && serve.ports.pop3 && serve.ports.web && serve.token());
  const base = `http://127.0.0.1:${serve.ports.web}/`;
  browser = await launchBrowser();
  const { page } = browser;
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  const missing = [];
  page.on('response', (r) => { if (r.status() === 404) missing.push(new URL(r.url()).pathname); });
  await page.goto(base);
  // The teacher's tab loads meanwhile (it is used at the end).
  const teacher = await browser.context.newPage();
  const teacherLoaded = teacher.goto(`${base}?live=1&token=${serve.token()}`);
  check(page.url() === `${base}?live=1`, `the plain address redirects to ?live=1 (${page.url()})`);
  await until('the page attaches to the live world', 60000, async () => {
    const s = await page.evaluate(() => window.mailsim && window.mailsim.ready && window.mailsim.state());
    return s && s.live && s.live_stream.attached;
  });

  // A real client sends, another reads: the page must show both within a second of each.
  const sent = Date.now();
  python(`import smtplib
s = smtplib.SMTP('127.0.0.1', ${serve.ports.smtp}, timeout=10)
s.sendmail('alice@hamburger.edu', ['bob@hamburger.edu'], 'Subject: live\\r\\n\\r\\nhello class\\r\\n')
s.quit()`);
  const sendDone = Date.now();
  const afterSend = await until('the SMTP session and the delivery on the page', 1000 + (Date.now() - sent), async () => {
    const s = await state(page);
    const lines = s.live_stream.lines || [];
    const inbox = s.world.mailboxes && s.world.mailboxes['bob@hamburger.edu'];
    return lines.some((l) => /^#\d+ Alice C: mail FROM:<alice@hamburger.edu>/i.test(l)) &&
           lines.some((l) => /S: 221 /.test(l)) && inbox && inbox.INBOX === 1 ? s : null;
  });
  console.log(`SMTP session shown ${Date.now() - sendDone} ms after smtplib finished ` +
              `(${sendDone - sent} ms for smtplib itself)`);
  check(afterSend.live_stream.connections_opened >= 1, 'the SMTP connection was opened on the page');

  const read = Date.now();
  const popped = python(`import poplib
p = poplib.POP3('127.0.0.1', ${serve.ports.pop3}, timeout=10)
p.user('bob'); p.pass_('hungry')
print(len(p.retr(1)[1]))
p.quit()`);
  const readDone = Date.now();
  check(Number(popped) > 0, `poplib read the message (${popped.trim()} lines)`);
  await until('the POP3 session on the page', 1000 + (Date.now() - read), async () => {
    const s = await state(page);
    const lines = s.live_stream.lines || [];
    return lines.some((l) => /^#\d+ Bob C: RETR 1/i.test(l)) &&
           lines.some((l) => /^#\d+ Bob C: USER bob/i.test(l)) &&
           s.live_stream.connections_opened >= 2;
  });
  console.log(`POP3 session shown ${Date.now() - readDone} ms after poplib finished ` +
              `(${readDone - read} ms for poplib itself)`);
  await page.screenshot({ path: path.join(outDir, 'live-viewer.png') });

  // Stepping back within what this page has received, with the keys: Space pauses, Home goes
  // to where its snapshot began (before any mail: Bob's INBOX empty), Left steps back from the
  // newest event, End returns to it, and Space follows the live world again.
  const key = async (name) => { await page.keyboard.press(name); await frames(page, 2); };
  const inboxOf = (x, who) => x.world.mailboxes[`${who}@hamburger.edu`].INBOX;
  await key('Space');
  let at = await state(page);
  check(!at.playing, 'Space pauses the live view');
  await key('End');
  at = await state(page);
  const newest = at.event_index;
  check(newest === at.trace_size && inboxOf(at, 'bob') === 1,
        `End: the newest event received (${newest} of ${at.trace_size}), INBOX 1`);
  await key('Home');
  at = await state(page);
  check(at.event_index === 0 && inboxOf(at, 'bob') === 0,
        `Home: where the snapshot began, before the mail (${at.event_index}, INBOX ${inboxOf(at, 'bob')})`);
  await key('End');
  for (let i = 0; i < 3; ++i) await key('ArrowLeft');
  at = await state(page);
  check(at.event_index === newest - 3 && inboxOf(at, 'bob') === 1,
        `three steps back from the newest (${at.event_index}, want ${newest - 3})`);
  await key('End');
  await key('Space');
  check((await state(page)).playing, 'Space follows the live world again');

  // Acting without the token: refused, and the server says so in its log.
  const compose = 'compose from=alice@hamburger.edu to=bob@hamburger.edu subject=teacher body=hi';
  const act = (url) => page.evaluate(([wsUrl, action]) => new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const timer = setTimeout(() => reject(new Error('no act_result')), 5000);
    ws.onmessage = (m) => {
      const message = JSON.parse(m.data);
      if (message.type === 'snapshot') ws.send(JSON.stringify({ type: 'act', version: 4, id: 7, action }));
      if (message.type === 'act_result') { clearTimeout(timer); ws.close(); resolve(message); }
    };
  }), [url, compose]);
  const wsBase = `ws://127.0.0.1:${serve.ports.web}/live`;
  const refused = await act(wsBase);
  check(refused.ok === false, `an action without the token is refused (${JSON.stringify(refused)})`);
  const wrong = await act(`${wsBase}?token=0123`);
  check(wrong.ok === false, 'an action with a wrong token is refused');
  await until('the refusal in the server log', 2000,
              () => serve.lines.some((l) => /refused an action from 127\.0\.0\.1/.test(l)));
  let s = await state(page);
  check(s.world.mailboxes['bob@hamburger.edu'].INBOX === 1, 'a refused compose delivers nothing');

  // With the token the same request is performed; every viewer sees the new mail.
  const accepted = await act(`${wsBase}?token=${serve.token()}`);
  check(accepted.ok === true, `the teacher's action is performed (${JSON.stringify(accepted)})`);
  await until("the teacher's mail in Bob's INBOX on the student's page", 3000, async () => {
    s = await state(page);
    return s.world.mailboxes['bob@hamburger.edu'].INBOX === 2;
  });
  check(serve.lines.some((l) => /web: teacher: compose/.test(l)), "the teacher's action is logged");

  // The student's own form, with real clicks and keys: read-only, said in the page's language.
  const typeInto = async (item, text, on = page) => {
    await clickItem(on, item);
    await on.keyboard.type(text, { delay: 20 });
    await frames(on, 2);
  };
  await clickItem(page, 'menu.view');
  await clickItem(page, 'menu.view.compose');
  await typeInto('compose.to', 'bob@hamburger.edu');
  await typeInto('compose.subject', 'from my seat');
  await clickItem(page, 'compose.send');
  const readOnly = ['읽기 전용 화면입니다. 메일 보내기나 장애 설정 같은 조작은 교수자의 링크(토큰이 붙은 주소)에서만 할 수 있습니다.',
                    "Read-only view: acting on the world needs the teacher's link (the one with the token)."];
  let seen = null;
  s = await until('the refusal on the status line', 20000, async () => {
    const x = await state(page);
    seen = x;
    return readOnly.includes(x.status) ? x : null;
  }).catch(async (e) => { await page.screenshot({ path: path.join(outDir, 'live-student-refusal-missing.png') }); throw new Error(`${e.message}; status ${JSON.stringify(seen && seen.status)}, compose ${JSON.stringify(seen && seen.compose)}`); });
  check(!s.live_stream.teacher && !s.live_stream.students_compose, 'a student page, not allowed');
  await page.screenshot({ path: path.join(outDir, 'live-student-refused.png') });
  // The teacher's page (a second tab) ticks the box that lets students compose.
  await teacherLoaded;
  await until("the teacher's page attaches", 60000, async () => {
    const x = await teacher.evaluate(() => window.mailsim && window.mailsim.ready && window.mailsim.state());
    return x && x.live_stream.attached && x.live_stream.teacher;
  });
  await clickItem(teacher, 'menu.view');
  await clickItem(teacher, 'menu.view.compose');
  await clickItem(teacher, 'live.permit_compose');
  await until("the box ticked on the teacher's page", 3000,
              async () => (await state(teacher)).live_stream.students_compose);
  check(serve.lines.some((l) => /web: teacher: students may compose/.test(l)), 'the leave is logged');
  await until('the leave on the student page', 3000,
              async () => (await state(page)).live_stream.students_compose);
  // Allowed now, the student's page asks the student to sign in (the handout's account):
  // a wrong password is refused in the page's language, the right one signs in as Bob.
  await until('the sign-in form on the student page', 20000,
              async () => itemRect(page, 'live.sign_in.address'));
  await typeInto('live.sign_in.address', 'bob@hamburger.edu');
  await typeInto('live.sign_in.password', 'wrong');
  await clickItem(page, 'live.sign_in');
  const badLogin = ['주소나 암호가 맞지 않습니다. 계정 안내문에 적힌 그대로 입력하세요.',
                    'That address and password do not match an account. Type them as your handout gives them.'];
  await until('the wrong password refused on the page', 20000,
              async () => badLogin.includes((await state(page)).status))
    .catch(async (e) => {
      await page.screenshot({ path: path.join(outDir, 'live-sign-in-missing.png') });
      throw new Error(`${e.message}; status ${JSON.stringify((await state(page)).status)}; ` +
                      `server: ${serve.lines.filter((l) => /web:/.test(l)).join(' | ')}`);
    });
  check(serve.lines.some((l) => /web: refused a sign-in from 127\.0\.0\.1 as bob@hamburger\.edu/.test(l)),
        'the wrong password is logged');
  check(!serve.lines.some((l) => /'wrong'|=wrong|hungry/.test(l)), 'no password is logged');
  // The password box still holds "wrong" (the click puts the cursor after it): erase, retype.
  await clickItem(page, 'live.sign_in.password');
  for (let i = 0; i < 8; ++i) await page.keyboard.press('Backspace', { delay: 20 });
  await page.keyboard.type('hungry', { delay: 20 });
  await frames(page, 2);
  await clickItem(page, 'live.sign_in');
  await until('signed in as Bob', 20000,
              async () => (await state(page)).live_stream.account === 'bob@hamburger.edu');
  check(serve.lines.some((l) => /web: viewer 127\.0\.0\.1 signed in as bob@hamburger\.edu/.test(l)),
        'the sign-in is logged');
  await clickItem(page, 'compose.send');
  await until("the student's mail in Bob's INBOX", 5000, async () => {
    s = await state(page);
    return s.world.mailboxes['bob@hamburger.edu'].INBOX === 3;
  });
  check(serve.lines.some((l) => /web: viewer 127\.0\.0\.1 \(bob@hamburger\.edu\): compose .*from=bob@hamburger\.edu/.test(l)),
        "the student's compose is logged with its account");

  // A page edited by hand (a raw WebSocket) signed in as Bob cannot send as Alice.
  const forged = await page.evaluate((wsUrl) => new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const timer = setTimeout(() => reject(new Error('no answer')), 5000);
    const seen = {};
    ws.onmessage = (m) => {
      const message = JSON.parse(m.data);
      if (message.type === 'snapshot')
        ws.send(JSON.stringify({ type: 'login', version: 4, address: 'bob', password: 'hungry' }));
      if (message.type === 'login_result') {
        seen.login = message;
        ws.send(JSON.stringify({ type: 'act', version: 4, id: 8,
                                 action: 'compose from=alice@hamburger.edu to=bob@hamburger.edu subject=forged' }));
      }
      if (message.type === 'act_result') { clearTimeout(timer); ws.close(); seen.act = message; resolve(seen); }
    };
  }), wsBase);
  check(forged.login.ok && forged.login.address === 'bob@hamburger.edu',
        `the login name signs in too (${JSON.stringify(forged.login)})`);
  check(!forged.act.ok && forged.act.key === 'live.refused.not_your_account',
        `composing as another account is refused (${JSON.stringify(forged.act)})`);
  await frames(page, 10);
  s = await state(page);
  check(s.world.mailboxes['bob@hamburger.edu'].INBOX === 3, 'the forged compose delivers nothing');
  check(serve.lines.some((l) => /refused an action from 127\.0\.0\.1 \(not the account it signed in as, bob@hamburger\.edu\)/.test(l)),
        'the forged compose is logged');
  // The teacher's own page composes with real clicks: it reaches Alice's mailbox, and the
  // student's page shows it.
  await typeInto('compose.to', 'alice@hamburger.edu', teacher);
  await typeInto('compose.subject', 'from the front', teacher);
  await clickItem(teacher, 'compose.send');
  await until("the teacher's mail in Alice's INBOX on the student page", 20000, async () => {
    s = await state(page);
    return s.world.mailboxes['alice@hamburger.edu'].INBOX === 1;
  });
  check(serve.lines.some((l) => /web: teacher: compose .*to=alice@hamburger\.edu/.test(l)),
        "the teacher page's compose is logged");
  // An account added in the teacher's world editor would exist on that page only (the served
  // world cannot be made again while real clients use it): refused in the page's language,
  // the design stays the world's and the page stays attached to the live world.
  await clickItem(teacher, 'menu.view');
  await clickItem(teacher, 'menu.view.world_editor');
  await clickItem(teacher, 'topology.host.mail.hamburger.edu');
  await clickItem(teacher, 'editor.user.new');
  await teacher.keyboard.type('carol@hamburger.edu', { delay: 20 });
  await frames(teacher, 2);
  await teacher.keyboard.press('Enter');
  const liveOnly = ['수업 중인 세계는 여기서 다시 만들 수 없습니다.',
                    "The class's live world cannot be made again from here"];
  const edited = await until('the structural edit refused on the teacher page', 20000, async () => {
    const x = await state(teacher);
    return x.editor.error && liveOnly.some((m) => x.editor.error.message.startsWith(m)) ? x : null;
  }).catch(async (e) => {
    await teacher.screenshot({ path: path.join(outDir, 'live-editor-refusal-missing.png') });
    throw new Error(`${e.message}; editor ${JSON.stringify((await state(teacher)).editor.error)}`);
  });
  check(edited.live && edited.live_stream.attached && edited.live_stream.teacher,
        'the teacher page is still attached to the live world');
  check(!edited.editor.users.some((u) => u.address === 'carol@hamburger.edu'),
        'the design holds no account the world lacks');
  await teacher.screenshot({ path: path.join(outDir, 'live-editor-refused.png') });
  // The browser asks for /favicon.ico, which the app does not have (nor does serve_web.py).
  check(missing.every((p) => p === '/favicon.ico'), `only the icon is missing: ${missing.join(' ')}`);
  check(!logs.some((l) => /^error/.test(l) && !/status of 404/.test(l)),
        `no errors on the console: ${logs.join(' | ')}`);
} finally {
  if (browser) await browser.context.close();
  serve.child.kill('SIGTERM');
}
if (failures.length) {
  console.log(serve.lines.join('\n'));
  process.exit(1);
}
console.log('live classroom: all checks passed');
