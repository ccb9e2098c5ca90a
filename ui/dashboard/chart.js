// A small SVG line chart for the dashboard: one line per series over shared time buckets,
// a zero-based y axis, a few time labels. Smaller than a charting library and enough here.
'use strict';
window.eyeChart = (function () {
  const NS = 'http://www.w3.org/2000/svg';

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // A round step for about `ticks` labels up to `max`: 1, 2 or 5 times a power of ten.
  function step(max, ticks) {
    const raw = Math.max(max, 1) / ticks, p = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  }

  // series: [{key, points: [[iso, n], ...]}] sharing buckets; label(iso) names a bucket.
  function render(box, series, label) {
    box.textContent = '';
    const width = Math.max(box.clientWidth, 280), height = Math.max(box.clientHeight, 160);
    const left = 44, right = 10, top = 10, bottom = 24;
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none' }, box);
    const buckets = series.length ? series[0].points.map((p) => p[0]) : [];
    const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
    const dy = step(max, 4), top_value = Math.ceil(max / dy) * dy;
    const x = (i) => left + (buckets.length > 1 ? (i * (width - left - right)) / (buckets.length - 1) : (width - left - right) / 2);
    const y = (v) => top + (height - top - bottom) * (1 - v / top_value);
    for (let v = 0; v <= top_value; v += dy) {
      el('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'axis' }, svg);
      el('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, svg).textContent = v.toLocaleString();
    }
    const labels = Math.min(buckets.length, Math.max(2, Math.floor((width - left) / 150)));
    for (let k = 0; k < labels; k++) {
      const i = labels > 1 ? Math.round((k * (buckets.length - 1)) / (labels - 1)) : 0;
      const anchor = k === 0 ? 'start' : k === labels - 1 ? 'end' : 'middle';
      el('text', { x: x(i), y: height - 6, 'text-anchor': anchor }, svg).textContent = label(buckets[i]);
    }
    series.forEach((s, n) => {
      const line = el('polyline', { points: s.points.map((p, i) => `${x(i).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ') }, svg);
      line.style.stroke = color(n);
      el('title', {}, line).textContent = s.key === null ? 'all events' : s.key;
    });
  }

  function color(n) {
    return `var(--c${n % 8})`;
  }

  return { render, color };
})();
