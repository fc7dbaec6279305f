// Byline's embeddable search box. On any site:
//
//   <input id="search" type="search" aria-label="Search">
//   <script src="https://search.example.org/widget.js"
//           data-byline="https://search.example.org" data-input="#search" defer></script>
//
// turns the input into a search box with a dropdown of suggestions and top
// results from byline-searchd, fetched across origins (the site's origin must
// be in searchd's --cors-origin list). Optional: data-results-page (where
// Enter goes, default the searchd page), data-results (how many top results,
// default 3). A result with no web url of its own opens in the article view
// of the searchd page (/?article=ID). An input with no placeholder gets
// searchd's --placeholder. data-related-id="ID" on the script (or on any
// element of the page) lists up to 5 articles related to article ID, as
// links styled like the dropdown's results: right after the script (or
// inside that element), in the page's flow.
//
// Safety rule as on the page: only the server's title_html (escaped, with
// <mark>) is inserted as HTML, and only its text and <mark> elements are kept.
'use strict';

(() => {
  const script = document.currentScript;
  if (!script) return;
  const base = (script.dataset.byline || new URL(script.src).origin).replace(/\/+$/, '');
  const selector = script.dataset.input || 'input[type=search]';
  const resultsPage = script.dataset.resultsPage || base + '/';
  const topResults = Math.max(0, Math.min(10, parseInt(script.dataset.results || '3', 10) || 0));
  const DELAY_MS = 150;
  // Filled in by byline-searchd from its options when it serves this file.
  const SITE = {{site:widget_config}};
  let widgets = 0;

  // A stylesheet link, not a <style>: sites with a strict CSP allow it by origin.
  if (!document.querySelector('link[data-byline-widget]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = base + '/widget.css';
    link.setAttribute('data-byline-widget', '');
    document.head.append(link);
  }

  // el(), keepOnlyMarks(), safeUrl(), from safe_dom.js:
  // {{include:safe_dom.js}}


  async function getJson(path, params, signal) {
    const response = await fetch(base + path + '?' + params.toString(),
                                 {signal, credentials: 'omit', mode: 'cors'});
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return response.json();
  }

  // Tells searchd which top result was picked (GET /admin/analytics counts
  // clicks by position): a text/plain beacon, which needs no CORS preflight
  // and carries no cookies; nothing waits for it.
  function sendClick(q, id, position) {
    if (!navigator.sendBeacon) return;
    const body = JSON.stringify({query: q.trim(), id: String(id), position});
    try {
      navigator.sendBeacon(base + '/events/click', new Blob([body], {type: 'text/plain'}));
    } catch (err) {
      // Analytics are a convenience: the result opens all the same.
    }
  }

  // Where a hit leads: its own page, else the searchd page's article view
  // (app.js's urlFromState writes the same URL).
  const hitTarget = (hit) => safeUrl(hit.url, base + '/') || base + '/?article=' + encodeURIComponent(hit.id);
  const hitMeta = (hit) => [hit.source, hit.published && hit.published.slice(0, 10)].filter(Boolean).join(' · ');

  async function showRelated(host) {
    if (host.hasAttribute('data-byline-attached')) return;
    host.setAttribute('data-byline-attached', '');
    const id = host.getAttribute('data-related-id');
    let hits = [];
    try {
      hits = (await getJson('/articles/' + encodeURIComponent(id) + '/related',
                            new URLSearchParams({limit: '5', snippets: 'false'}))).hits || [];
    } catch (err) {
      return;  // nothing to show
    }
    if (!hits.length) return;
    const list = el('ul', {});
    for (const hit of hits) {
      const meta = hitMeta(hit);
      list.append(el('li', {}, el('a', {href: hitTarget(hit), className: 'byline-hit'},
          el('span', {className: 'byline-title', text: hit.title || hit.id}),
          meta ? el('span', {className: 'byline-meta', text: meta}) : null)));
    }
    const box = el('nav', {className: 'byline-widget byline-related', 'aria-label': 'Related articles'},
        el('div', {className: 'byline-heading', text: 'Related'}), list);
    if (host === script) script.after(box);
    else host.replaceChildren(box);
  }

  function attach(input) {
    if (input.hasAttribute('data-byline-attached')) return;
    input.setAttribute('data-byline-attached', '');
    const id = 'byline-widget-' + ++widgets;
    const panel = el('div', {id, className: 'byline-widget', role: 'listbox',
                             'aria-label': 'Search suggestions'});
    panel.hidden = true;
    document.body.append(panel);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    input.setAttribute('autocomplete', 'off');
    if (!input.hasAttribute('placeholder') && SITE.placeholder) input.placeholder = SITE.placeholder;

    let options = [];  // [{element, action}]
    let active = -1;
    let timer = 0;
    let controller = null;

    // An overlay: positioned on the page, it moves none of the host's content.
    // It stays inside what is on screen (the visual viewport: a phone's,
    // panned or zoomed, may show less than the page's width).
    function place() {
      const box = input.getBoundingClientRect();
      const view = window.visualViewport ||
          {offsetLeft: 0, offsetTop: 0, width: document.documentElement.clientWidth,
           height: window.innerHeight};
      const room = view.width - 16;
      panel.style.maxWidth = Math.min(576, room) + 'px';
      panel.style.minWidth = Math.min(Math.max(box.width, 280), room) + 'px';
      // Some of the page stays in view below it, to tap on to close it.
      panel.style.maxHeight = Math.max(120, Math.min(view.height * 0.6,
          view.offsetTop + view.height - box.bottom - 12)) + 'px';
      panel.style.left = view.offsetLeft + window.scrollX + 'px';  // measured unsqueezed
      const right = view.offsetLeft + view.width - 8;
      const left = Math.max(view.offsetLeft + 8, Math.min(box.left, right - panel.offsetWidth));
      panel.style.left = left + window.scrollX + 'px';
      panel.style.top = box.bottom + window.scrollY + 4 + 'px';
    }

    function close() {
      panel.hidden = true;
      panel.replaceChildren();
      options = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function setActive(index) {
      options.forEach((option, i) => option.element.setAttribute('aria-selected', String(i === index)));
      active = index;
      if (index >= 0) input.setAttribute('aria-activedescendant', options[index].element.id);
      else input.removeAttribute('aria-activedescendant');
    }

    function goToResults(q) {
      const url = new URL(resultsPage, location.href);
      url.searchParams.set('q', q);
      location.assign(url.href);
    }

    function addOption(content, className, action) {
      const element = el('div', {id: id + '-option-' + options.length, role: 'option',
                                 'aria-selected': 'false', className}, ...content);
      element.addEventListener('mousedown', (event) => {
        event.preventDefault();
        action();
      });
      options.push({element, action});
      return element;
    }

    function show(q, searchedFor, suggest, search) {
      panel.replaceChildren();
      options = [];
      active = -1;
      const completions = (suggest && suggest.completions) || [];
      if (completions.length) {
        const group = el('div', {role: 'group', 'aria-label': 'Suggestions', className: 'byline-group'},
            el('div', {className: 'byline-heading', 'aria-hidden': 'true', text: 'Suggestions'}));
        for (const completion of completions) {
          group.append(addOption([el('span', {text: completion.text})], 'byline-completion',
                                 () => goToResults(completion.text)));
        }
        panel.append(group);
      }
      const hits = (search && search.hits) || [];
      if (hits.length) {
        const group = el('div', {role: 'group', 'aria-label': 'Top results', className: 'byline-group'},
            el('div', {className: 'byline-heading', 'aria-hidden': 'true', text: 'Top results'}));
        hits.forEach((hit, i) => {
          const title = el('span', {className: 'byline-title'});
          title.append(hit.title_html ? keepOnlyMarks(hit.title_html) : hit.title || hit.id);
          const meta = hitMeta(hit);
          const target = hitTarget(hit);
          group.append(addOption([title, meta ? el('span', {className: 'byline-meta', text: meta}) : null],
                                 'byline-hit', () => {
                                   sendClick(q, hit.id, i + 1);
                                   location.assign(target);
                                 }));
        });
        panel.append(group);
      }
      if (search && search.total > hits.length) {
        // The same query the top results came from, so the counts agree.
        // Not exact: more matched than searchd counts (a lower bound: "1,000+").
        const count = search.total.toLocaleString() + (search.total_exact === false ? '+' : '');
        panel.append(addOption([el('span', {text: 'All ' + count + ' results for “' + q + '”'})],
                               'byline-all', () => goToResults(searchedFor)));
      }
      if (!options.length) {
        close();
        return;
      }
      panel.hidden = false;
      place();
      input.setAttribute('aria-expanded', 'true');
    }

    input.addEventListener('input', () => {
      clearTimeout(timer);
      const q = input.value;
      if (!q.trim()) {
        close();
        return;
      }
      timer = setTimeout(async () => {
        if (controller) controller.abort();
        const mine = new AbortController();
        controller = mine;
        const suggest = getJson('/suggest', new URLSearchParams({q, completions: '4', titles: '0'}),
                                mine.signal).catch(() => null);
        // The last word is still being typed: match it as a prefix. Not a
        // search a person made yet: analytics skip it (byline_analytics=false);
        // Enter or "All results" opens the page, which counts it.
        const asTyped = /[\p{L}\p{N}]$/u.test(q) ? q + '*' : q;
        const search = topResults === 0 ? Promise.resolve(null) : getJson('/search',
            // One result per story: wire copies fold into the best-ranked one.
            new URLSearchParams({q: asTyped, per_page: String(topResults), spelling: 'false',
                                 dedupe: 'near', byline_analytics: 'false'}),
            mine.signal).catch(() => null);
        const [s, r] = await Promise.all([suggest, search]);
        if (mine === controller && input.value === q) show(q, asTyped, s, r);
      }, DELAY_MS);
    });

    input.addEventListener('keydown', (event) => {
      const open = !panel.hidden && options.length > 0;
      if (event.key === 'ArrowDown' && open) {
        event.preventDefault();
        setActive(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === 'ArrowUp' && open) {
        event.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === 'Enter') {
        if (open && active >= 0) {
          event.preventDefault();
          options[active].action();
        } else if (!input.form && input.value.trim()) {
          event.preventDefault();
          goToResults(input.value.trim());
        }
      } else if (event.key === 'Escape' && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 0));
    // A tap outside closes it too (a tap on a touch screen may leave the focus).
    document.addEventListener('pointerdown', (event) => {
      if (!panel.hidden && !panel.contains(event.target) && event.target !== input) close();
    });
    const replace = () => {
      if (!panel.hidden) place();
    };
    window.addEventListener('resize', replace);
    if (window.visualViewport) window.visualViewport.addEventListener('resize', replace);
  }

  function start() {
    document.querySelectorAll(selector).forEach(attach);
    document.querySelectorAll('[data-related-id]').forEach(showRelated);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
