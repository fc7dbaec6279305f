// The embeddable box (GET /widget.js) on a page of a second origin.
import path from 'node:path';

import {assert, assertEqual} from './harness.mjs';

export async function widgetTests(t, {context, searchdUrl, hostUrl, outDir, watch, site}) {
  const page = await context.newPage();
  watch(page);
  await page.setViewportSize({width: 900, height: 640});

  await t.check('widget: suggestions and top results on another origin', async () => {
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    await page.locator('#search').pressSequentially('sol', {delay: 30});
    const panel = page.locator('.byline-widget');
    await panel.waitFor({state: 'visible'});
    const completions = await panel.locator('.byline-completion').allTextContents();
    assert(completions.includes('solar'), 'completions: ' + completions);
    const hits = panel.locator('.byline-hit');
    assert((await hits.count()) > 0, 'top results');
    assert((await hits.locator('mark').count()) > 0, 'highlighted titles');
    assertEqual(await page.getAttribute('#search', 'aria-expanded'), 'true', 'aria-expanded');
    // searchd's --accent-color, through /widget.css (dark enough on white as it is).
    const colour = await hits.first().locator('.byline-title').evaluate((e) => getComputedStyle(e).color);
    const hex = '#' + colour.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
    assertEqual(hex, site.accent, 'titles in the accent colour');
    await page.screenshot({path: path.join(outDir, 'widget.png')});
  });

  await t.check('widget: arrows move, Escape closes, Enter opens the results page', async () => {
    await page.press('#search', 'ArrowDown');
    const first = await page.getAttribute('#search', 'aria-activedescendant');
    assert(first && await page.getAttribute('#' + first, 'aria-selected') === 'true', 'first active');
    await page.press('#search', 'Escape');
    await page.locator('.byline-widget').waitFor({state: 'hidden'});
    await page.locator('#search').pressSequentially('a', {delay: 30});
    await page.locator('.byline-widget').waitFor({state: 'visible'});
    await page.press('#search', 'ArrowDown');
    await Promise.all([page.waitForURL(searchdUrl + '/?q=solar'), page.press('#search', 'Enter')]);
    await page.waitForSelector('#hits .hit mark');
  });

  await t.check('widget: a total that is not exact shows as a lower bound, "1,000+"', async () => {
    await page.route('**/search?**', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      route.fulfill({response, json: {...body, total: 1000, total_exact: false}});
    });
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    await page.locator('#search').pressSequentially('sol', {delay: 30});
    const all = page.locator('.byline-widget .byline-all');
    await all.waitFor({state: 'visible'});
    assertEqual(await all.textContent(), 'All 1,000+ results for “sol”', 'the link to all results');
    await page.unroute('**/search?**');
  });

  await t.check('widget: wire copies show as one top result (dedupe=near)', async () => {
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    await page.locator('#search').pressSequentially('kelpwire', {delay: 20});
    const hits = page.locator('.byline-widget .byline-hit');
    await hits.first().waitFor({state: 'visible'});
    assertEqual(await hits.count(), 1, 'top results for a story printed three times');
  });

  await t.check('widget: an input without a placeholder gets searchd\'s --placeholder', async () => {
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    assertEqual(await page.getAttribute('#search', 'placeholder'), site.placeholder, 'placeholder');
  });

  await t.check('widget: a hit without a web url opens its article view on searchd', async () => {
    let firstId = null;
    await page.route('**/search?**', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      // The first hit has no url, the others one that must not be followed.
      const hits = body.hits.map((hit, i) => ({...hit, url: i === 0 ? '' : 'javascript:window.__xss=6'}));
      if (hits.length) firstId = hits[0].id;
      route.fulfill({response, json: {...body, hits}});
    });
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    await page.locator('#search').pressSequentially('sol', {delay: 30});
    const hits = page.locator('.byline-widget .byline-hit');
    await hits.first().waitFor({state: 'visible'});
    assert(firstId, 'a hit came back');
    await Promise.all([
      page.waitForURL(searchdUrl + '/?article=' + encodeURIComponent(firstId)),
      hits.first().dispatchEvent('mousedown'),
    ]);
    await page.unroute('**/search?**');
    const article = await (await fetch(searchdUrl + '/articles/' + encodeURIComponent(firstId))).json();
    await page.waitForFunction(() => document.querySelector('#article-title').textContent);
    assertEqual(await page.textContent('#article-title'), article.title, 'the article, readable');
  });

  await t.check('widget: the XSS article shows as text on the host page', async () => {
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    await page.locator('#search').pressSequentially('zebrafish', {delay: 20});
    const hit = page.locator('.byline-widget .byline-hit').first();
    await hit.waitFor({state: 'visible'});
    assert((await hit.textContent()).includes('<script>alert(1)</script>'), 'title as text');
    assertEqual(await page.locator('.byline-widget img, .byline-widget script').count(), 0,
                'no element injected');
    assertEqual(await page.evaluate(() => window.__xss), undefined, 'window.__xss untouched');
  });

  await t.check('widget: data-related-id lists related articles, host page unmoved', async () => {
    const boxes = () => page.evaluate(() => [...document.querySelectorAll('header, h1, label, #search, main, main p')]
        .map((e) => Object.values(e.getBoundingClientRect().toJSON()).map(Math.round).join(',')));
    await page.goto(hostUrl + '/');
    await page.waitForSelector('#search[role=combobox]');
    const before = await boxes();
    assertEqual(await page.locator('.byline-related').count(), 0, 'no list without data-related-id');
    await page.goto(hostUrl + '/?related=byline-0006');
    const links = page.locator('.byline-related a.byline-hit');
    await links.first().waitFor({state: 'visible'});
    const count = await links.count();
    assert(count >= 1 && count <= 5, 'related links: ' + count);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
    assert(hrefs.every((href) => /^https?:/.test(href)), 'web links: ' + hrefs);
    const titles = await links.locator('.byline-title').allTextContents();
    assert(titles.every(Boolean), 'titles: ' + titles);
    assert(!titles.some((t) => t.startsWith('Record field of runners')), 'never the article itself');
    // Styled like the dropdown's results, but in the flow of the page.
    const style = await links.first().locator('.byline-title')
        .evaluate((e) => [getComputedStyle(e).fontWeight, getComputedStyle(e.closest('nav')).position]);
    assertEqual(style.join(' '), '600 static', 'title weight and list position');
    assertEqual(await boxes(), before, 'host boxes above the list unchanged');
    await page.screenshot({path: path.join(outDir, 'widget-related.png')});
  });

  await page.close();
}
