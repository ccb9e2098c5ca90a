// The dashboard: reads eyed's API (/stats/, /sessions/, /errors/, /events/stream) with a key
// of read scope kept in sessionStorage, and shows a range of it. The range and filters live
// in the URL so that a view can be shared; times show in the browser's zone (the API's tz).
'use strict';
(function () {
  const $ = (s) => document.querySelector(s);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const spans = { '1h': 3600e3, '24h': 864e5, '7d': 7 * 864e5, '30d': 30 * 864e5 };
  let key = sessionStorage.getItem('eye:key') || '';
  let askingKey = null;

  // --- the API ---------------------------------------------------------------------------

  function headers() {
    // A header, never the URL: a read key in a URL would end up in logs (eyed refuses it there).
    return key ? { Authorization: 'Bearer ' + key } : {};
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const k in params) if (params[k] !== '' && params[k] !== undefined && params[k] !== null) q.set(k, params[k]);
    return q.toString();
  }

  // GET path?params as JSON; asks for a key (and retries) when the daemon wants one. Paths are
  // relative to the page (/ui/), so eyed may sit under a prefix behind a proxy.
  async function api(path, params) {
    for (;;) {
      const r = await fetch(path + '?' + query(params || {}), { headers: headers() });
      if (r.ok) return r.json();
      const body = await r.json().catch(() => ({}));
      const code = body.error ? body.error.code : String(r.status);
      if (r.status === 401 || code === 'forbidden_scope') {
        await askKey(body.error ? body.error.message : 'a key is needed');
        continue;
      }
      throw new Error(`${path}: ${code}${body.error ? ': ' + body.error.message : ''}`);
    }
  }

  // One dialog for every request that needs the key; they all wait for it.
  function askKey(problem) {
    if (!askingKey) {
      askingKey = new Promise((resolve) => {
        const dialog = $('#key-dialog');
        $('#key-problem').textContent = key ? problem : '';
        $('#key').value = '';
        dialog.showModal();
        $('#key-form').addEventListener('submit', function done() {
          key = $('#key').value.trim();
          sessionStorage.setItem('eye:key', key);
          askingKey = null;
          resolve();
        }, { once: true });
      });
    }
    return askingKey;
  }

  // --- the range and filters, in the URL -------------------------------------------------

  function readState() {
    const q = new URLSearchParams(location.search);
    const range = q.get('range') || '24h';
    return { range: range in spans || range === 'custom' ? range : '24h', from: q.get('from') || '',
             to: q.get('to') || '', app: q.get('app') || '', category: q.get('category') || '' };
  }

  function showState(s) {
    const form = $('#filters');
    for (const k of ['range', 'from', 'to', 'app', 'category']) form.elements[k].value = s[k];
    document.querySelectorAll('.custom').forEach((e) => (e.hidden = s.range !== 'custom'));
  }

  // The bounds as UTC ISO times; a custom range's fields are local times.
  function bounds(s) {
    if (s.range === 'custom' && s.from && s.to) return { after: new Date(s.from), before: new Date(s.to) };
    const before = new Date();
    return { after: new Date(before - spans[s.range in spans ? s.range : '24h']), before };
  }

  // About 30 to 200 points whatever the range.
  function bucketFor(ms) {
    if (ms <= 3 * 3600e3) return 'minute';
    if (ms <= 3 * 864e5) return 'hour';
    if (ms <= 120 * 864e5) return 'day';
    if (ms <= 730 * 864e5) return 'week';
    return 'month';
  }

  // --- rendering -------------------------------------------------------------------------

  function cell(row, text, cls) {
    const td = row.insertCell();
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function when(iso, bucket) {
    const d = new Date(iso);
    if (bucket === 'month') return d.toLocaleDateString([], { month: 'short', year: 'numeric' });
    if (bucket === 'day' || bucket === 'week') return d.toLocaleDateString([], { day: 'numeric', month: 'short' });
    return d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  }

  function fullTime(iso) {
    return new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });
  }

  function bars(table, rows) {
    const body = table.tBodies[0];
    body.textContent = '';
    const max = Math.max(1, ...rows.map((r) => r[1]));
    for (const [name, n] of rows) {
      const tr = body.insertRow();
      const label = cell(tr, name, 'bar');
      const bar = document.createElement('i');
      bar.style.width = `${(100 * n) / max}%`;
      label.prepend(bar);
      cell(tr, n.toLocaleString(), 'n').dataset.n = n;
      tr.dataset.key = name;
    }
    if (!rows.length) cell(body.insertRow(), 'none').colSpan = 2;
  }

  function seriesTable(stats) {
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    head.appendChild(document.createElement('th')).textContent = `Bucket (${tz})`;
    for (const s of stats.series) {
      const th = head.appendChild(document.createElement('th'));
      th.textContent = s.key === null ? 'all' : s.key;
      th.dataset.key = s.key === null ? '' : s.key;
      th.className = 'n';
    }
    const body = table.createTBody();
    const buckets = stats.series.length ? stats.series[0].points.map((p) => p[0]) : [];
    buckets.forEach((t, i) => {
      const tr = body.insertRow();
      tr.dataset.t = t;
      cell(tr, when(t, stats.bucket));
      for (const s of stats.series) cell(tr, String(s.points[i][1]), 'n').dataset.n = s.points[i][1];
    });
    $('#series-table').replaceChildren(table);
  }

  function chart(stats) {
    const draw = () => window.eyeChart.render($('#chart'), stats.series, (t) => when(t, stats.bucket));
    draw();
    window.onresize = draw;
    const legend = $('#legend');
    legend.textContent = '';
    stats.series.forEach((s, n) => {
      const li = legend.appendChild(document.createElement('li'));
      const swatch = li.appendChild(document.createElement('span'));
      swatch.style.background = window.eyeChart.color(n);
      li.append(`${s.key === null ? 'all events' : s.key} (${s.total.toLocaleString()})`);
    });
    seriesTable(stats);
  }

  function datalist(id, keys) {
    $(id).replaceChildren(...keys.map((k) => Object.assign(document.createElement('option'), { value: k })));
  }

  // --- loading a view --------------------------------------------------------------------

  async function load() {
    const s = readState();
    showState(s);
    const { after, before } = bounds(s);
    const bucket = bucketFor(before - after);
    const range = { after: after.toISOString(), before: before.toISOString() };
    const filters = { app: s.app, category: s.category };
    $('#range-label').textContent = `${fullTime(range.after)} – ${fullTime(range.before)} (${tz})`;
    $('#bucket-label').textContent = `per ${bucket}`;
    $('#status').textContent = '';
    document.body.dataset.loaded = '';
    try {
      // Top lists need only totals: monthly buckets keep them to a few points.
      const [byCategory, byType, byApp, sessions, refused, latest] = await Promise.all([
        api('../stats/', { ...range, ...filters, by: 'category', bucket, tz }),
        api('../stats/', { ...range, ...filters, by: 'type', bucket: 'month', tz }),
        api('../stats/', { ...range, ...filters, by: 'app', bucket: 'month', tz }),
        api('../sessions/', { ...range, ...filters, page_size: 10 }),
        api('../errors/', { ...range, ...filters, summary: 1 }),
        api('../errors/', { ...range, ...filters, page_size: 5 }),
      ]);
      const total = (name, n) => {
        const dd = document.querySelector(`[data-total=${name}]`);
        dd.textContent = n.toLocaleString();
        dd.dataset.n = n;
      };
      total('events', byCategory.total);
      total('sessions', sessions.count);
      total('refused', refused.count);
      total('apps', byApp.series.filter((x) => x.total > 0).length);
      chart(byCategory);
      bars($('#top-types'), byType.series.slice(0, 10).map((x) => [x.key, x.total]));
      bars($('#top-apps'), byApp.series.slice(0, 10).map((x) => [x.key, x.total]));
      bars($('#refused-codes'), Object.entries(refused.by_code).sort((a, b) => b[1] - a[1]));
      const body = $('#refused-latest').tBodies[0];
      body.textContent = '';
      for (const e of latest.results) {
        const tr = body.insertRow();
        [fullTime(e.received_at), e.code, e.app, e.message].forEach((t) => cell(tr, t));
      }
      recentSessions(sessions.results);
      if (!s.app) datalist('#apps', byApp.series.map((x) => x.key));
      if (!s.category) datalist('#categories', byCategory.series.map((x) => x.key));
      document.body.dataset.loaded = 'yes';
    } catch (e) {
      $('#status').textContent = e.message;
    }
    follow(s);
  }

  // --- sessions --------------------------------------------------------------------------

  function recentSessions(results) {
    const body = $('#recent-sessions').tBodies[0];
    body.textContent = '';
    for (const x of results) {
      const tr = body.insertRow();
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = x.session_id;
      open.onclick = () => timeline(x.session_id);
      tr.insertCell().append(open);
      cell(tr, fullTime(x.last_seen));
      cell(tr, String(x.events), 'n');
      cell(tr, x.apps.join(', '));
    }
  }

  async function timeline(id) {
    $('#session-id').value = id;
    const box = $('#timeline');
    box.textContent = 'Loading…';
    try {
      const t = await api(`../sessions/${encodeURIComponent(id)}/`, { page_size: 1000 });
      const h = document.createElement('h3');
      h.textContent = `${id}: ${t.summary.events} events over ${Math.round(t.summary.duration_s)} s, ` +
        `${t.summary.entry || '?'} → ${t.summary.exit || '?'}`;
      const table = document.createElement('table');
      table.createTHead().insertRow().append(...['Time', 'Type', 'Path', 'App'].map((x) => {
        const th = document.createElement('th');
        th.textContent = x;
        return th;
      }));
      const body = table.createTBody();
      for (const e of t.events) {
        const tr = body.insertRow();
        [fullTime(e.timestamp), `${e.category}/${e.name}`, (e.data && e.data.path) || '', e.app].forEach((x) => cell(tr, x));
      }
      const scroll = document.createElement('div');
      scroll.className = 'scroll';
      scroll.append(table);
      box.replaceChildren(h, scroll);
    } catch (e) {
      box.textContent = e.message.includes('not_found') ? `No session ${id}.` : e.message;
    }
  }

  // --- the live feed ---------------------------------------------------------------------

  // EventSource cannot send a header, so the stream is read with fetch, which can, and parsed
  // here; a broken stream is resumed with Last-Event-ID, as EventSource would.
  let stream = null, lastId = null, paused = false, held = [];

  function follow(s) {
    if (stream) stream.abort();
    stream = new AbortController();
    lastId = null;
    read(s, stream.signal);
  }

  async function read(s, signal) {
    const state = $('#live-state');
    while (!signal.aborted) {
      try {
        const h = { ...headers(), Accept: 'text/event-stream' };
        if (lastId !== null) h['Last-Event-ID'] = lastId;
        const r = await fetch('../events/stream?' + query({ app: s.app, category: s.category }), { headers: h, signal });
        if (!r.ok) throw new Error(`the live feed: ${r.status}`);
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let text = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
          let end;
          while ((end = text.indexOf('\n\n')) >= 0) {
            frame(text.slice(0, end));
            text = text.slice(end + 2);
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        state.textContent = e.message;
      }
      document.body.dataset.live = '';
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function frame(block) {
    let data = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) lastId = line.slice(4);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    document.body.dataset.live = 'on';  // the first frame says the feed is following
    if (!data) return;
    const e = JSON.parse(data);
    if (e.dropped !== undefined) return;
    if (paused) {
      held.push(e);
      $('#live-state').textContent = `paused: ${held.length} new`;
    } else {
      show(e);
    }
  }

  function show(e) {
    const body = $('#live').tBodies[0];
    const tr = body.insertRow(0);
    tr.dataset.id = e.id;
    [fullTime(e.timestamp), `${e.category}/${e.name}`, e.app, e.session_id].forEach((x) => cell(tr, x));
    while (body.rows.length > 50) body.deleteRow(-1);
  }

  $('#pause').onclick = () => {
    paused = !paused;
    $('#pause').textContent = paused ? 'Resume' : 'Pause';
    $('#pause').setAttribute('aria-pressed', String(paused));
    if (!paused) {
      held.forEach(show);
      held = [];
    }
    $('#live-state').textContent = paused ? 'paused' : '';
  };

  // --- wiring ----------------------------------------------------------------------------

  $('#filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const s = { range: form.range.value, from: form.from.value, to: form.to.value, app: form.app.value.trim(),
                category: form.category.value.trim() };
    if (s.range !== 'custom') s.from = s.to = '';
    history.pushState(null, '', '?' + query(s));
    load();
  });
  $('#range').addEventListener('change', (ev) => {
    document.querySelectorAll('.custom').forEach((e) => (e.hidden = ev.target.value !== 'custom'));
    if (ev.target.value !== 'custom') $('#filters').requestSubmit();
  });
  $('#session-search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    timeline($('#session-id').value.trim());
  });
  // Nothing can be shown without a key: Escape does not close the question.
  $('#key-dialog').addEventListener('cancel', (e) => e.preventDefault());
  addEventListener('popstate', load);
  load();
})();
