// The search page of byline-searchd. Plain JS, no framework, no build step.
//
// Safety rule: the only HTML inserted is the server's title_html and
// snippet_html (escaped, with <mark> around matches), and even those pass
// through keepOnlyMarks(). Everything else goes in via textContent or
// attributes.
'use strict';

(() => {
  const PER_PAGE = 10;
  const MAX_RESULTS = 1000;  // searchd refuses page * per_page beyond this
  // The built-in facets, then the index's declared keyword fields (GET
  // /fields, read at start), each a filter and a facet like tag.
  const FACET_FIELDS = ['source', 'tag', 'year'];
  const FACET_TITLES = {source: 'Source', tag: 'Tag', year: 'Year'};
  const fieldTitle = (name) => name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');
  const SUGGEST_DELAY_MS = 120;

  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const input = $('q');
  const list = $('suggestions');
  const statusLine = $('status');
  const didYouMean = $('did-you-mean');
  const didYouMeanLink = $('did-you-mean-link');
  const correctedLine = $('corrected');
  const correctedLink = $('corrected-link');
  const asTypedLink = $('as-typed-link');
  const sortBox = $('sort-box');
  const sortSelect = $('sort');
  const facetsBox = $('facets');
  const filtersButton = $('filters-button');
  const resultsBox = $('results');
  const hitsList = $('hits');
  const pagesNav = $('pages');
  const timeline = $('timeline');
  const searchBar = document.querySelector('main > .bar');
  const layout = document.querySelector('main > .layout');
  const articleView = $('article-view');
  let articleBack = $('article-back');
  const articleStatus = $('article-status');
  const articleTitle = $('article-title');
  const articleMeta = $('article-meta');
  const articleTags = $('article-tags');
  const articleBody = $('article-body');
  const articleOriginal = $('article-original');
  const articleUrl = $('article-url');
  const related = $('article-related');
  // The site's title, as byline-searchd served it (--page-title).
  const SITE_TITLE = document.title;

  // ---- State <-> URL ------------------------------------------------------

  function emptyState() {
    // autocorrect: when the query matches nothing, show what its spelling
    // correction matches ("Search instead for" turns it off).
    // article: the id of the article shown in the page instead of results.
    // from/to: a published range picked on the timeline (ISO dates).
    const state = {q: '', page: 1, sort: 'relevance', autocorrect: true, article: '', from: '', to: ''};
    for (const field of FACET_FIELDS) state[field] = [];
    return state;
  }

  function stateFromUrl(search) {
    const params = new URLSearchParams(search);
    const state = emptyState();
    state.q = (params.get('q') || '').trim();
    const page = parseInt(params.get('page') || '1', 10);
    state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_RESULTS / PER_PAGE) : 1;
    const sort = params.get('sort');
    if (sort === 'date' || sort === '-date') state.sort = sort;
    state.autocorrect = params.get('autocorrect') !== 'false';
    state.article = params.get('article') || '';
    for (const field of FACET_FIELDS) state[field] = params.getAll(field).filter(Boolean);
    // from/to hold one range, so one year at a time.
    state.year = state.year.filter((y) => /^\d{4}$/.test(y)).slice(0, 1);
    for (const end of ['from', 'to']) {
      const value = params.get(end) || '';
      if (/^\d{4}(-\d\d){0,2}$/.test(value)) state[end] = value;
    }
    if (state.from || state.to) state.year = [];
    return state;
  }

  function urlFromState(state) {
    const params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    for (const field of FACET_FIELDS) for (const value of state[field]) params.append(field, value);
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    if (state.sort !== 'relevance') params.set('sort', state.sort);
    if (state.page > 1) params.set('page', String(state.page));
    if (!state.autocorrect) params.set('autocorrect', 'false');
    if (state.article) params.set('article', state.article);
    const query = params.toString();
    return query ? '/?' + query : '/';
  }

  // The /search parameters for a state; `without` leaves one facet's filter
  // out (for its own counts, so its other values stay selectable).
  function searchParams(state, without) {
    const params = new URLSearchParams({q: state.q});
    if (state.autocorrect) params.set('autocorrect', 'true');
    for (const field of FACET_FIELDS) {
      if (field === without || field === 'year') continue;
      for (const value of state[field]) params.append(field, value);
    }
    if (without !== 'year' && state.year.length) {
      params.set('from', state.year[0]);
      params.set('to', state.year[0]);
    }
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    return params;
  }

  let current = emptyState();
  // Search analytics (docs/privacy.md) count a query once, when a person
  // searches for it: on arrival with ?q=, and when the query changes. A
  // filter, sort, page or Back to the same query is not a new search, and
  // the facet-count searches are never one: those send byline_analytics=false.
  let countNextSearch = true;

  // Moves to a new state: a history entry, then the search.
  function navigate(state) {
    if (state.q !== current.q) countNextSearch = true;
    current = state;
    const url = urlFromState(state);
    if (url !== location.pathname + location.search) history.pushState(null, '', url);
    render();
  }

  window.addEventListener('popstate', () => {
    current = stateFromUrl(location.search);
    render();
  });

  // ---- Talking to searchd -------------------------------------------------

  async function getJson(path, params, signal) {
    let response;
    try {
      response = await fetch(path + '?' + params.toString(), {signal, credentials: 'omit'});
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new Error('The search server cannot be reached.');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      // fall through: reported below
    }
    if (!response.ok) {
      const message = body && body.error && body.error.message;
      throw new Error(message || 'The search server answered ' + response.status + '.');
    }
    if (body === null) throw new Error('The search server sent an answer that is not JSON.');
    return body;
  }

  // ---- Safe rendering -----------------------------------------------------

  // el(), keepOnlyMarks(), safeUrl(), from safe_dom.js:
  // {{include:safe_dom.js}}


  const dateFormat = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeZone: 'UTC'});

  const monthFormat = new Intl.DateTimeFormat(undefined, {year: 'numeric', month: 'long', timeZone: 'UTC'});

  function formatDate(published) {
    // A year or a month alone (the source said no more) is shown as such.
    if (/^\d{4}$/.test(published)) return published;
    if (/^\d{4}-\d{2}$/.test(published)) {
      return monthFormat.format(new Date(published + '-01T00:00:00Z'));
    }
    const date = new Date(published.length === 10 ? published + 'T00:00:00Z' : published + 'Z');
    if (Number.isNaN(date.getTime())) {
      const plain = new Date(published);
      return Number.isNaN(plain.getTime()) ? published : dateFormat.format(plain);
    }
    return dateFormat.format(date);
  }

  // A link that moves the page to `state` without reloading it (a plain
  // link still, for new tabs and copying).
  function stateLink(state, attrs) {
    const link = el('a', {...attrs, href: urlFromState(state)});
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(state);
      window.scrollTo(0, 0);
    });
    return link;
  }

  // Tells searchd which result was opened, at which place (1-based, over
  // pages): a beacon, sent without cookies, that nothing waits for.
  function sendClick(id, position) {
    if (!current.q || !navigator.sendBeacon) return;
    const body = JSON.stringify({query: current.q, id: String(id), position});
    try {
      navigator.sendBeacon('/events/click', new Blob([body], {type: 'text/plain'}));
    } catch (err) {
      // Analytics are a convenience: the link works all the same.
    }
  }

  function renderHit(hit, index) {
    // An article with no web page of its own opens in the article view.
    const url = safeUrl(hit.url);
    const title = url ? el('a', {href: url}) : stateLink({...current, article: String(hit.id)}, {});
    const position = (current.page - 1) * PER_PAGE + index + 1;
    title.addEventListener('click', () => sendClick(hit.id, position));
    title.addEventListener('auxclick', (event) => {
      if (event.button === 1) sendClick(hit.id, position);
    });
    title.append(hit.title_html ? keepOnlyMarks(hit.title_html) : hit.title || hit.id);

    const meta = el('p', {className: 'meta'});
    const parts = [];
    if (hit.source) parts.push(el('span', {className: 'source', text: hit.source}));
    if (hit.published) {
      parts.push(el('time', {datetime: hit.published, text: formatDate(hit.published)}));
    }
    if (hit.author) parts.push(el('span', {className: 'author', text: hit.author}));
    parts.forEach((part, i) => {
      if (i > 0) meta.append(el('span', {className: 'dot', 'aria-hidden': 'true', text: ' · '}));
      meta.append(part);
    });

    const snippet = el('p', {className: 'snippet'});
    if (hit.snippet_html) snippet.append(keepOnlyMarks(hit.snippet_html));

    const shownUrl = safeUrl(hit.url);
    return el('li', {className: 'hit'},
        el('h2', {}, title),
        meta,
        snippet,
        shownUrl ? el('p', {className: 'url', text: shownUrl}) : null,
        hit.duplicates > 0 ? similar(hit) : null);
  }

  // "N similar stories": the hit's near-duplicates (folded out of the
  // results), listed from /articles/{id}/duplicates when first opened.
  function similar(hit) {
    const n = hit.duplicates;
    const items = el('ul');
    const box = el('details', {className: 'similar'},
        el('summary', {text: n + (n > 1 ? ' similar stories' : ' similar story')}), items);
    box.addEventListener('toggle', async () => {
      if (!box.open || items.firstChild) return;
      items.append(el('li', {text: 'Loading…'}));
      try {
        const body = await getJson('/articles/' + encodeURIComponent(hit.id) + '/duplicates',
                                   new URLSearchParams({limit: 100}));
        items.replaceChildren(...body.duplicates.map((d) => {
          const url = safeUrl(d.url);
          const link = url ? el('a', {href: url}) : stateLink({...current, article: String(d.id)}, {});
          link.textContent = d.title || d.id;
          return el('li', {}, link, d.source ? ' · ' + d.source : '');
        }));
      } catch (err) {
        items.replaceChildren(el('li', {text: err.message}));
      }
    });
    return box;
  }

  function setStatus(text, kind) {
    statusLine.textContent = text;
    statusLine.className = kind || '';
  }

  // ---- The article view (an article with no web page of its own) -------

  let articleController = null;

  // The body as paragraphs (split at blank lines); text only.
  function bodyParagraphs(body) {
    return String(body || '').split(/\n[ \t]*\n+/).map((text) => text.trim()).filter(Boolean)
        .map((text) => el('p', {text}));
  }

  async function showArticle(id) {
    const controller = new AbortController();
    articleController = controller;
    const back = current.q ? {...current, article: ''} : emptyState();
    const backLink = stateLink(back, {id: 'article-back',
                                      text: current.q ? '‹ Back to results' : '‹ Search'});
    articleBack.replaceWith(backLink);
    articleBack = backLink;
    articleTitle.textContent = '';
    articleMeta.replaceChildren();
    articleTags.replaceChildren();
    articleTags.hidden = true;
    articleBody.replaceChildren();
    articleOriginal.hidden = true;
    related.hidden = true;
    articleStatus.textContent = 'Loading…';
    articleStatus.className = '';
    let article;
    try {
      article = await getJson('/articles/' + encodeURIComponent(id), new URLSearchParams(),
                              controller.signal);
    } catch (err) {
      if (err.name === 'AbortError' || controller !== articleController) return;
      articleStatus.textContent = 'This article cannot be shown: ' + err.message;
      articleStatus.className = 'error';
      document.title = SITE_TITLE;
      return;
    }
    if (controller !== articleController) return;
    articleStatus.textContent = '';
    const title = String(article.title || article.id || id);
    articleTitle.textContent = title;
    document.title = title + ' – ' + SITE_TITLE;
    const parts = [];
    if (article.source) parts.push(el('span', {className: 'source', text: String(article.source)}));
    if (article.published) {
      const published = String(article.published);
      parts.push(el('time', {datetime: published, text: formatDate(published)}));
    }
    if (article.author) parts.push(el('span', {className: 'author', text: String(article.author)}));
    parts.forEach((part, i) => {
      if (i > 0) articleMeta.append(el('span', {className: 'dot', 'aria-hidden': 'true', text: ' · '}));
      articleMeta.append(part);
    });
    const tags = Array.isArray(article.tags) ? article.tags : [];
    articleTags.append(...tags.map((tag) => el('li', {text: String(tag)})));
    articleTags.hidden = tags.length === 0;
    const paragraphs = bodyParagraphs(article.body);
    if (paragraphs.length) articleBody.append(...paragraphs);
    else articleBody.append(el('p', {className: 'empty', text: 'This article has no text.'}));
    const url = safeUrl(article.url);
    if (url) {
      articleUrl.href = url;
      articleUrl.textContent = url;
      articleOriginal.hidden = false;
    }
    articleTitle.focus({preventScroll: true});
    // Related articles, once the article is shown (links like results).
    getJson('/articles/' + encodeURIComponent(id) + '/related', new URLSearchParams({snippets: false}),
            controller.signal).then((r) => {
      if (controller !== articleController || !r.hits.length) return;
      $('related').replaceChildren(...r.hits.map(renderHit));
      related.hidden = false;
    }, () => {});
  }

  // ---- Facets (disjunctive: a facet's counts ignore its own selection) ----

  function facetValues(field, counts) {
    const values = (counts || []).map((entry) => ({value: String(entry.value), count: entry.count}));
    for (const selected of current[field]) {
      if (!values.some((entry) => entry.value.toLowerCase() === selected.toLowerCase())) {
        values.push({value: selected, count: 0});
      }
    }
    return values;
  }

  // On narrow screens the facets are behind this button (a disclosure; CSS
  // shows it below the breakpoint), which counts the filters in use.
  function updateFiltersButton() {
    const count = FACET_FIELDS.reduce((sum, field) => sum + current[field].length, 0) +
        (current.from || current.to ? 1 : 0);
    filtersButton.textContent = 'Filters' + (count ? ' (' + count + ')' : '');
    filtersButton.hidden = facetsBox.hidden;
  }

  function openFilters(open) {
    facetsBox.classList.toggle('open', open);
    filtersButton.setAttribute('aria-expanded', String(open));
  }

  filtersButton.addEventListener('click', () => openFilters(!facetsBox.classList.contains('open')));

  facetsBox.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || getComputedStyle(filtersButton).display === 'none') return;
    openFilters(false);
    filtersButton.focus();
  });

  function renderFacets(facets) {
    // A ticked box is replaced: focus goes to its successor.
    const focused = facetsBox.contains(document.activeElement) ? document.activeElement.id : '';
    facetsBox.replaceChildren();
    let any = false;
    for (const field of FACET_FIELDS) {
      const values = facetValues(field, facets[field]);
      if (!values.length) continue;
      any = true;
      const group = el('fieldset', {className: 'facet'}, el('legend', {text: FACET_TITLES[field]}));
      for (const {value, count} of values) {
        const id = 'facet-' + field + '-' + Array.from(value).map((c) => c.codePointAt(0).toString(16)).join('-');
        const box = el('input', {type: 'checkbox', id, 'data-field': field});
        box.value = value;
        box.checked = current[field].some((v) => v.toLowerCase() === value.toLowerCase());
        box.addEventListener('change', () => toggleFacet(field, value, box.checked));
        group.append(el('div', {className: 'facet-value'},
            box,
            el('label', {for: id}, el('span', {className: 'value', text: value}),
                el('span', {className: 'count', text: String(count)}))));
      }
      facetsBox.append(group);
    }
    facetsBox.hidden = !any;
    updateFiltersButton();
    if (focused && $(focused)) $(focused).focus();
  }

  function toggleFacet(field, value, checked) {
    const next = {...current, page: 1};
    for (const f of FACET_FIELDS) next[f] = current[f].slice();
    next[field] = next[field].filter((v) => v.toLowerCase() !== value.toLowerCase());
    if (checked) next[field] = field === 'year' ? [value] : next[field].concat([value]);
    if (field === 'year' && checked) next.from = next.to = '';
    navigate(next);
  }

  // ---- Timeline: matches per interval (facets=date), a bar chart ----------
  // A bar is a button: clicking it (or Enter/Space) shows its interval
  // (from/to), which redraws the chart by finer intervals; dragging across
  // bars, or Shift+arrows then Enter, picks a range. Arrows, Home and End
  // move between bars (one tab stop).

  let bars = [];
  let buckets = [];
  let pick = null;  // {start, end}: bar indexes being picked
  let pointerPicked = false;

  const plural = (n) => n.toLocaleString() + (n === 1 ? ' result' : ' results');

  function showPick() {
    const low = pick ? Math.min(pick.start, pick.end) : -1;
    const high = pick ? Math.max(pick.start, pick.end) : -1;
    bars.forEach((bar, i) => bar.classList.toggle('picking', i >= low && i <= high));
  }

  function pickRange(start, end) {
    const low = buckets[Math.min(start, end)], high = buckets[Math.max(start, end)];
    pick = null;
    if (!low || !high) return;
    navigate({...current, year: [], from: low.from, to: high.to, page: 1});
  }

  function renderTimeline(date) {
    const hadFocus = timeline.contains(document.activeElement);
    timeline.replaceChildren();
    buckets = (date && date.buckets) || [];
    bars = [];
    pick = null;
    const ranged = Boolean(current.from || current.to);
    timeline.hidden = buckets.length < 2 && !ranged;
    if (timeline.hidden) return;
    const most = Math.max(1, ...buckets.map((b) => b.count));
    const head = el('p', {className: 'tl-head'},
        el('span', {text: 'By ' + date.interval + (date.undated ? ' · ' + plural(date.undated) + ' without a date' : '')}));
    if (ranged) {
      const all = el('button', {type: 'button', className: 'tl-all', text: 'All dates'});
      all.addEventListener('click', () => navigate({...current, from: '', to: '', page: 1}));
      head.append(el('span', {className: 'tl-range', text: (current.from || '…') + ' – ' + (current.to || '…')}), all);
    }
    const group = el('div', {className: 'tl-bars', role: 'group',
      'aria-label': 'Results by ' + date.interval + ': pick one, or a range with Shift and the arrows'});
    buckets.forEach((bucket, i) => {
      const span = bucket.from === bucket.to ? bucket.value : bucket.value + ', ' + bucket.from + ' to ' + bucket.to;
      const label = span + ': ' + plural(bucket.count);
      const bar = el('button', {type: 'button', className: 'tl-bar', 'aria-label': label, title: label,
        tabindex: i === buckets.length - 1 ? '0' : '-1', 'data-from': bucket.from, 'data-to': bucket.to},
      el('span', {}));
      bar.firstChild.style.height = (bucket.count ? Math.max(4, 100 * bucket.count / most) : 0) + '%';
      bar.addEventListener('click', () => {
        if (!pointerPicked) pickRange(i, i);
        pointerPicked = false;
      });
      bars.push(bar);
      group.append(bar);
    });
    const barAt = (event) => {
      const target = document.elementFromPoint(event.clientX, event.clientY);
      const bar = target && target.closest('.tl-bar');
      return bar ? bars.indexOf(bar) : -1;
    };
    group.addEventListener('pointerdown', (event) => {
      const i = barAt(event);
      if (i < 0 || event.button !== 0) return;
      pick = {start: i, end: i};
      showPick();
    });
    group.addEventListener('pointermove', (event) => {
      const i = barAt(event);
      if (!pick || i < 0 || i === pick.end) return;
      pick.end = i;
      showPick();
    });
    group.addEventListener('pointerup', (event) => {
      const i = barAt(event);
      if (!pick) return;
      if (i >= 0) pick.end = i;
      pointerPicked = true;
      setTimeout(() => { pointerPicked = false; }, 0);
      pickRange(pick.start, pick.end);
    });
    group.addEventListener('pointercancel', () => { pick = null; showPick(); });
    group.addEventListener('keydown', (event) => {
      const at = bars.indexOf(document.activeElement);
      if (at < 0) return;
      let to = at;
      if (event.key === 'ArrowLeft') to = at - 1;
      else if (event.key === 'ArrowRight') to = at + 1;
      else if (event.key === 'Home') to = 0;
      else if (event.key === 'End') to = bars.length - 1;
      else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        if (pick) pickRange(pick.start, pick.end);
        else pickRange(at, at);
        return;
      } else if (event.key === 'Escape' && pick) {
        pick = null;
        showPick();
        return;
      } else {
        return;
      }
      event.preventDefault();
      to = Math.max(0, Math.min(bars.length - 1, to));
      if (event.shiftKey) pick = {start: pick ? pick.start : at, end: to};
      else pick = null;
      showPick();
      bars[at].tabIndex = -1;
      bars[to].tabIndex = 0;
      bars[to].focus();
    });
    const axis = el('p', {className: 'tl-axis', 'aria-hidden': 'true'},
        el('span', {text: buckets.length ? buckets[0].value : ''}),
        el('span', {text: buckets.length ? buckets[buckets.length - 1].value : ''}));
    timeline.append(head, group, axis);
    if (hadFocus) (bars.find((b) => b.tabIndex === 0) || timeline.querySelector('button') || timeline).focus();
  }

  // ---- Paging -------------------------------------------------------------

  function pageLink(page, text, label, isCurrent) {
    const state = {...current, page};
    const link = el('a', {href: urlFromState(state), text, 'aria-label': label});
    if (isCurrent) link.setAttribute('aria-current', 'page');
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(state);
      resultsBox.focus({preventScroll: true});
      window.scrollTo(0, 0);
    });
    return link;
  }

  function renderPages(total) {
    const last = Math.max(1, Math.min(Math.ceil(total / PER_PAGE), MAX_RESULTS / PER_PAGE));
    pagesNav.replaceChildren();
    pagesNav.hidden = last <= 1;
    if (last <= 1) return;
    const page = current.page;
    if (page > 1) pagesNav.append(pageLink(page - 1, '‹ Previous', 'Previous page', false));
    const first = Math.max(1, page - 3);
    for (let p = first; p <= Math.min(last, first + 6); p++) {
      pagesNav.append(pageLink(p, String(p), 'Page ' + p, p === page));
    }
    if (page < last) pagesNav.append(pageLink(page + 1, 'Next ›', 'Next page', false));
  }

  // ---- One search ---------------------------------------------------------

  let searchController = null;

  async function render() {
    input.value = current.q;
    sortSelect.value = current.sort;
    document.title = current.q ? current.q + ' – ' + SITE_TITLE : SITE_TITLE;
    if (searchController) searchController.abort();
    searchController = null;
    const reading = Boolean(current.article);
    articleView.hidden = !reading;
    searchBar.hidden = reading;
    layout.hidden = reading;
    if (reading) {
      showArticle(current.article);
      return;
    }
    articleController = null;
    if (!current.q) {
      hitsList.replaceChildren();
      facetsBox.hidden = true;
      timeline.hidden = true;
      updateFiltersButton();
      pagesNav.hidden = true;
      sortBox.hidden = true;
      didYouMean.hidden = true;
      correctedLine.hidden = true;
      setStatus('');
      return;
    }
    const controller = new AbortController();
    searchController = controller;
    resultsBox.setAttribute('aria-busy', 'true');
    const main = searchParams(current);
    main.set('page', String(current.page));
    main.set('per_page', String(PER_PAGE));
    main.set('facets', FACET_FIELDS.concat('date').join(','));
    if (!countNextSearch) main.set('byline_analytics', 'false');
    countNextSearch = false;
    // Wire copies and updated versions show as one hit ("N similar stories").
    main.set('dedupe', 'near');
    if (current.sort !== 'relevance') main.set('sort', current.sort);
    // A selected facet's own counts come from the search without its filter.
    const extra = FACET_FIELDS.filter((field) => current[field].length).map((field) => {
      const params = searchParams(current, field);
      params.set('per_page', '1');
      params.set('snippets', 'false');
      // With autocorrect the counts must be of what the main search shows,
      // which may be the correction's.
      if (!current.autocorrect) params.set('spelling', 'false');
      params.set('facets', field);
      params.set('byline_analytics', 'false');
      return getJson('/search', params, controller.signal).then((body) => [field, body.facets[field]]);
    });
    try {
      const [answer, ...own] = await Promise.all([getJson('/search', main, controller.signal), ...extra]);
      if (controller !== searchController) return;
      const facets = {...(answer.facets || {})};
      for (const [field, counts] of own) facets[field] = counts;
      showAnswer(answer, facets);
    } catch (err) {
      if (err.name === 'AbortError') return;
      showError(err.message);
    } finally {
      if (controller === searchController) resultsBox.removeAttribute('aria-busy');
    }
  }

  function showAnswer(answer, facets) {
    const hits = answer.hits || [];
    hitsList.replaceChildren(...hits.map(renderHit));
    renderFacets(facets);
    renderTimeline(facets.date);
    // Folding (dedupe=near) leaves fewer pages than total says: a short
    // page is the last.
    renderPages(hits.length < PER_PAGE ? (current.page - 1) * PER_PAGE + hits.length : answer.total);
    sortBox.hidden = answer.total === 0;

    if (answer.corrected) {
      // Showing the correction's results: say so, and offer the query as typed.
      correctedLink.textContent = answer.did_you_mean;
      correctedLink.href = urlFromState({...emptyState(), q: answer.did_you_mean});
      asTypedLink.textContent = current.q;
      asTypedLink.href = urlFromState({...current, page: 1, autocorrect: false});
      correctedLine.hidden = false;
      didYouMean.hidden = true;
    } else if (answer.did_you_mean && answer.did_you_mean !== current.q) {
      correctedLine.hidden = true;
      didYouMeanLink.textContent = answer.did_you_mean;
      didYouMeanLink.href = urlFromState({...emptyState(), q: answer.did_you_mean});
      didYouMean.hidden = false;
    } else {
      correctedLine.hidden = true;
      didYouMean.hidden = true;
    }

    // Not exact: more matched than searchd counts (a lower bound: "1,000+").
    const count = answer.total.toLocaleString() + (answer.total_exact === false ? '+' : '');
    const ms = Number(answer.took_ms) || 0;
    const took = ' (' + (ms < 10 ? ms.toFixed(1) : Math.round(ms)) + ' ms)';
    if (answer.total === 0) {
      const filtered = FACET_FIELDS.some((f) => current[f].length) || current.from || current.to;
      setStatus('No articles match “' + current.q + '”' + (filtered ? ' with these filters' : '') +
                '. Try fewer or different words.', 'empty');
    } else if (!hits.length) {
      setStatus('No more results: page ' + current.page + ' is past the last one.', 'empty');
    } else {
      setStatus(count + (answer.total === 1 && answer.total_exact !== false ? ' result' : ' results') +
                (current.page > 1 ? ', page ' + current.page : '') + took);
    }
    if (answer.timed_out) setStatus(statusLine.textContent + ' The search was cut short.');
  }

  function showError(message) {
    hitsList.replaceChildren();
    facetsBox.hidden = true;
    timeline.hidden = true;
    updateFiltersButton();
    pagesNav.hidden = true;
    didYouMean.hidden = true;
    correctedLine.hidden = true;
    setStatus('Search failed: ' + message, 'error');
  }

  sortSelect.addEventListener('change', () => navigate({...current, sort: sortSelect.value, page: 1}));

  didYouMeanLink.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({...emptyState(), q: didYouMeanLink.textContent});
  });

  correctedLink.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({...emptyState(), q: correctedLink.textContent});
  });

  asTypedLink.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate({...current, page: 1, autocorrect: false});
  });

  // ---- Search box and suggestions (ARIA 1.2 combobox) ---------------------

  let options = [];       // [{kind: 'completion'|'title', text, url}]
  let active = -1;
  let suggestTimer = 0;
  let suggestController = null;

  function closeSuggestions() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    clearTimeout(suggestTimer);
    if (suggestController) suggestController.abort();
  }

  function setActive(index) {
    const items = list.querySelectorAll('[role=option]');
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', items[index].id);
      items[index].scrollIntoView({block: 'nearest'});
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function showSuggestions(answer) {
    options = [];
    list.replaceChildren();
    for (const completion of answer.completions || []) {
      options.push({kind: 'completion', text: completion.text});
    }
    for (const title of answer.titles || []) {
      // Its own page, or (without a url) the article view, opened in place.
      options.push({kind: 'title', text: title.title, url: safeUrl(title.url),
                    state: {...emptyState(), q: input.value.trim(), article: String(title.id)}});
    }
    options.forEach((option, i) => {
      const item = el('li', {id: 'suggestion-' + i, role: 'option', 'aria-selected': 'false',
                             className: option.kind},
          el('span', {className: 'text', text: option.text}),
          option.kind === 'title' ? el('span', {className: 'kind', text: 'article'}) : null);
      // mousedown, not click: the input keeps focus, so the list stays.
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(i);
      });
      list.append(item);
    });
    active = -1;
    list.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
  }

  function choose(index) {
    const option = options[index];
    closeSuggestions();
    if (option.kind === 'title') {
      if (option.url) {
        location.assign(option.url);
      } else {
        navigate(option.state);
        window.scrollTo(0, 0);
      }
      return;
    }
    input.value = option.text;
    submitQuery();
  }

  function submitQuery() {
    closeSuggestions();
    const q = input.value.trim();
    openFilters(false);
    // A new query keeps the sort but starts from page 1 without filters.
    navigate({...emptyState(), q, sort: current.sort});
  }

  input.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    const q = input.value;
    if (!q.trim()) {
      closeSuggestions();
      return;
    }
    suggestTimer = setTimeout(async () => {
      if (suggestController) suggestController.abort();
      const controller = new AbortController();
      suggestController = controller;
      try {
        const answer = await getJson('/suggest',
            new URLSearchParams({q, completions: '5', titles: '4'}), controller.signal);
        if (controller === suggestController && input.value === q) showSuggestions(answer);
      } catch (err) {
        // Suggestions are a convenience: a failure leaves the box as it is.
      }
    }, SUGGEST_DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && options.length > 0;
    if (event.key === 'ArrowDown') {
      if (!open) return;
      event.preventDefault();
      setActive(active + 1 >= options.length ? 0 : active + 1);
    } else if (event.key === 'ArrowUp') {
      if (!open) return;
      event.preventDefault();
      setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === 'Enter') {
      if (open && active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        closeSuggestions();
      }
    }
  });

  input.addEventListener('blur', () => setTimeout(closeSuggestions, 0));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitQuery();
  });

  // ---- Start --------------------------------------------------------------

  const startSearch = location.search;
  current = stateFromUrl(startSearch);
  const startState = current;
  history.replaceState(null, '', urlFromState(current));
  render();
  if (!current.q) input.focus();

  // Declared keyword fields become facets once known (the URL may filter on
  // them: read again, and search again if a search is shown); without them
  // (an older server, an error) the page keeps the built-in ones.
  getJson('/fields', new URLSearchParams(), undefined).then((body) => {
    let added = false;
    for (const field of (body && body.fields) || []) {
      if (field.type !== 'keyword' || FACET_FIELDS.includes(field.name)) continue;
      FACET_FIELDS.push(field.name);
      FACET_TITLES[field.name] = fieldTitle(field.name);
      added = true;
    }
    if (!added) return;
    if (current === startState && current.q) {
      // Still the page as opened: its URL's filters on these fields apply.
      current = stateFromUrl(startSearch);
      history.replaceState(null, '', urlFromState(current));
      render();
    } else {
      for (const field of FACET_FIELDS) current[field] = current[field] || [];
    }
  }).catch(() => {});
})();
