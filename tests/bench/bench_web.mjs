// Web figures (a benchmark that prints, not a test), as issue 13 asks for them:
//  - the download: bytes on the wire as scripts/serve_web.py (the server scripts/run.sh starts)
//    sends them, gzip, to a fresh Chromium profile;
//  - the first interactive frame: from navigation to the end of the app's second frame, when
//    its input listeners are installed and the ready flag is set (web/shell.js marks it on the
//    page's clock). A key pressed then is handled: the bench presses Space and checks that
//    playback starts. Printed with where the time went (the page's marks and downloads) and
//    the CPU time Chromium's threads and the server spent to get there (from Chromium's own
//    trace): on a loaded machine the page waits for a core most of the time, and these
//    figures, unlike the wall clock, hardly change with load;
//  - the frame rate in #scenario=big-network while playing, unthrottled and with Chromium's
//    CPU throttled N times (CDP Emulation.setCPUThrottlingRate; 4 is a school Chromebook):
//    new frames presented per second over S seconds (the app skips a frame whose draw lists did
//    not change, and redraws only the regions that did) and the CPU time per frame;
//  - the UI frame CPU time of the heaviest ordinary view (bench mode: every panel open,
//    the whole 11,000-event trace), unthrottled.
// One or more built web folders; with two, the runs alternate between them (old vs new in the
// same run, under the same load) and the new/old ratios are printed.
//
//   MAILSIM_SOURCE_DIR=$PWD MAILSIM_BINARY_DIR=$PWD/build-web node tests/bench/bench_web.mjs [--runs 5] [--throttle 4] [--seconds 10]
//       [--no-load] [--no-fps] [--dpr 2] [build-web/web [other/web]]
// (MAILSIM_WEB_DIR is the folder when none is given.)
import { startServer, launchBrowser, state } from '../browser/browser_helpers.mjs';
import fs from 'node:fs';
import os from 'node:os';

const options = { runs: 5, throttle: 4, seconds: 10, load: true, fps: true, dpr: 1 };
const dirs = [];
for (let i = 2; i < process.argv.length; ++i) {
  const arg = process.argv[i];
  if (arg === '--runs') options.runs = Number(process.argv[++i]);
  else if (arg === '--throttle') options.throttle = Number(process.argv[++i]);
  else if (arg === '--seconds') options.seconds = Number(process.argv[++i]);
  else if (arg === '--no-load') options.load = false;
  else if (arg === '--no-fps') options.fps = false;
  else if (arg === '--dpr') options.dpr = Number(process.argv[++i]);
  else if (arg.startsWith('--')) throw new Error(`bench_web: unknown option ${arg}`);
  else dirs.push(arg);
}
if (!dirs.length && process.env.MAILSIM_WEB_DIR) dirs.push(process.env.MAILSIM_WEB_DIR);
if (!dirs.length) throw new Error('bench_web: give a built web folder (or set MAILSIM_WEB_DIR)');

const GOAL_FIRST_FRAME_MS = 1000, GOAL_FPS = 30, GOAL_FRAME_MS = 8, GOAL_DOWNLOAD_MIB = 3;
const ticks = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

// --- CPU time --------------------------------------------------------------------------
// Milliseconds of CPU the process `pid` has used so far (/proc counts in 1/100 s).
function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 1000 / ticks;
  } catch {
    return NaN;
  }
}

// CPU time of every thread of the Chromium processes this bench started (descendants of this
// node process), with the GPU process's own threads apart: with software GL its raster
// threads (SwiftShader's workers, which run no traced tasks) did most of a frame's work.
function chromiumThreadsCpuMs() {
  const children = new Map();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch { /* gone */ }
  }
  const out = { all: 0, gpu: 0 };
  const walk = (pid) => {
    for (const child of children.get(pid) || []) {
      let cmd = '';
      try { cmd = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8'); } catch { continue; }
      if (cmd.includes('chromium')) {
        let tasks = [];
        try { tasks = fs.readdirSync(`/proc/${child}/task`); } catch { /* gone */ }
        for (const tid of tasks) {
          const ms = processCpuMs(`${child}/task/${tid}`);
          if (Number.isNaN(ms)) continue;
          out.all += ms;
          if (cmd.includes('--type=gpu-process')) out.gpu += ms;
        }
      }
      walk(child);
    }
  };
  walk(process.pid);
  return out;
}

