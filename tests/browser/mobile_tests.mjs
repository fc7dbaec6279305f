// The search page and the widget on a phone and a tablet (Playwright's device
// emulation), and in dark mode. Layout is asserted on element boxes, not on
// pixels; screenshots are kept as artefacts.
import fs from 'node:fs';
import path from 'node:path';

import {assert, assertEqual, search, settled} from './harness.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const LONG_WORD = 'Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung'.repeat(3);

// How far the page scrolls sideways (0 when it fits the window).
const sidewaysScroll = (page) => page.evaluate(
    () => document.scrollingElement.scrollWidth - window.innerWidth);

async function axe(page, axeSource, outDir, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((values) => window.axe.run(document, {runOnly: {type: 'tag', values}}),
                                     AXE_TAGS);
  fs.writeFileSync(path.join(outDir, `axe-${name}.json`), JSON.stringify(result.violations, null, 2));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, name + ': ' + bad.map((v) => `${v.id} (${v.impact}): ${v.help} ` +
         v.nodes.map((n) => n.target.join(' ')).join(', ')).join('; '));
  return result;
}

// WCAG contrast of an element's text colour on a background colour, both as
// the browser computed them.
async function contrast(page, selector, backgroundSelector) {
  return page.evaluate(([sel, bgSel]) => {
    const rgb = (css) => css.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
      const [r, g, b] = c.map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const a = lum(rgb(getComputedStyle(document.querySelector(sel)).color));
    const b = lum(rgb(getComputedStyle(document.querySelector(bgSel)).backgroundColor));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }, [selector, backgroundSelector]);
}

