// tracker_test.sh's browser side: pages on another origin load /eye.js from eyed; see there.
import { api, check, checkEq, failures, launch, waitFor } from './browser.mjs';

const { PAGES, OTHER, READ_KEY } = process.env;
const browser = await launch();
try {
  const page = await browser.newPage();

  // Load, navigate in the page (pushState), click, a custom event, submit (which navigates to
  // done.html, a second page view), then leave the site: pagehide sends what is left.
  await page.goto(`${PAGES}/index.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.eye);
  await page.evaluate(() => history.pushState({}, '', '/pricing'));
  await page.click('#cta span');  // a click inside the tagged element counts
  await page.evaluate(() => window.eye.track('custom', 'opened chat', { topic: 'billing' }));
  await page.type('input[name=first_name]', 'Ada');
  await page.type('input[name=email]', 'ada@example.com');
  await page.type('input[name=secret]', 'hunter2');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#send')]);
  await page.waitForFunction(() => window.eye);
  await page.goto('about:blank');

  const expected = [
    'page interaction/pageview /index.html',
    'page interaction/pageview /pricing',
    'page interaction/cta click /pricing',
    'custom/opened chat /pricing',
    'form interaction/submit /pricing',
    'page interaction/pageview /done.html',
  ];
  const stored = await waitFor('the six events to be stored', 30, async () => {
    const page = await api('/events/?app=web&page_size=100', READ_KEY);
    return page.count >= expected.length && page;
  });
  await browser.close();  // nothing can be in flight any more
  const events = (await api('/events/?app=web&page_size=100', READ_KEY)).results.reverse();  // oldest first

  checkEq('each event stored exactly once, in order, with its type and path', expected,
          events.map((e) => `${e.category}/${e.name} ${e.data.path}`));
  checkEq('every event is the key\'s app', ['web'], [...new Set(events.map((e) => e.app))]);
  const sessions = [...new Set(events.map((e) => e.session_id))];
  checkEq('one session across both pages', 1, sessions.length);
  check('the session id is a UUID', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(sessions[0]), sessions[0]);
  checkEq('each event has its own event_id', events.length, new Set(events.map((e) => e.event_id)).size);
  checkEq('every event names the page\'s host', [new URL(PAGES).host], [...new Set(events.map((e) => e.data.host))]);
  checkEq('the click names the element', 'signup button', events[2].data.element);
  checkEq('the custom event keeps its data', 'billing', events[3].data.topic);
  const submit = events[4].data;
  checkEq('the submit lists field names, never the password', ['first_name', 'email'], submit.fields);
  checkEq('and no values without data-eye-values', {}, submit.form);
  checkEq('the form is named', 'signup', submit.form_name);
  check('no value typed into the form was stored', !/Ada|ada@example|hunter2/.test(JSON.stringify(events)));
  checkEq('no event came after the six', stored.count, events.length);
} finally {
  if (browser.connected) await browser.close();
}

// A page on an origin no app registered: eyed refuses its events and stores none.
{
  const before = (await api('/events/?page_size=1', READ_KEY)).count;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    // The browser hides a refused cross-origin reply from the page (and from puppeteer's
    // response events); the DevTools protocol still shows its status and headers.
    const replies = [];
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    cdp.on('Network.responseReceivedExtraInfo', (e) => replies.push(e));
    const failed = [];
    page.on('requestfailed', (r) => r.method() === 'POST' && failed.push(r.url()));
    await page.goto(`${OTHER}/index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.eye);
    await page.evaluate(() => window.eye.flush());
    const refusal = await waitFor('the refusal of the page view', 30, () => replies.find((e) => e.statusCode === 403));
    const headers = Object.fromEntries(Object.entries(refusal.headers).map(([k, v]) => [k.toLowerCase(), v]));
    check('an unregistered origin is refused with 403', refusal.statusCode === 403);
    check('without Access-Control-Allow-Origin', !headers['access-control-allow-origin']);
    await waitFor('the browser to fail the request', 30, () => failed.length > 0);
    check('so the page cannot read the reply', failed.some((u) => u.includes('/events/')), JSON.stringify(failed));
  } finally {
    await browser.close();
  }
  checkEq('and nothing of it is stored', before, (await api('/events/?page_size=1', READ_KEY)).count);
}

