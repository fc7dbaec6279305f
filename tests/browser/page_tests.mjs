// The search page (GET / of byline-searchd) driven in chromium like a user.
import fs from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';

import {assert, assertEqual, search, settled} from './harness.mjs';
import {URLLESS_ARTICLE} from './servers.mjs';

const hitTitles = (page) => page.locator('#hits .hit h2').allTextContents();
const params = (page) => new URL(page.url()).searchParams;

export async function pageTests(t, {context, searchdUrl, outDir, axeSource, watch, site}) {
  const page = await context.newPage();
  watch(page);
  await page.setViewportSize({width: 1280, height: 900});

  await t.check('page: served with CSP, ETag, cache headers; 304 when unchanged', async () => {
    const response = await fetch(searchdUrl + '/');
    assertEqual(response.status, 200, 'status');
    assert(response.headers.get('content-type').startsWith('text/html'), 'content type');
    const csp = response.headers.get('content-security-policy') || '';
    assert(csp.includes("script-src 'self'") && csp.includes("default-src 'none'") &&
           !csp.includes('unsafe'), 'CSP: ' + csp);
    assertEqual(response.headers.get('cache-control'), 'no-cache', 'Cache-Control of /');
    const etag = response.headers.get('etag');
    assert(etag, 'an ETag');
    const again = await fetch(searchdUrl + '/', {headers: {'If-None-Match': etag}});
    assertEqual(again.status, 304, 'revalidation');
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    // The page's script and stylesheet, and the stylesheet of --accent-color.
    assertEqual(assets.length, 3, 'fingerprinted assets named by the page');
    for (const asset of assets) {
      const r = await fetch(searchdUrl + asset);
      assertEqual(r.status, 200, asset);
      assert(r.headers.get('cache-control').includes('immutable'), asset + ' is cached for good');
    }
    const widget = await fetch(searchdUrl + '/widget.js');
    assert(widget.headers.get('content-type').startsWith('text/javascript'), 'widget.js type');
  });

  await t.check('page: weight stays under 40 KB (12 KB gzipped)', async () => {
    const html = await (await fetch(searchdUrl + '/')).text();
    const files = {'/': Buffer.from(html)};
    for (const [, asset] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      files[asset] = Buffer.from(await (await fetch(searchdUrl + asset)).arrayBuffer());
    }
    for (const asset of ['/widget.js', '/widget.css']) {
      files[asset] = Buffer.from(await (await fetch(searchdUrl + asset)).arrayBuffer());
    }
    const weight = {};
    for (const [name, bytes] of Object.entries(files)) {
      weight[name] = {bytes: bytes.length, gzip: gzipSync(bytes, {level: 9}).length};
    }
    const pageOnly = Object.entries(weight).filter(([name]) => !name.startsWith('/widget'));
    const total = pageOnly.reduce((sum, [, w]) => sum + w.bytes, 0);
    const gzip = pageOnly.reduce((sum, [, w]) => sum + w.gzip, 0);
    weight.page_total = {bytes: total, gzip};
    fs.writeFileSync(path.join(outDir, 'page-weight.json'), JSON.stringify(weight, null, 2) + '\n');
    console.log(`  page weight: ${total} bytes, ${gzip} gzipped (details in page-weight.json)`);
    assert(total < 40 * 1024 && gzip < 12 * 1024, `page weighs ${total} bytes, ${gzip} gzipped`);
  });

  await t.check('page: typing shows suggestions; arrows, Escape and Enter work', async () => {
    await page.goto(searchdUrl + '/');
    await page.locator('#q').pressSequentially('sol', {delay: 30});
    const list = page.locator('#suggestions');
    await list.waitFor({state: 'visible'});
    const options = await list.locator('[role=option]').allTextContents();
    assert(options.some((o) => o.startsWith('solar')), 'a completion "solar": ' + options);
    assertEqual(await page.getAttribute('#q', 'aria-expanded'), 'true', 'aria-expanded');

    await page.press('#q', 'ArrowDown');
    await page.press('#q', 'ArrowDown');
    const activeId = await page.getAttribute('#q', 'aria-activedescendant');
    assertEqual(activeId, 'suggestion-1', 'second option active after two ArrowDown');
    assertEqual(await page.getAttribute('#suggestion-1', 'aria-selected'), 'true', 'aria-selected');
    await page.press('#q', 'ArrowUp');
    assertEqual(await page.getAttribute('#q', 'aria-activedescendant'), 'suggestion-0', 'ArrowUp');

    await page.press('#q', 'Escape');
    await list.waitFor({state: 'hidden'});
    assertEqual(await page.getAttribute('#q', 'aria-expanded'), 'false', 'closed by Escape');
    assertEqual(await page.inputValue('#q'), 'sol', 'Escape keeps what was typed');

    await page.locator('#q').pressSequentially('a', {delay: 30});
    await list.waitFor({state: 'visible'});
    await page.press('#q', 'ArrowDown');
    const chosen = (await page.locator('#suggestion-0 .text').textContent()).trim();
    await page.press('#q', 'Enter');
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, chosen);
    await settled(page);
    assert((await page.locator('#hits .hit').count()) > 0, 'Enter on a suggestion searched it');
  });

  await t.check('page: submit shows ranked, highlighted results with count and time', async () => {
    await search(page, 'solar');
    const status = await page.textContent('#status');
    assert(/^\d+ results? \([\d.]+ ms\)$/.test(status), 'status line: ' + status);
    const marks = await page.locator('#hits .hit mark').allTextContents();
    assert(marks.length > 0 && marks.every((m) => /^solar/i.test(m)), 'marks: ' + marks);
    const first = page.locator('#hits .hit').first();
    assert((await first.locator('.meta .source').count()) === 1, 'a source on the hit');
    assert((await first.locator('time[datetime]').count()) === 1, 'a date on the hit');
    assert((await first.locator('h2 a').getAttribute('href')).startsWith('https://'), 'a link');
    await page.screenshot({path: path.join(outDir, 'page.png'), fullPage: false});
  });

  await t.check('page: wire copies fold into one hit listing "2 similar stories"', async () => {
    await search(page, 'kelpwire');
    assertEqual(await page.locator('#hits .hit').count(), 1, 'one hit for the three copies');
    const similar = page.locator('#hits .hit details.similar');
    assertEqual(await similar.locator('summary').textContent(), '2 similar stories', 'the count');
    await similar.locator('summary').click();
    await similar.locator('li a').nth(1).waitFor();
    const listed = await similar.locator('li a').allTextContents();
    assertEqual(listed, ['Kelpwire harvest breaks record', 'Kelpwire harvest breaks record'],
                'the copies, listed when opened');
    await search(page, 'solar');
  });

  await t.check('page: a facet checkbox filters, with counts that match', async () => {
    const energy = page.locator('#facets input[data-field=tag][value=energy]');
    const count = Number(await page.locator('label[for="' + await energy.getAttribute('id') +
                                           '"] .count').textContent());
    await energy.check();
    await page.waitForFunction(() => new URLSearchParams(location.search).getAll('tag').includes('energy'));
    await settled(page);
    assertEqual(await page.locator('#hits .hit').count(), count, 'hits after filtering by tag');
    assert(await page.locator('#facets input[value=energy]').isChecked(), 'stays checked');
    // Disjunctive: the other tags still offer themselves with their counts.
    assert((await page.locator('#facets input[data-field=tag]').count()) > 1, 'other tags offered');
    await page.locator('#facets input[data-field=tag][value=energy]').uncheck();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('tag'));
    await settled(page);
  });

  await t.check('page: a declared keyword field is a facet too, and filters', async () => {
    await search(page, 'solar');
    const legends = await page.locator('#facets legend').allTextContents();
    assert(legends.includes('Desk'), 'a Desk facet after the built-in ones: ' + legends);
    const boxes = page.locator('#facets input[data-field=desk]');
    assert((await boxes.count()) >= 1, 'desk values offered');
    const first = boxes.first();
    const value = await first.getAttribute('value');
    const count = Number(await page.locator('label[for="' + await first.getAttribute('id') +
                                           '"] .count').textContent());
    const total = Number((await page.textContent('#status')).match(/^(\d+)/)[1]);
    await first.check();
    await page.waitForFunction((v) => new URLSearchParams(location.search).getAll('desk').includes(v),
                               value);
    await settled(page);
    const filtered = Number((await page.textContent('#status')).match(/^(\d+)/)[1]);
    assertEqual(filtered, count, 'results after filtering by desk');
    assert(filtered < total || count === total, 'the filter narrowed the results');
    // The URL holds the filter: a reload shows the same.
    await page.reload();
    await page.locator('#facets input[data-field=desk]:checked').waitFor();
    await settled(page);
    await page.locator(`#facets input[data-field=desk][value="${value}"]`).uncheck();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('desk'));
    await settled(page);
  });

  let page1 = [];
  await t.check('page: paging moves to page 2 and back', async () => {
    await search(page, 'said');
    page1 = await hitTitles(page);
    assertEqual(page1.length, 10, 'a full first page');
    await page.click('#pages a[aria-label="Next page"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await settled(page);
    const page2 = await hitTitles(page);
    assert(page2.length > 0 && page2.every((t2) => !page1.includes(t2)), 'page 2 has other hits');
    assertEqual(await page.textContent('#pages a[aria-current=page]'), '2', 'current page');
  });

  await t.check('page: sort by newest first orders by date', async () => {
    await page.selectOption('#sort', '-date');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === '-date');
    await settled(page);
    assertEqual(params(page).get('page'), null, 'sorting starts again at page 1');
    const dates = await page.locator('#hits .hit time').evaluateAll(
        (times) => times.map((t2) => t2.getAttribute('datetime')));
    const sorted = [...dates].sort().reverse();
    assertEqual(dates, sorted, 'dates newest first');
  });

  await t.check('page: back button restores the previous state, forward again', async () => {
    await page.goBack();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await settled(page);
    assertEqual(await page.inputValue('#sort'), 'relevance', 'sort select restored');
    assertEqual(await page.textContent('#pages a[aria-current=page]'), '2', 'page 2 again');
    await page.goBack();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('page'));
    await settled(page);
    assertEqual(await hitTitles(page), page1, 'page 1 hits again');
    await page.goForward();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2');
    await settled(page);
  });

  await t.check('page: a shared URL opens the same results', async () => {
    const fresh = await context.newPage();
    watch(fresh);
    await fresh.goto(searchdUrl + '/?q=said&sort=-date');
    await settled(fresh);
    await fresh.waitForSelector('#hits .hit');
    assertEqual(await fresh.inputValue('#q'), 'said', 'query in the box');
    assertEqual(await fresh.inputValue('#sort'), '-date', 'sort from the URL');
    await fresh.close();
  });

  await t.check('page: a misspelt query shows the correction\'s results, or as typed', async () => {
    await search(page, 'solr');
    await page.locator('#corrected').waitFor({state: 'visible'});
    assertEqual(await page.textContent('#corrected-link'), 'solar', 'correction');
    assertEqual(await page.textContent('#as-typed-link'), 'solr', 'query as typed');
    assert((await page.locator('#hits .hit').count()) > 0, 'results for the correction');
    assert(await page.locator('#did-you-mean').isHidden(), 'no "did you mean" as well');
    await page.click('#as-typed-link');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('autocorrect') === 'false');
    await page.locator('#did-you-mean').waitFor({state: 'visible'});
    assert(await page.locator('#corrected').isHidden(), 'as typed: no correction shown');
  });

  await t.check('page: "did you mean" link searches the correction', async () => {
    await page.goto(searchdUrl + '/?q=solr&autocorrect=false');
    await settled(page);
    await page.locator('#did-you-mean').waitFor({state: 'visible'});
    assertEqual(await page.textContent('#did-you-mean-link'), 'solar', 'suggestion');
    assert((await page.textContent('#status')).startsWith('No articles match'), 'empty state');
    await page.click('#did-you-mean-link');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'solar');
    await settled(page);
    assert((await page.locator('#hits .hit').count()) > 0, 'results for the correction');
    assert(await page.locator('#did-you-mean').isHidden(), 'no suggestion for a good query');
  });

  await t.check('page: an error from searchd shows an error state, not a blank page', async () => {
    await page.route('**/search?**', (route) => route.fulfill({
      status: 503, contentType: 'application/json',
      body: '{"error":{"code":"unavailable","message":"the index is being rebuilt"}}'}));
    await search(page, 'harbour');
    assertEqual(await page.textContent('#status'), 'Search failed: the index is being rebuilt',
                'error state');
    assertEqual(await page.getAttribute('#status', 'class'), 'error', 'styled as an error');
    await page.unroute('**/search?**');
  });

  await t.check('page: a total that is not exact shows as a lower bound, "1,000+"', async () => {
    // The sample archive is small: searchd's answer is turned into one for
    // a query matching more than searchd counts exactly.
    await page.route('**/search?**', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      route.fulfill({response, json: {...body, total: 1000, total_exact: false}});
    });
    await search(page, 'harbour');
    const status = await page.textContent('#status');
    assert(/^1,000\+ results \([\d.]+ ms\)$/.test(status), 'status line: ' + status);
    assert((await page.locator('#pages a', {hasText: 'Next'}).count()) === 1, 'a next page');
    await page.unroute('**/search?**');
  });

  await t.check('page: the XSS article renders as text and runs nothing', async () => {
    await search(page, 'zebrafish');
    const title = await page.locator('#hits .hit h2').first().textContent();
    assert(title.includes('<script>alert(1)</script>') && title.includes('<img src=x'),
           'title shown as text: ' + title);
    const snippet = await page.locator('#hits .hit .snippet').first().textContent();
    assert(snippet.includes('<img src=x onerror='), 'body shown as text: ' + snippet);
    assertEqual(await page.locator('#main img, #main script, #main svg, #main b').count(), 0,
                'no element injected');
    const href = await page.locator('#hits .hit h2 a').first().getAttribute('href');
    assertEqual(href, '/?q=zebrafish&article=xss-1', 'a javascript: url is not linked');
    assert((await page.textContent('#facets')).includes('<img src=x onerror="window.__xss=6">Evil Source'),
           'facet value shown as text');
    assert((await page.textContent('#facets')).includes('<i onmouseover="window.__xss=9">Lab</i>'),
           'declared field facet value shown as text');
    await page.hover('#facets');
    await page.hover('#hits .hit');
    assertEqual(await page.evaluate(() => window.__xss), undefined, 'window.__xss untouched');
    await page.locator('#q').pressSequentially(' ', {delay: 10});
    await page.fill('#q', '');
    await page.locator('#q').pressSequentially('zebra', {delay: 30});
    await page.locator('#suggestions').waitFor({state: 'visible'});
    assert((await page.textContent('#suggestions')).includes('<script>'), 'suggested title as text');
    assertEqual(await page.locator('#suggestions img, #suggestions script').count(), 0,
                'no element injected in suggestions');
    await page.press('#q', 'Escape');
  });

  await t.check('page: a hit without a web url opens a readable article view, as text', async () => {
    await search(page, 'zebrafish');
    await page.locator('#hits .hit h2 a').first().click();
    await page.waitForFunction(() => document.querySelector('#article-title').textContent);
    assertEqual(params(page).get('article'), 'xss-1', 'the URL names the article');
    assert(await page.locator('#results').isHidden(), 'the results make way');
    const title = await page.textContent('#article-title');
    assert(title.startsWith('<script>alert(1)</script> Zebrafish'), 'title as text: ' + title);
    assert((await page.title()).startsWith('<script>') && (await page.title()).endsWith(site.title),
           'document title: ' + await page.title());
    const body = await page.textContent('#article-body');
    assert(body.includes('<img src=x onerror="window.__xss=2">') && body.includes('<script>'),
           'body as text: ' + body);
    const meta = await page.textContent('#article-meta');
    assert(meta.includes('Evil Source') && meta.includes('<svg onload'), 'meta as text: ' + meta);
    assertEqual(await page.locator('#article-tags li').allTextContents(),
                ['<b onmouseover="window.__xss=8">bold</b>'], 'tags as text');
    assert(await page.locator('#article-original').isHidden(), 'a javascript: url is not offered');
    assertEqual(await page.locator('#article-view img, #article-view script, #article-view svg, ' +
                                   '#article-view b').count(), 0, 'no element injected');
    await page.hover('#article-tags');
    assertEqual(await page.evaluate(() => window.__xss), undefined, 'window.__xss untouched');
    // Back to the results it came from, in the page.
    await page.click('#article-back');
    await page.waitForFunction(() => !new URLSearchParams(location.search).get('article'));
    await settled(page);
    assertEqual(params(page).get('q'), 'zebrafish', 'back to the same search');
    assert(await page.locator('#article-view').isHidden(), 'the article view is gone');
    assert((await page.locator('#hits .hit').count()) > 0, 'results shown again');
    // The browser's back button reopens it.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#article-title').textContent.includes('Zebrafish'));
  });

  await t.check('page: an opened article shows its related articles, never itself', async () => {
    const source = (await (await fetch(searchdUrl + '/articles/byline-0006')).json());
    const related = (await (await fetch(searchdUrl + '/articles/byline-0006/related?limit=5')).json());
    assert(related.hits.length > 0, 'the sample article has related articles');
    await page.goto(searchdUrl + '/?article=byline-0006');
    await page.locator('#article-related #related li').first().waitFor({state: 'visible'});
    const titles = await page.locator('#related .hit h2').allTextContents();
    assertEqual(titles, related.hits.map((hit) => hit.title), 'the related articles, in order');
    assert(!titles.includes(source.title), 'never the article itself');
    const href = await page.getAttribute('#related .hit h2 a', 'href');
    const url = related.hits[0].url;
    assert(url ? href === new URL(url).href : href.includes('article='), 'a link like a result: ' + href);
    assertEqual(await page.locator('#related script, #related img').count(), 0, 'text only');
  });

  await t.check('page: the article view keeps paragraphs, shows date, tags and the original', async () => {
    const source = (await (await fetch(searchdUrl + '/articles/byline-0001')).json());
    await page.goto(searchdUrl + '/?article=byline-0001');
    await page.waitForFunction(() => document.querySelector('#article-title').textContent);
    assertEqual(await page.textContent('#article-title'), source.title, 'title');
    const paragraphs = await page.locator('#article-body p').allTextContents();
    const expected = source.body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    assert(expected.length > 1, 'the sample article has paragraphs');
    assertEqual(paragraphs, expected, 'one <p> per paragraph of the body');
    assertEqual(await page.getAttribute('#article-meta time', 'datetime'), source.published, 'date');
    assertEqual(await page.locator('#article-tags li').allTextContents(), source.tags, 'tags');
    assertEqual(await page.getAttribute('#article-url', 'href'), source.url, 'the original page');
    assertEqual(await page.textContent('#article-back'), '‹ Search', 'no search to go back to');
    await page.screenshot({path: path.join(outDir, 'article.png')});
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert(bad.length === 0, 'axe: ' + bad.map((v) => `${v.id}: ${v.help}`).join('; '));
    // An id that is not there: said so, in the page.
    await page.goto(searchdUrl + '/?article=' + encodeURIComponent('no such/article'));
    await page.waitForFunction(() => document.querySelector('#article-status.error'));
    assert((await page.textContent('#article-status')).startsWith('This article cannot be shown'),
           'missing article: ' + await page.textContent('#article-status'));
  });

  await t.check('page: an article with no url and a path for an id opens in the page', async () => {
    await search(page, 'tide tables');
    const link = page.locator('#hits .hit h2 a', {hasText: URLLESS_ARTICLE.title});
    const href = await link.getAttribute('href');
    assertEqual(new URL(href, searchdUrl).searchParams.get('article'), URLLESS_ARTICLE.id, 'href');
    await link.click();
    await page.waitForFunction(() => document.querySelector('#article-title').textContent);
    assertEqual(params(page).get('article'), URLLESS_ARTICLE.id, 'the id survives the URL');
    assertEqual(await page.textContent('#article-title'), URLLESS_ARTICLE.title, 'title');
    // Blank lines part paragraphs; a single line break stays inside one.
    assertEqual(await page.locator('#article-body p').allTextContents(), [
      'Tide tables list high and low water.\nEach line is one day.',
      'Heights are in metres above chart datum.',
      'Times are local.',
    ], 'paragraphs');
    assertEqual(await page.textContent('#article-back'), '‹ Back to results', 'back link');
    assertEqual(await page.textContent('#article-meta .source'), URLLESS_ARTICLE.source, 'source');
    assert(await page.locator('#article-original').isHidden(), 'no original to link to');
  });

  await t.check('page: title, name, placeholder and accent colour are the site\'s own', async () => {
    await page.goto(searchdUrl + '/');
    assertEqual(await page.title(), site.title, '<title>');
    assertEqual(await page.textContent('.brand'), site.logo, 'the name at the top');
    assertEqual(await page.getAttribute('#q', 'placeholder'), site.placeholder, 'placeholder');
    const hex = (rgb) => '#' + rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
    assertEqual(hex(await page.$eval('button[type=submit]', (b) => getComputedStyle(b).backgroundColor)),
                site.accent, 'the button in the accent colour');
    await search(page, 'harbour');
    assertEqual(await page.title(), 'harbour – ' + site.title, 'title with a query');
    const link = await page.$eval('#hits .hit h2 a', (a) => getComputedStyle(a).color);
    assertEqual(hex(link), site.accent, 'links in the accent colour (dark enough already)');
  });

  await t.check('page: accessibility (axe-core) finds no serious or critical violations', async () => {
    await search(page, 'solar');
    await page.locator('#q').pressSequentially(' grid', {delay: 20});
    await page.waitForTimeout(400);
    // evaluate() runs outside the page's CSP, which forbids injected scripts.
    await page.evaluate(axeSource);
    for (const state of ['results', 'suggestions open']) {
      if (state === 'results') await page.press('#q', 'Escape');
      else {
        await page.locator('#q').pressSequentially('s', {delay: 20});
        await page.locator('#suggestions').waitFor({state: 'visible'});
      }
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
      }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      fs.writeFileSync(path.join(outDir, `axe-${state.replace(' ', '-')}.json`),
                       JSON.stringify(result.violations, null, 2));
      assert(bad.length === 0, state + ': ' + bad.map((v) => `${v.id} (${v.impact}): ${v.help} ` +
             v.nodes.map((n) => n.target.join(' ')).join(', ')).join('; '));
    }
  });

  await t.check('page: the timeline charts every match; a click, the keys and a drag set from/to', async () => {
    await page.setViewportSize({width: 1280, height: 900});
    await search(page, 'the');
    const bars = page.locator('#timeline .tl-bar');
    const n = await bars.count();
    assert(n >= 2 && n <= 60, 'between 2 and 60 bars: ' + n);
    // Every bar is a button labelled with its interval and count; they and
    // the undated add up to the total.
    const labels = await bars.evaluateAll((list) => list.map((b) => b.getAttribute('aria-label')));
    let sum = 0;
    for (const label of labels) {
      const m = label.match(/^(\d{4}(?:-W?\d\d)?(?:-\d\d)?)(?:, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d)?: ([\d,]+) results?$/);
      assert(m, 'a bar label: ' + label);
      sum += Number(m[2].replace(/,/g, ''));
    }
    const head = await page.textContent('#timeline .tl-head');
    const undated = Number(((head.match(/([\d,]+) results? without a date/) || [0, '0'])[1]).replace(/,/g, ''));
    const total = Number((await page.textContent('#status')).match(/^([\d,]+) /)[1].replace(/,/g, ''));
    assertEqual(sum + undated, total, 'bars + undated');
    const fromTo = async (i) => [await bars.nth(i).getAttribute('data-from'), await bars.nth(i).getAttribute('data-to')];
    const waitRange = (from, to) => page.waitForFunction(([f, t]) => {
      const p = new URLSearchParams(location.search);
      return p.get('from') === f && p.get('to') === t && !document.querySelector('#results[aria-busy]');
    }, [from, to]);
    const clear = async () => {
      await page.click('#timeline .tl-all');
      await page.waitForFunction(() => !new URLSearchParams(location.search).has('from'));
      await settled(page);
    };

    // A click: that interval, whose count the results then have.
    const counts = labels.map((l) => Number(l.match(/: ([\d,]+) result/)[1].replace(/,/g, '')));
    const busiest = counts.indexOf(Math.max(...counts));
    const [from, to] = await fromTo(busiest);
    await bars.nth(busiest).click();
    await waitRange(from, to);
    const status = await page.textContent('#status');
    assertEqual(Number(status.match(/^([\d,]+) /)[1].replace(/,/g, '')), counts[busiest], 'results in the bar');
    assert((await page.textContent('#timeline .tl-range')).includes(from), 'the range is shown');
    await clear();

    // Keys: one tab stop, Home, Shift+arrows to extend, Enter to pick.
    assertEqual(await bars.evaluateAll((list) => list.filter((b) => b.tabIndex === 0).length), 1, 'one tab stop');
    await bars.last().focus();
    await page.keyboard.press('Home');
    assert(await bars.first().evaluate((b) => b === document.activeElement), 'Home focuses the first bar');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    assertEqual(await page.locator('#timeline .tl-bar.picking').count(), 3, 'three bars picked');
    const [first] = await fromTo(0);
    const [, third] = await fromTo(2);
    await page.keyboard.press('Enter');
    await waitRange(first, third);
    await clear();

    // A drag across bars picks their range.
    const a = await bars.nth(1).boundingBox(), b = await bars.nth(n - 1).boundingBox();
    const [dragFrom] = await fromTo(1);
    const [, dragTo] = await fromTo(n - 1);
    await page.mouse.move(a.x + a.width / 2, a.y + a.height - 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height - 2, {steps: 8});
    await page.mouse.up();
    await waitRange(dragFrom, dragTo);
    await page.screenshot({path: path.join(outDir, 'page-timeline.png')});
    // Dark mode: bars in a colour that stands out of the dark background.
    await page.emulateMedia({colorScheme: 'dark'});
    const colours = await page.evaluate(() => [getComputedStyle(document.querySelector('.tl-bar span')).backgroundColor,
                                               getComputedStyle(document.body).backgroundColor]);
    assert(colours[0] !== colours[1], 'dark bars differ from the background: ' + colours);
    await page.emulateMedia({colorScheme: 'light'});
    await clear();
  });

  await t.check('page: narrow screens get one column, the facets behind a button', async () => {
    await page.setViewportSize({width: 390, height: 844});
    await search(page, 'harbour');
    const results = await page.locator('#results').boundingBox();
    assert(results.width > 300, 'full-width results');
    assert(await page.locator('#facets').isHidden() &&
           await page.locator('#filters-button').isVisible(), 'facets behind the Filters button');
    const bars = await page.locator('#timeline .tl-bars').boundingBox();
    assert(bars && bars.x >= 0 && bars.x + bars.width <= 390, 'the timeline fits the phone: ' + JSON.stringify(bars));
    await page.screenshot({path: path.join(outDir, 'page-narrow.png')});
  });

  await page.close();
}
