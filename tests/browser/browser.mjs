// What the browser tests share: puppeteer-core from the build folder's NODE_DIR, Debian's
// chromium, checks printed one a line ("ok: ..." / "FAIL: ...") for the shell side to count,
// and the daemon's API.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(process.env.NODE_DIR + '/');
const puppeteer = (await import(pathToFileURL(require.resolve('puppeteer-core')).href)).default;

export let failures = 0;

export function check(what, ok, detail = '') {
  if (ok) console.log(`ok: ${what}`);
  else {
    failures++;
    console.log(`FAIL: ${what}${detail ? ': ' + detail : ''}`);
  }
}

export function checkEq(what, expected, actual) {
  const e = JSON.stringify(expected), a = JSON.stringify(actual);
  check(what, e === a, `expected ${e}, got ${a}`);
}

export async function launch() {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // --no-sandbox: the tests run as root, where chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

// GET from the daemon's API with a key; the parsed JSON.
export async function api(path, key) {
  const r = await fetch(process.env.BASE + path, { headers: key ? { Authorization: 'Bearer ' + key } : {} });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

// Polls `probe` until it returns a truthy value; throws naming `what` after `seconds`.
export async function waitFor(what, seconds, probe) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
