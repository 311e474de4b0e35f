// Web figures (a benchmark that prints, not a test): the gzip transfer size of everything the
// page downloads, the time from navigation to the first interactive frame on localhost, and
// the frame CPU time with 50 hosts and ~11,000 events on screen in headless Chromium
// (software GL). Run: MAILSIM_WEB_DIR=build-web/web MAILSIM_SOURCE_DIR=. node tests/bench/bench_web.mjs
import { startApp, state } from '../browser/browser_helpers.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.env.MAILSIM_WEB_DIR;
let raw = 0, gz = 0;
for (const name of fs.readdirSync(dir)) {
  const bytes = fs.readFileSync(path.join(dir, name));
  raw += bytes.length;
  gz += zlib.gzipSync(bytes, { level: 6 }).length;
}
console.log(`web transfer: ${(gz / 1048576).toFixed(2)} MiB gzip (${(raw / 1048576).toFixed(2)} MiB raw), goal <= 3 MiB`);

const times = [];
for (let i = 0; i < 3; ++i) {
  const app = await startApp({ query: '#lang=ko' });
  times.push(app.readyMs);
  await app.close();
}
times.sort((a, b) => a - b);
console.log(`first interactive frame after navigation: median ${times[1]} ms (runs ${times.join(', ')}), goal <= 1500 ms`);

const app = await startApp({ query: '#scenario=big-network&bench=200&lang=en' });
try {
  await app.page.waitForFunction(() => window.mailsim.state().bench, null, { timeout: 120000 });
  const b = (await state(app.page)).bench;
  console.log(`ui frame CPU time (browser, ${b.hosts} hosts, ${b.events} events): mean ${b.mean_ms.toFixed(2)} ms, ` +
              `p95 ${b.p95_ms.toFixed(2)} ms over ${b.frames} frames, goal <= 8 ms`);
} finally {
  await app.close();
}