export async function mobileTests(t, {browser, devices, searchdUrl, hostUrl, outDir, axeSource,
                                      watch}) {
  const newContext = async (options) => {
    const context = await browser.newContext({locale: 'en-GB', timezoneId: 'UTC', ...options});
    context.setDefaultTimeout(10000);
    return context;
  };
  const phone = await newContext({...devices['Pixel 5']});
  const page = await phone.newPage();
  watch(page);

  await t.check('phone: results first, facets behind a Filters button, box stays in reach', async () => {
    await page.goto(searchdUrl + '/');
    await search(page, 'harbour');
    const viewport = page.viewportSize();
    assert(await page.locator('#facets').isHidden(), 'facets hidden at first');
    const button = page.locator('#filters-button');
    assert(await button.isVisible(), 'a Filters button');
    assertEqual(await button.getAttribute('aria-expanded'), 'false', 'aria-expanded');
    assertEqual(await button.getAttribute('aria-controls'), 'facets', 'aria-controls');
    const first = await page.locator('#hits .hit').first().boundingBox();
    assert(first.y + 40 < viewport.height, `first result at ${first.y}, above the fold`);
    assert(first.width <= viewport.width, 'first result as wide as the screen at most');
    assert(await sidewaysScroll(page) <= 0, 'no sideways scroll');
    await page.screenshot({path: path.join(outDir, 'phone.png')});
    // Scrolled down, the query box is still on screen.
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
    await page.waitForFunction(() => window.scrollY > 100);
    const box = await page.locator('#q').boundingBox();
    assert(box.y >= 0 && box.y + box.height <= viewport.height, 'query box in view: y=' + box.y);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  await t.check('phone: touch targets are at least 44 px tall', async () => {
    const heights = await page.evaluate(() => [...document.querySelectorAll(
        '#q, button, #sort, #pages a')].filter((e) => e.offsetParent !== null)
        .map((e) => [e.id || e.textContent.trim(), e.getBoundingClientRect().height]));
    assert(heights.length >= 4, 'targets measured: ' + JSON.stringify(heights));
    const small = heights.filter(([, h]) => h < 44);
    assert(small.length === 0, 'smaller than 44 px: ' + JSON.stringify(small));
  });

  await t.check('phone: the Filters drawer opens, counts ticked filters, closes by key', async () => {
    const button = page.locator('#filters-button');
    await button.tap();
    await page.locator('#facets').waitFor({state: 'visible'});
    assertEqual(await button.getAttribute('aria-expanded'), 'true', 'expanded');
    const rows = await page.locator('#facets .facet-value').evaluateAll(
        (all) => all.map((e) => e.getBoundingClientRect().height));
    assert(rows.length > 0 && rows.every((h) => h >= 44), 'facet rows ≥ 44 px: ' + rows);
    const results = await page.locator('#results').boundingBox();
    const facets = await page.locator('#facets').boundingBox();
    assert(facets.y < results.y, 'the open drawer comes before the results');
    await page.screenshot({path: path.join(outDir, 'phone-filters.png')});
    // Ticking a value filters, keeps the drawer open and counts it on the button.
    const box = page.locator('#facets input[data-field=tag]').first();
    const value = await box.getAttribute('value');
    await page.locator(`label[for="${await box.getAttribute('id')}"]`).tap();
    await page.waitForFunction((v) => new URLSearchParams(location.search).getAll('tag').includes(v),
                               value);
    await settled(page);
    assertEqual(await button.textContent(), 'Filters (1)', 'the count on the button');
    assert(await page.locator('#facets').isVisible(), 'still open after ticking');
    assert(await page.locator(`#facets input[data-field=tag][value="${value}"]`).isChecked(), 'ticked');
    // Focus stays on the box that was ticked; Escape closes and returns to the button.
    await page.locator(`#facets input[data-field=tag][value="${value}"]`).focus();
    await page.keyboard.press('Escape');
    await page.locator('#facets').waitFor({state: 'hidden'});
    assertEqual(await button.getAttribute('aria-expanded'), 'false', 'collapsed by Escape');
    assertEqual(await page.evaluate(() => document.activeElement.id), 'filters-button', 'focus back');
    // The keyboard opens and closes it as well.
    await page.keyboard.press('Enter');
    await page.locator('#facets').waitFor({state: 'visible'});
    await page.keyboard.press('Space');
    await page.locator('#facets').waitFor({state: 'hidden'});
    // A new query starts without filters.
    await search(page, 'solar');
    assertEqual(await button.textContent(), 'Filters', 'no count without filters');
  });

  await t.check('phone: accessibility (axe) with the drawer open', async () => {
    await page.locator('#filters-button').tap();
    await page.locator('#facets').waitFor({state: 'visible'});
    await axe(page, axeSource, outDir, 'phone');
  });
  await phone.close();

  await t.check('320 px: long words, URLs and the article view never scroll sideways', async () => {
    const small = await newContext({viewport: {width: 320, height: 640}, isMobile: true,
                                    hasTouch: true, deviceScaleFactor: 2});
    const narrow = await small.newPage();
    watch(narrow);
    await narrow.route('**/search?**', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      const hits = body.hits.map((hit, i) => i ? hit : {...hit,
        title_html: hit.title_html + ' ' + LONG_WORD,
        snippet_html: LONG_WORD + ' <mark>' + LONG_WORD + '</mark> ' + hit.snippet_html,
        url: 'https://example.org/' + LONG_WORD + '/' + LONG_WORD + '?q=' + LONG_WORD});
      route.fulfill({response, json: {...body, hits}});
    });
    await narrow.goto(searchdUrl + '/');
    await search(narrow, 'harbour');
    assert((await narrow.textContent('#hits')).includes(LONG_WORD), 'the long word is shown');
    assert(await sidewaysScroll(narrow) <= 0, 'results: ' + await sidewaysScroll(narrow));
    await narrow.locator('#filters-button').tap();
    await narrow.locator('#facets').waitFor({state: 'visible'});
    assert(await sidewaysScroll(narrow) <= 0, 'drawer open: ' + await sidewaysScroll(narrow));
    await narrow.screenshot({path: path.join(outDir, 'phone-320.png'), fullPage: true});
    await narrow.fill('#q', '');
    await narrow.locator('#q').pressSequentially('sol', {delay: 30});
    await narrow.locator('#suggestions').waitFor({state: 'visible'});
    assert(await sidewaysScroll(narrow) <= 0, 'suggestions: ' + await sidewaysScroll(narrow));
    await narrow.unroute('**/search?**');
    await narrow.goto(searchdUrl + '/?article=byline-0001');
    await narrow.waitForFunction(() => document.querySelector('#article-title').textContent);
    assert(await sidewaysScroll(narrow) <= 0, 'article view: ' + await sidewaysScroll(narrow));
    await small.close();
  });

  await t.check('tablet: portrait has the Filters button, landscape the facets beside results', async () => {
    const tablet = await newContext({...devices['Galaxy Tab S4']});
    const portrait = await tablet.newPage();
    watch(portrait);
    await portrait.goto(searchdUrl + '/');
    await search(portrait, 'harbour');
    assert(await portrait.locator('#filters-button').isVisible(), 'Filters button');
    const first = await portrait.locator('#hits .hit').first().boundingBox();
    assert(first.y + 40 < portrait.viewportSize().height, 'first result above the fold');
    assert(await sidewaysScroll(portrait) <= 0, 'no sideways scroll');
    await portrait.screenshot({path: path.join(outDir, 'tablet.png')});
    await tablet.close();

    const wide = await newContext({...devices['Galaxy Tab S4 landscape']});
    const landscape = await wide.newPage();
    watch(landscape);
    await landscape.goto(searchdUrl + '/');
    await search(landscape, 'harbour');
    assert(await landscape.locator('#filters-button').isHidden(), 'no Filters button');
    const facets = await landscape.locator('#facets').boundingBox();
    const results = await landscape.locator('#results').boundingBox();
    assert(facets && facets.x + facets.width <= results.x, 'facets in a column left of the results');
    assert(await sidewaysScroll(landscape) <= 0, 'no sideways scroll');
    await landscape.screenshot({path: path.join(outDir, 'tablet-landscape.png')});
    await wide.close();
  });

  await t.check('dark mode: dark page, accent and highlights readable; axe on phone and desktop', async () => {
    for (const [name, options] of [['dark-phone', devices['Pixel 5']],
                                   ['dark-desktop', {viewport: {width: 1280, height: 900}}]]) {
      const dark = await newContext({...options, colorScheme: 'dark'});
      const p = await dark.newPage();
      watch(p);
      await p.goto(searchdUrl + '/');
      await search(p, 'solar');
      const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert(bg.match(/\d+/g).slice(0, 3).every((v) => Number(v) < 60), 'dark background: ' + bg);
      const link = await contrast(p, '#hits .hit h2 a', 'body');
      assert(link >= 4.5, `${name}: links (the accent) at contrast ${link.toFixed(2)}`);
      const mark = await contrast(p, '#hits .hit mark', '#hits .hit mark');
      assert(mark >= 4.5, `${name}: highlights at contrast ${mark.toFixed(2)}`);
      if (name === 'dark-phone') {
        await p.locator('#filters-button').tap();
        await p.locator('#facets').waitFor({state: 'visible'});
      }
      await axe(p, axeSource, outDir, name);
      await p.fill('#q', '');
      await p.locator('#q').pressSequentially('sol', {delay: 30});
      await p.locator('#suggestions').waitFor({state: 'visible'});
      await axe(p, axeSource, outDir, name + '-suggestions');
      await p.screenshot({path: path.join(outDir, name + '.png')});
      await dark.close();
    }
  });

  await t.check('widget on a phone: fits the screen, closes on outside tap and Escape, host unmoved',
                async () => {
    for (const [name, options] of [['widget-phone', devices['Pixel 5']],
                                   ['widget-320', {viewport: {width: 320, height: 640}, isMobile: true,
                                                   hasTouch: true}]]) {
      const context = await newContext(options);
      const host = await context.newPage();
      watch(host);
      await host.goto(hostUrl + '/');
      await host.waitForSelector('#search[role=combobox]');
      const boxes = () => host.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        scrollHeight: document.scrollingElement.scrollHeight,
        boxes: [...document.querySelectorAll('header, h1, label, #search, main, main p')].map((e) => {
          const r = e.getBoundingClientRect();
          return [r.x, r.y, r.width, r.height];
        }),
      }));
      const before = await boxes();
      await host.locator('#search').tap();
      await host.locator('#search').pressSequentially('sol', {delay: 30});
      const panel = host.locator('.byline-widget');
      await panel.waitFor({state: 'visible'});
      const {width, height} = host.viewportSize();
      const box = await panel.boundingBox();
      assert(box.x >= 0 && box.x + box.width <= width, `${name}: dropdown x ${box.x}..${box.x + box.width}`);
      assert(box.y + box.height <= height, `${name}: dropdown bottom ${box.y + box.height}`);
      assertEqual(await boxes(), before, name + ': host layout with the dropdown open');
      await host.screenshot({path: path.join(outDir, name + '.png')});
      // A tap on the host page below the dropdown.
      assert(box.y + box.height + 40 < height, `${name}: some of the page shows below the dropdown`);
      const [x, y] = [width / 2, height - 5];
      assert(await host.evaluate(([px, py]) => !document.elementFromPoint(px, py)
          .closest('.byline-widget, #search'), [x, y]), `${name}: (${x}, ${y}) is outside the dropdown`);
      await host.touchscreen.tap(x, y);
      await panel.waitFor({state: 'hidden'});
      assertEqual(await host.getAttribute('#search', 'aria-expanded'), 'false', 'closed by a tap');
      await host.locator('#search').tap();
      await host.locator('#search').pressSequentially('a', {delay: 30});
      await panel.waitFor({state: 'visible'});
      await host.keyboard.press('Escape');
      await panel.waitFor({state: 'hidden'});
      assertEqual(await boxes(), before, name + ': host layout after closing');
      await context.close();
    }
  });
}
