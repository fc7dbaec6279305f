// The analytics page of byline-searchd (GET /admin/): asks for the admin
// token, reads GET /admin/analytics and draws it. Plain JS, no framework.
// Everything from the server goes in as text (textContent, attributes).
// The token is kept in sessionStorage only when asked ("Keep for this
// tab"), never in localStorage or a cookie.
'use strict';

(() => {
  const TOKEN_KEY = 'byline-admin-token';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  const form = $('token-form');
  const tokenInput = $('token');
  const remember = $('remember');
  const daysSelect = $('days');
  const statusLine = $('status');
  const report = $('report');

  // el() from safe_dom.js:
  // {{include:safe_dom.js}}

  function setStatus(text, kind) {
    statusLine.textContent = text;
    statusLine.className = kind || '';
  }

  // "12" when exact, else "12 ± 3".
  const countText = (entry) => entry.count.toLocaleString() +
      (entry.error ? ' ± ' + entry.error.toLocaleString() : '');

  function fillTable(id, rows) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows.map((cells) => el('tr', {}, ...cells.map(([text, className]) =>
        el('td', {className: className || '', text: String(text)})))));
    if (!rows.length) {
      body.append(el('tr', {}, el('td', {colspan: '4', className: 'empty', text: 'None yet.'})));
    }
  }

  // Queries per day as bars, the zero-result share of each in its own colour.
  function drawChart(days) {
    const width = 600, height = 180, top = 10, bottom = 24;
    const max = Math.max(1, ...days.map((d) => d.queries));
    const slot = width / days.length;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Queries per day, ' + days[0].date + ' to ' + days[days.length - 1].date);
    svg.setAttribute('preserveAspectRatio', 'none');
    const rect = (x, y, w, h, className, title) => {
      const r = document.createElementNS(SVG, 'rect');
      for (const [name, value] of Object.entries({x, y, width: w, height: h})) r.setAttribute(name, String(value));
      r.setAttribute('class', className);
      const t = document.createElementNS(SVG, 'title');
      t.textContent = title;
      r.append(t);
      return r;
    };
    const scale = (n) => (height - top - bottom) * n / max;
    days.forEach((day, i) => {
      const x = i * slot + slot * 0.15, w = slot * 0.7;
      const h = scale(day.queries), hz = scale(day.zero_results);
      const label = day.date + ': ' + day.queries + ' queries, ' + day.zero_results + ' with no results';
      svg.append(rect(x, height - bottom - h, w, h, 'bar', label));
      if (hz > 0) svg.append(rect(x, height - bottom - hz, w, hz, 'zero', label));
      if (days.length <= 14 || i % Math.ceil(days.length / 10) === 0) {
        const text = document.createElementNS(SVG, 'text');
        text.setAttribute('x', String(x + w / 2));
        text.setAttribute('y', String(height - 8));
        text.setAttribute('text-anchor', 'middle');
        text.textContent = day.date.slice(5);
        svg.append(text);
      }
    });
    const legend = el('figcaption', {className: 'legend'},
        el('span', {className: 'swatch bar', 'aria-hidden': 'true'}), 'queries',
        el('span', {className: 'swatch zero', 'aria-hidden': 'true'}), 'with no results');
    $('chart').replaceChildren(svg, legend);
  }

  function show(data) {
    report.hidden = false;
    if (!data.enabled) {
      setStatus('Search analytics are off (byline-searchd --analytics off): nothing is counted.');
    } else {
      setStatus(data.storage === 'memory'
          ? 'Kept in memory only (no --state-dir): counts start again at each restart.' : '');
    }
    const t = data.totals;
    $('summary').textContent = data.from + ' to ' + data.to + ' (UTC): ' +
        t.queries.toLocaleString() + ' queries, ' + t.zero_results.toLocaleString() +
        ' with no results, ' + t.clicks.toLocaleString() + ' clicks on results.';
    drawChart(data.per_day);
    fillTable('per-day', data.per_day.slice().reverse().map((d) =>
        [[d.date], [d.queries, 'num'], [d.zero_results, 'num'], [d.clicks, 'num']]));
    fillTable('top-queries', data.top_queries.map((q) => [[q.query, 'query'], [countText(q), 'num']]));
    fillTable('top-zero', data.top_zero_results.map((q) => [[q.query, 'query'], [countText(q), 'num']]));
    fillTable('positions', data.clicks_by_position.filter((p) => p.clicks > 0).map((p) =>
        [[p.position + (p.and_later ? ' or later' : '')], [p.clicks, 'num'],
         [(p.share * 100).toFixed(1) + ' %', 'num']]));
    fillTable('top-clicked', data.top_clicked.map((c) => [[c.id, 'query'], [countText(c), 'num']]));
  }

  async function load() {
    const token = tokenInput.value.trim();
    if (!token) return;
    if (remember.checked) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    setStatus('Loading…');
    let response;
    try {
      response = await fetch('/admin/analytics?days=' + encodeURIComponent(daysSelect.value) + '&limit=50',
                             {headers: {Authorization: 'Bearer ' + token}, credentials: 'omit', cache: 'no-store'});
    } catch (err) {
      setStatus('The server cannot be reached.', 'error');
      return;
    }
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      // reported below
    }
    if (!response.ok || !body) {
      const message = body && body.error && body.error.message;
      setStatus((message || 'The server answered ' + response.status + '.'), 'error');
      report.hidden = true;
      return;
    }
    show(body);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  daysSelect.addEventListener('change', () => {
    if (tokenInput.value.trim()) load();
  });

  const kept = sessionStorage.getItem(TOKEN_KEY);
  if (kept) {
    tokenInput.value = kept;
    remember.checked = true;
    load();
  } else {
    tokenInput.focus();
  }
})();