// Sessions, Do-Not-Track and GPC, seen in what the tracker hands the network (replaced here by
// a recorder, so these events go nowhere).
{
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(() => {
      window.sent = [];
      window.batches = [];
      window.failNext = 0;  // how many batches to answer 503 (a full queue)
      window.fetch = (url, init) => {
        window.sent.push(...JSON.parse(init.body));
        window.batches.push(JSON.parse(init.body));
        return Promise.resolve(new Response('{}', { status: window.failNext-- > 0 ? 503 : 200 }));
      };
      navigator.sendBeacon = (url, body) => (window.sent.push(...JSON.parse(body)), true);
    });
    await page.goto(`${PAGES}/index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.eye);
    const sessions = await page.evaluate(() => {
      const slot = 'eye:web';
      const idOf = () => {
        window.eye.track('t', 'n');
        window.eye.flush();
        return window.sent[window.sent.length - 1].session_id;
      };
      const first = idOf();
      const again = idOf();
      const s = JSON.parse(sessionStorage.getItem(slot));
      sessionStorage.setItem(slot, JSON.stringify({ id: s.id, at: Date.now() - 29 * 60 * 1000 }));
      const after29 = idOf();
      sessionStorage.setItem(slot, JSON.stringify({ id: s.id, at: Date.now() - 31 * 60 * 1000 }));
      const after31 = idOf();
      return { first, again, after29, after31 };
    });
    checkEq('the session holds between events', sessions.first, sessions.again);
    checkEq('and after 29 idle minutes', sessions.first, sessions.after29);
    check('a new session after 30 idle minutes', sessions.after31 !== sessions.first && /^[0-9a-f-]{36}$/.test(sessions.after31));
    checkEq('the page view went out first', 'pageview', await page.evaluate(() => window.sent[0].name));

    // Back and forward (popstate) are page views too; a pushState to the same path is not.
    const views = await page.evaluate(async () => {
      window.sent.length = 0;
      history.pushState({}, '', '/a');
      history.pushState({}, '', '/a');
      history.pushState({}, '', '/b');
      const back = new Promise((r) => addEventListener('popstate', r, { once: true }));
      history.back();
      await back;
      window.eye.flush();
      return window.sent.map((e) => `${e.name} ${e.data.path}`);
    });
    checkEq('SPA navigation: pushState and popstate', ['pageview /a', 'pageview /b', 'pageview /a'], views);

    // A 503 is retried once, with the same events as they were (event_id makes it exactly-once).
    const batches = await page.evaluate(async () => {
      window.batches.length = 0;
      window.failNext = 1;
      window.eye.track('t', 'retried');
      window.eye.flush();
      await new Promise((r) => { const t = setInterval(() => window.batches.length >= 2 && (clearInterval(t), r()), 20); });
      return window.batches;
    });
    checkEq('a refused batch is sent again, unchanged', JSON.stringify(batches[0]), JSON.stringify(batches[1]));
    checkEq('and then it is out of the queue', 2, await page.evaluate(() => (window.eye.flush(), window.batches.length)));

    // data-eye-values: values too, but never a password's.
    await page.goto(`${PAGES}/values.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.eye);
    await page.type('input[name=first_name]', 'Ada');
    await page.type('input[name=secret]', 'hunter2');
    const form = await page.evaluate(() => {
      document.querySelector('#signup').addEventListener('submit', (e) => e.preventDefault());
      document.querySelector('#send').click();
      window.eye.flush();
      return window.sent[window.sent.length - 1].data;
    });
    checkEq('with data-eye-values the values go too, passwords never', { first_name: 'Ada', email: '' }, form.form);

    // data-respect-dnt with Global Privacy Control on: nothing at all is sent.
    await page.evaluateOnNewDocument(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
    await page.goto(`${PAGES}/dnt.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.eye);
    const sentWithGpc = await page.evaluate(() => {
      window.eye.track('t', 'n');
      window.eye.flush();
      return window.sent.length;
    });
    checkEq('with data-respect-dnt and GPC nothing is sent', 0, sentWithGpc);
    // The same browser, a page without data-respect-dnt: sent (so the check above can fail).
    await page.goto(`${PAGES}/index.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.eye);
    checkEq('without data-respect-dnt the page view is sent', 1, await page.evaluate(() => (window.eye.flush(), window.sent.length)));
  } finally {
    await browser.close();
  }
}

process.exit(failures ? 1 : 0);
