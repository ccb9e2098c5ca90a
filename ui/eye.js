// The Eye's browser tracker, served by eyed as GET /eye.js (README: "Browser tracker").
// <script defer src="https://eye.example/eye.js" data-key="KEY" data-app="web"></script>
// Sends page views (on load and SPA navigation), clicks on [data-eye-click], submits of
// form[data-eye-form] (field names only unless data-eye-values), and window.eye.track().
// Plain ES2017, no build step: eyed embeds this file as it is (gzip'd at build time).
(function () {
  var script = document.currentScript;
  if (!script || window.eye) return;
  var key = script.getAttribute('data-key') || '';
  // The key decides the app on the server; data-app names the session's storage slot.
  var slot = 'eye:' + (script.getAttribute('data-app') || 'app');
  // A text/plain POST with the key in the URL: no preflight, and sendBeacon can send it too.
  // Relative to the script, so eyed may sit under a prefix behind a proxy.
  var endpoint = new URL('events/?key=' + encodeURIComponent(key), script.src).href;
  var gpc = navigator.globalPrivacyControl === true;
  var dnt = navigator.doNotTrack === '1' || window.doNotTrack === '1';
  var off = script.hasAttribute('data-respect-dnt') && (dnt || gpc);
  var idle = 30 * 60 * 1000;  // a session ends after 30 minutes without an event
  var queue = [];
  var timer = 0;

  // A random (version 4) UUID; crypto.randomUUID exists only in secure contexts.
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // The session id in sessionStorage (per tab), renewed after `idle` without events.
  function session() {
    var now = Date.now(), s;
    try { s = JSON.parse(sessionStorage.getItem(slot)); } catch (e) { s = null; }
    if (!s || !s.id || now - s.at > idle) s = { id: uuid() };
    s.at = now;
    try { sessionStorage.setItem(slot, JSON.stringify(s)); } catch (e) { /* storage off: one id per page */ }
    return s.id;
  }

  function send(events, beacon) {
    var body = JSON.stringify(events);
    if (beacon && navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
    // keepalive lets the request outlive the page; event_id makes a retry exactly-once.
    fetch(endpoint, { method: 'POST', body: body, keepalive: true, credentials: 'omit' }).then(function (r) {
      if (r.status >= 500) retry(events);
      else if (!r.ok) r.text().then(function (t) { console.warn('eye: events refused', r.status, t); });
    }, function () { retry(events); });
  }

  // One retry per event, after a network error or a 5xx (a full queue says 503).
  var retried = new WeakSet();
  function retry(events) {
    events = events.filter(function (e) { return !retried.has(e) && retried.add(e); });
    if (events.length) { queue = events.concat(queue); schedule(); }
  }

  function flush(beacon) {
    clearTimeout(timer);
    timer = 0;
    if (queue.length) send(queue.splice(0, queue.length), beacon);
  }

  function schedule() {
    if (!timer) timer = setTimeout(flush, 1000);
  }

  function track(category, name, data) {
    if (off) return;
    var payload = { host: location.host, path: location.pathname };
    for (var k in data || {}) payload[k] = data[k];
    queue.push({ event_id: uuid(), session_id: session(), category: category, name: name, data: payload,
                 timestamp: new Date().toISOString() });
    if (queue.length >= 20) flush(); else schedule();
  }

  var path = location.pathname;
  function pageview() {
    path = location.pathname;
    track('page interaction', 'pageview', document.referrer ? { referrer: document.referrer } : {});
  }
  function navigated() {
    if (location.pathname !== path) { path = location.pathname; track('page interaction', 'pageview'); }
  }

  var push = history.pushState;
  history.pushState = function () {
    var r = push.apply(this, arguments);
    navigated();
    return r;
  };
  addEventListener('popstate', navigated);

  document.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('[data-eye-click]');
    if (el) track('page interaction', 'cta click', { element: el.getAttribute('data-eye-click') });
  }, true);

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute('data-eye-form')) return;
    var values = form.hasAttribute('data-eye-values'), fields = [], shown = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || fields.indexOf(el.name) >= 0 || /^(password|file|submit|button)$/.test(el.type)) return;
      fields.push(el.name);
      if (values) shown[el.name] = String(el.value).slice(0, 255);
    });
    track('form interaction', 'submit', { form: shown, fields: fields, form_name: form.getAttribute('data-eye-form') });
  }, true);

  // The page may be going away for good: send what is queued now, by beacon.
  addEventListener('pagehide', function () { flush(true); });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') flush(true);
  });

  window.eye = { track: track, flush: flush };
  pageview();
})();