// Chromium's own trace of the load ('toplevel' tasks carry each thread's CPU time, tdur): the
// CPU each process and the renderer's main thread spent. On a loaded machine the main thread
// waits for a core most of the time, so these are the figures to compare builds by.
async function startTrace(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (message) => events.push(...message.value));
  await cdp.send('Tracing.start', { categories: '-*,toplevel,__metadata', transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    const processes = new Map(), threads = new Map();
    for (const e of events) {
      if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args.name);
      if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
    }
    // Outermost tasks only (a task inside a task is already counted).
    const byThread = new Map();
    for (const e of events)
      if (e.ph === 'X' && e.dur !== undefined && e.tdur !== undefined) {
        const key = `${e.pid}:${e.tid}`;
        if (!byThread.has(key)) byThread.set(key, []);
        byThread.get(key).push(e);
      }
    const cpu = { main: 0, mainTasks: 0, renderer: 0, gpu: 0, browser: 0, threads: {} };
    for (const [key, list] of byThread) {
      list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      let end = -Infinity, ms = 0, wall = 0;
      for (const e of list)
        if (e.ts >= end) { end = e.ts + e.dur; ms += e.tdur / 1000; wall += e.dur / 1000; }
      const process = processes.get(Number(key.split(':')[0])) || '';
      // Thread pools have one name per worker: summed by name (wasm compiles run there).
      const thread = `${process} ${(threads.get(key) || '?').replace(/\d+$/, '')}`;
      cpu.threads[thread] = (cpu.threads[thread] || 0) + ms;
      if (process === 'Renderer') {
        cpu.renderer += ms;
        if (threads.get(key) === 'CrRendererMain') { cpu.main += ms; cpu.mainTasks += wall; }
      } else if (process === 'GPU Process') cpu.gpu += ms;
      else if (process === 'Browser') cpu.browser += ms;
    }
    return cpu;
  };
}

function median(values) {
  const sorted = values.filter((v) => v !== undefined && !Number.isNaN(v)).sort((x, y) => x - y);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (v, digits = 0) => (Number.isNaN(v) ? '—' : v.toFixed(digits));

// --- one cold load: a fresh profile, navigation to the first interactive frame ---------------
async function loadOnce(server) {
  // At devicePixelRatio 1 the fonts come from the build's atlas; at any other (--dpr 2) they
  // are rasterised at that density in frame 1.
  const browser = await launchBrowser({ deviceScaleFactor: options.dpr });
  const { page } = browser;
  try {
    // Chromium started (its own start-up is not the page's); the navigation is measured.
    await page.goto(`${server.url}missing-page-to-start-the-renderer`);
    const serverBefore = processCpuMs(server.process.pid);
    const stopTrace = await startTrace(browser.context, page);
    await page.goto(`${server.url}#lang=ko`);
    const readyAt = await page.waitForFunction(
      () => window.mailsim && window.mailsim.ready === true &&
            (window.benchReadyAt = window.benchReadyAt || performance.now()),
      null, { timeout: 60000, polling: 'raf' });
    await readyAt.dispose();
    const cpu = await stopTrace();
    cpu.server = processCpuMs(server.process.pid) - serverBefore;
    // Interactive means a key is handled: Space starts playback in the next frames.
    const keyAt = await page.evaluate(() => performance.now());
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.mailsim.state().playing, null, { timeout: 10000 });
    const handledAt = await page.evaluate(() => performance.now());
    const timing = await page.evaluate(() => {
      const marks = {};
      for (const m of performance.getEntriesByType('mark')) marks[m.name] ??= m.startTime;
      const files = {};
      for (const r of performance.getEntriesByType('resource')) {
        const name = r.name.split('/').pop();
        files[name] = { start: r.startTime, end: r.responseEnd, wire: r.transferSize, body: r.decodedBodySize,
                        encoded: r.encodedBodySize };
      }
      const nav = performance.getEntriesByType('navigation')[0];
      files['index.html'] = { start: 0, end: nav.responseEnd, wire: nav.transferSize,
                              body: nav.decodedBodySize, encoded: nav.encodedBodySize };
      return { marks, files, ready: window.benchReadyAt };
    });
    // Older builds have no marks: the ready flag as seen in the next animation frame.
    const interactive = timing.marks['mailsim-interactive'] ?? timing.ready;
    return { interactive, keyMs: handledAt - keyAt, cpu, ...timing };
  } finally {
    await browser.context.close();
  }
}

