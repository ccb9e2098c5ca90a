// dashboard_test.sh's browser side; see there.
import { api, check, checkEq, failures, launch, waitFor } from './browser.mjs';

const { BASE, WEB_KEY, MOBILE_KEY, READ_KEY, SHOTS } = process.env;
const tz = 'Europe/Berlin';

// On loopback with --no-auth the page asks for no key.
if (process.env.MODE === 'no-auth') {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/ui/`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-loaded=yes]', { timeout: 30000 });
    checkEq('without auth the page loads and asks for no key', false, await page.$eval('#key-dialog', (d) => d.open));
    // Every stored event is from the last two hours, so the last 24 hours hold them all.
    checkEq('and shows the events', (await api('/events/?page_size=1')).count,
            await page.$eval('[data-total=events]', (d) => Number(d.dataset.n)));
  } finally {
    await browser.close();
  }
  process.exit(failures ? 1 : 0);
}

async function post(key, events) {
  const r = await fetch(`${BASE}/events/`, {
    method: 'POST', body: JSON.stringify(events),
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
  });
  if (!r.ok) throw new Error(`POST: ${r.status} ${await r.text()}`);
  return r.json();
}

// Known events over the last 90 minutes: three sessions, three types, two apps; and refused ones.
const now = Date.now();
const at = (minutesAgo) => new Date(now - minutesAgo * 60e3).toISOString();
// With what the built-in schema asks of each type.
const extra = { 'cta click': { element: 'buy' }, submit: { form: {} } };
const ev = (session, category, name, minutesAgo, path) =>
  ({ session_id: session, category, name, timestamp: at(minutesAgo), data: { host: 'shop.example', path, ...extra[name] } });
await post(WEB_KEY, [
  ev('s-1', 'page interaction', 'pageview', 90, '/'), ev('s-1', 'page interaction', 'cta click', 88, '/'),
  ev('s-1', 'form interaction', 'submit', 85, '/signup'), ev('s-2', 'page interaction', 'pageview', 40, '/pricing'),
  ev('s-2', 'page interaction', 'pageview', 39, '/'), ev('s-3', 'page interaction', 'pageview', 5, '/'),
  { session_id: 's-4', category: 'page interaction' },  // refused: no name
  { session_id: 's-4', category: 'page interaction', name: 'pageview', timestamp: '2999-01-01T00:00:00Z' },
]);
await post(MOBILE_KEY, [ev('s-2', 'page interaction', 'pageview', 30, '/app'), ev('s-3', 'page interaction', 'cta click', 4, '/')]);

// A custom range, in the URL as the page writes it: local times of the browser's zone (node
// runs in the same TZ), whole hours around the events.
const local = (d) => new Date(d - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
const from = new Date(now - 2 * 3600e3); from.setMinutes(0, 0, 0);
const to = new Date(now + 3600e3); to.setMinutes(0, 0, 0);
const range = { after: from.toISOString(), before: to.toISOString() };
const url = `${BASE}/ui/?range=custom&from=${local(from)}&to=${local(to)}`;

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.emulateTimezone(tz);
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));

  // Over TCP with auth on the page asks for a key once, and keeps it for the tab.
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#key-dialog[open]');
  check('the page asks for a key', true);
  await page.type('#key', READ_KEY);
  await page.keyboard.press('Enter');
  await page.waitForSelector('body[data-loaded=yes]', { timeout: 30000 });
  checkEq('the key is kept in sessionStorage', READ_KEY, await page.evaluate(() => sessionStorage.getItem('eye:key')));

  const q = (p) => new URLSearchParams(p).toString();
  const byCategory = await api(`/stats/?${q({ ...range, by: 'category', bucket: 'minute', tz })}`, READ_KEY);
  const byType = await api(`/stats/?${q({ ...range, by: 'type', bucket: 'month', tz })}`, READ_KEY);
  const byApp = await api(`/stats/?${q({ ...range, by: 'app', bucket: 'month', tz })}`, READ_KEY);
  const sessions = await api(`/sessions/?${q({ ...range, page_size: 10 })}`, READ_KEY);
  const refused = await api(`/errors/?${q({ ...range, summary: 1 })}`, READ_KEY);

  const totals = await page.$$eval('[data-total]', (dds) => Object.fromEntries(dds.map((d) => [d.dataset.total, Number(d.dataset.n)])));
  checkEq('the totals equal the API\'s', { events: byCategory.total, sessions: sessions.count, refused: refused.count, apps: byApp.series.length }, totals);
  checkEq('which are the known events', { events: 8, sessions: 3, refused: 2, apps: 2 }, totals);

  const shown = await page.$$eval('#series-table table', ([table]) => {
    const keys = [...table.tHead.rows[0].cells].slice(1).map((th) => th.dataset.key);
    return keys.map((key, i) => ({ key, points: [...table.tBodies[0].rows].map((tr) => [tr.dataset.t, Number(tr.cells[i + 1].dataset.n)]) }));
  });
  checkEq('the series points equal the API\'s', byCategory.series.map((s) => ({ key: s.key, points: s.points })), shown);
  check('per minute, in the browser\'s zone', byCategory.bucket === 'minute' && byCategory.series[0].points[0][0].endsWith(':00+01:00') ||
        byCategory.series[0].points[0][0].endsWith(':00+02:00'), byCategory.series[0]?.points[0][0]);
  checkEq('one line per category on the chart', byCategory.series.length, await page.$$eval('#chart polyline', (l) => l.length));

  const topTypes = await page.$$eval('#top-types tbody tr', (rows) => rows.map((r) => [r.dataset.key, Number(r.cells[1].dataset.n)]));
  checkEq('the top types equal the API\'s', byType.series.slice(0, 10).map((s) => [s.key, s.total]), topTypes);
  const topApps = await page.$$eval('#top-apps tbody tr', (rows) => rows.map((r) => [r.dataset.key, Number(r.cells[1].dataset.n)]));
  checkEq('the top apps equal the API\'s', byApp.series.map((s) => [s.key, s.total]), topApps);
  const codes = await page.$$eval('#refused-codes tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.key, Number(r.cells[1].dataset.n)])));
  checkEq('refused events by code equal the API\'s', refused.by_code, codes);
  checkEq('the latest refused are listed', 2, await page.$$eval('#refused-latest tbody tr', (r) => r.length));

  // The live feed: an event posted after load appears; paused, it waits; resumed, it shows.
  await page.waitForSelector('body[data-live=on]', { timeout: 30000 });
  const first = await post(WEB_KEY, [ev('s-5', 'page interaction', 'pageview', 0, '/live')]);
  await page.waitForSelector(`#live tr[data-id="${first.ids[0]}"]`, { timeout: 30000 });
  check('the live feed shows an event posted after load', true);
  await page.click('#pause');
  const held = await post(WEB_KEY, [ev('s-5', 'page interaction', 'cta click', 0, '/live')]);
  await page.waitForFunction(() => document.querySelector('#live-state').textContent === 'paused: 1 new', { timeout: 30000 });
  checkEq('paused, the feed holds it back', 0, await page.$$eval(`#live tr[data-id="${held.ids[0]}"]`, (r) => r.length));
  await page.click('#pause');
  checkEq('resumed, it shows', 1, await page.$$eval(`#live tr[data-id="${held.ids[0]}"]`, (r) => r.length));

  // A session's timeline from the search box.
  await page.type('#session-id', 's-2');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#timeline table');
  const timeline = await api('/sessions/s-2/', READ_KEY);
  checkEq('the session search opens its timeline', timeline.events.map((e) => e.data.path),
          await page.$$eval('#timeline tbody tr', (rows) => rows.map((r) => r.cells[2].textContent)));

  // The view is in the URL: a filter survives a reload, and the key is not asked again.
  await page.$eval('#app', (i) => (i.value = 'mobile'));
  await page.$eval('#filters', (f) => f.requestSubmit());
  await page.waitForSelector('body[data-loaded=yes]');
  check('the filter is in the URL', page.url().includes('app=mobile'), page.url());
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('body[data-loaded=yes]', { timeout: 30000 });
  checkEq('after a reload, the app filter holds', 2, await page.$eval('[data-total=events]', (d) => Number(d.dataset.n)));
  checkEq('the key was not asked again', false, await page.$eval('#key-dialog', (d) => d.open));
  checkEq('no script error', [], problems);

  // Screenshots of the unfiltered view, for a person to look at.
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-loaded=yes]');
  await page.screenshot({ path: `${SHOTS}/dashboard-1280.png`, fullPage: true });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  checkEq('dark mode follows the system', 'rgb(17, 20, 24)', await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor));
  await page.screenshot({ path: `${SHOTS}/dashboard-1280-dark.png`, fullPage: true });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.setViewport({ width: 375, height: 800, isMobile: true });
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('body[data-loaded=yes]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  checkEq('at 375 px nothing is wider than the screen', 0, Math.max(0, overflow));
  await page.screenshot({ path: `${SHOTS}/dashboard-375.png`, fullPage: true });
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