// --- frame rate while playing big-network ------------------------------------------------
async function fpsRun(server, rate, seconds) {
  const browser = await launchBrowser();
  const { page, context } = browser;
  try {
    await page.goto(`${server.url}#scenario=big-network&lang=en`);
    await page.waitForFunction(() => window.mailsim && window.mailsim.ready === true, null,
                               { timeout: 60000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.mailsim.state().playing, null, { timeout: 20000 });
    await page.waitForTimeout(1000); // the first packets' caches filled
    const sample = () => page.evaluate(() => {
      const s = window.mailsim.state();
      const frameCpu = Module._mailsim_web_frame_cpu_ms ? Module._mailsim_web_frame_cpu_ms() : NaN;
      // Frames the student saw: the app presents a frame only when its draw lists changed
      // (older builds present every frame they draw).
      const presented = Module.mailsimFramesPresented ?? s.frame;
      return { now: performance.now(), frame: s.frame, presented, share: Module.mailsimRedrawnShare,
               event: s.event_index, playing: s.playing, frameCpu,
               hosts: s.world && s.world.hosts ? Object.keys(s.world.hosts).length : undefined };
    });
    const stopTrace = await startTrace(context, page);
    const a = await sample();
    const threadsBefore = chromiumThreadsCpuMs();
    await page.waitForTimeout(seconds * 1000);
    const threadsAfter = chromiumThreadsCpuMs();
    const b = await sample();
    const cpu = await stopTrace();
    const frames = b.presented - a.presented, elapsed = (b.now - a.now) / 1000;
    const appFrames = b.frame - a.frame;
    const redrawn = b.share === undefined ? 1 : (b.share - a.share) / frames;
    // mainCpuMs: the main thread's CPU per frame (throttling included); frameMs: the wall
    // time inside frame(), waiting for a core included.
    return { rate, fps: frames / elapsed, frameMs: (b.frameCpu - a.frameCpu) / appFrames, frames, appFrames, redrawn,
             mainCpuMs: cpu.main / frames, gpuCpuMs: cpu.gpu / frames,
             gpuThreadsMs: (threadsAfter.gpu - threadsBefore.gpu) / frames,
             allThreadsMs: (threadsAfter.all - threadsBefore.all) / frames,
             events: b.event - a.event, playing: a.playing && b.playing };
  } finally {
    await context.close();
  }
}

async function frameCpuBench(server) {
  const browser = await launchBrowser();
  const { page, context } = browser;
  try {
    await page.goto(`${server.url}#scenario=big-network&bench=200&lang=en`);
    await page.waitForFunction(() => window.mailsim && window.mailsim.ready === true, null,
                               { timeout: 60000 });
    await page.waitForFunction(() => window.mailsim.state().bench, null, { timeout: 120000 });
    return (await state(page)).bench;
  } finally {
    await context.close();
  }
}

// --- the run ----------------------------------------------------------------------------
const label = (i) => (dirs.length > 1 ? `[${i === 0 ? 'A' : 'B'} ${dirs[i]}] ` : '');
console.log(`bench_web: ${new Date().toISOString()}, devicePixelRatio ${options.dpr} for the loads, ${os.cpus().length} cores, load ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}` +
            ` (wall-clock figures grow with load; the CPU figures much less)`);
const servers = [];
for (const dir of dirs) servers.push(await startServer(dir));
try {
  if (options.load) {
    const loads = dirs.map(() => []);
    for (let run = 0; run < options.runs; ++run)
      for (let i = 0; i < dirs.length; ++i) loads[i].push(await loadOnce(servers[i]));
    const summaries = [];
    for (let i = 0; i < dirs.length; ++i) {
      const runs = loads[i];
      const files = runs[0].files;
      const wire = Object.values(files).reduce((sum, f) => sum + (f.wire || 0), 0);
      const raw = Object.values(files).reduce((sum, f) => sum + (f.body || 0), 0);
      const parts = Object.entries(files).sort((x, y) => y[1].wire - x[1].wire)
        .map(([name, f]) => `${name} ${(f.wire / 1048576).toFixed(2)}`).join(', ');
      console.log(`${label(i)}download: ${(wire / 1048576).toFixed(2)} MiB on the wire (${(raw / 1048576).toFixed(2)} MiB raw; ${parts}), goal <= ${GOAL_DOWNLOAD_MIB} MiB`);
      const first = median(runs.map((r) => r.interactive));
      console.log(`${label(i)}first interactive frame: median ${fmt(first)} ms (runs ${runs.map((r) => fmt(r.interactive)).join(', ')}), goal <= ${GOAL_FIRST_FRAME_MS} ms;` +
                  ` Space pressed then was handled ${fmt(median(runs.map((r) => r.keyMs)))} ms later`);
      const cpu = (key) => median(runs.map((r) => r.cpu[key]));
      console.log(`${label(i)}  CPU to get there (median, Chromium's trace): page main thread ${fmt(cpu('main'))} ms (in ${fmt(cpu('mainTasks'))} ms of its tasks: the rest it waited for a core), ` +
                  `renderer ${fmt(cpu('renderer'))} ms (with its compile workers), GPU process ${fmt(cpu('gpu'))} ms, ` +
                  `browser ${fmt(cpu('browser'))} ms, server ${fmt(cpu('server'))} ms`);
      const threadNames = [...new Set(runs.flatMap((r) => Object.keys(r.cpu.threads)))];
      const byThread = threadNames.map((t) => [t, median(runs.map((r) => r.cpu.threads[t] ?? 0))])
        .filter(([, ms]) => ms >= 5).sort((x, y) => y[1] - x[1]);
      console.log(`${label(i)}  CPU by thread (median ms): ` + byThread.map(([t, ms]) => `${t} ${fmt(ms)}`).join(', '));
      const at = (name) => median(runs.map((r) => r.marks[name]));
      const end = (name) => median(runs.map((r) => r.files[name]?.end));
      const atlasName = Object.keys(runs[0].files).find((name) => name.startsWith('atlas-'));
      const phases = [['html', end('index.html')], ['mailsim.js', end('mailsim.js')],
                      [`${atlasName} downloaded`, atlasName ? end(atlasName) : NaN],
                      ['wasm downloaded', end('mailsim.wasm')], ['data downloaded', end('mailsim.data')],
                      ['wasm instantiated', at('mailsim-wasm')], ['data unpacked', at('mailsim-data')],
                      ['WebGL context made early', at('mailsim-webgl-early')], ['main()', at('mailsim-main')], ['glfwInit', at('mailsim-glfw-init')],
                      ['glfwCreateWindow', at('mailsim-glfw-window')], ['ImGui context', at('mailsim-imgui-context')],
                      ['renderer init', at('mailsim-renderer-init')], ['WebGL context', at('mailsim-gl')],
                      ['frame 1 drawn', at('mailsim-frame1-drawn')],
                      ['App::init done', at('mailsim-init')], ['fonts loaded from the build\'s atlas', at('mailsim-fonts-loaded')],
                      ['fonts rasterised', at('mailsim-fonts-rasterised')], ['frame 1', at('mailsim-frame1')],
                      ['frame 2: interactive', first]];
      console.log(`${label(i)}  where it went (median ms since navigation): ` +
                  phases.filter(([, v]) => !Number.isNaN(v)).sort((x, y) => x[1] - y[1]).map(([n, v]) => `${n} ${fmt(v)}`).join(' → '));
      summaries.push({ first, main: cpu('main'), cpu: cpu('renderer') + cpu('gpu') + cpu('browser') + cpu('server') });
    }
    if (dirs.length > 1)
      console.log(`B/A: first interactive frame ${fmt(summaries[1].first / summaries[0].first, 2)}×, ` +
                  `main-thread CPU ${fmt(summaries[1].main / summaries[0].main, 2)}×, all CPU ${fmt(summaries[1].cpu / summaries[0].cpu, 2)}×`);
  }
  if (options.fps) {
    const results = dirs.map(() => ({}));
    for (const rate of [1, options.throttle])
      for (let i = 0; i < dirs.length; ++i) results[i][rate] = await fpsRun(servers[i], rate, options.seconds);
    for (let i = 0; i < dirs.length; ++i) {
      const free = results[i][1], slow = results[i][options.throttle];
      for (const r of [free, slow])
        console.log(`${label(i)}big-network playing, CPU ${r.rate === 1 ? 'not throttled' : `throttled ${r.rate}×`}: ` +
                    `${fmt(r.fps, 1)} fps (${r.frames} new frames presented in ${options.seconds} s, of ${r.appFrames} the app ran, ${fmt(r.redrawn * 100)}% of the canvas redrawn in each; ${r.events} events played${r.playing ? '' : ', PLAYBACK STOPPED'}), ` +
                    `${fmt(r.frameMs, 2)} ms inside each app frame (wall); per presented frame: page main thread ${fmt(r.mainCpuMs, 2)} ms CPU and GPU process ${fmt(r.gpuCpuMs, 2)} ms CPU per frame in traced tasks; ` +
                    `all threads: GPU process ${fmt(r.gpuThreadsMs, 1)} ms (its raster threads included), all of Chromium ${fmt(r.allThreadsMs, 1)} ms CPU per frame` +
                    (r.rate === 1 ? '' : `, goal >= ${GOAL_FPS} fps`));
      // Under Chromium's throttling the main thread's CPU per frame grows with the rate (it is
      // charged the slowdown): what a core of its own would need, a ceiling on an idle machine.
      console.log(`${label(i)}  throttled / not throttled: time inside a frame ${fmt(slow.frameMs / free.frameMs, 2)}×, ` +
                  `main-thread CPU per frame ${fmt(slow.mainCpuMs / free.mainCpuMs, 2)}×, fps ${fmt(slow.fps / free.fps, 2)}×; ` +
                  `with a core to itself the throttled main thread could draw ${fmt(1000 / slow.mainCpuMs, 0)} fps`);
    }
    // The builds compared by CPU per frame, which a loaded machine moves much less than fps.
    if (dirs.length > 1)
      for (const rate of [1, options.throttle]) {
        const [a, b] = [results[0][rate], results[1][rate]];
        console.log(`B/A, CPU ${rate === 1 ? 'not throttled' : `throttled ${rate}×`}: all of Chromium's CPU per frame ${fmt(b.allThreadsMs / a.allThreadsMs, 2)}×, ` +
                    `GPU process ${fmt(b.gpuThreadsMs / a.gpuThreadsMs, 2)}×, page main thread ${fmt(b.mainCpuMs / a.mainCpuMs, 2)}×, fps ${fmt(b.fps / a.fps, 2)}×`);
      }
    for (let i = 0; i < dirs.length; ++i) {
      const b = await frameCpuBench(servers[i]);
      console.log(`${label(i)}ui frame CPU time (bench mode: ${b.hosts} hosts, ${b.events} events, every view open): mean ${b.mean_ms.toFixed(2)} ms, ` +
                  `p95 ${b.p95_ms.toFixed(2)} ms over ${b.frames} frames, goal <= ${GOAL_FRAME_MS} ms`);
    }
  }
} finally {
  for (const server of servers) server.kill();
}
console.log(`bench_web: done, load ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
