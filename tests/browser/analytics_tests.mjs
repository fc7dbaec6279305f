// Search analytics in the browser: the page and the widget send a click
// beacon when a result is opened, the page counts a search once (its
// facet-count, paging and filter searches say byline_analytics=false), and
// the admin page (GET /admin/) draws GET /admin/analytics.
import path from 'node:path';

import {assert, assertEqual, search, settled} from './harness.mjs';

export const ADMIN_TOKEN = 'browser-admin-token-0123456789';

async function analytics(searchdUrl) {
  const response = await fetch(searchdUrl + '/admin/analytics?days=1&limit=1000',
                               {headers: {Authorization: 'Bearer ' + ADMIN_TOKEN}});
  assertEqual(response.status, 200, '/admin/analytics status');
  return response.json();
}

// Polls until `test(analytics)` holds (a beacon is sent in the background).
async function waitForAnalytics(searchdUrl, test, what) {
  let last = null;
  for (let i = 0; i < 50; i++) {
    last = await analytics(searchdUrl);
    if (test(last)) return last;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(what + '; last answer: ' + JSON.stringify(last).slice(0, 600));
}

const countOf = (data, query) => (data.top_queries.find((q) => q.query === query) || {count: 0}).count;

export async function analyticsTests(t, {context, searchdUrl, hostUrl, outDir, watch}) {
  const page = await context.newPage();
  watch(page);
  await page.setViewportSize({width: 1280, height: 900});
  // Results link to other sites: answer them here, so nothing leaves the machine.
  const elsewhere = (url) => !url.href.startsWith(searchdUrl) && !url.href.startsWith(hostUrl);
  const answerElsewhere = (route) => route.fulfill({status: 200, contentType: 'text/html',
                                                    body: '<!doctype html><title>elsewhere</title>'});
  await context.route(elsewhere, answerElsewhere);

  await t.check('analytics: the page counts a search once, not its filters, pages or facet counts', async () => {
    const searches = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/search') searches.push(url.searchParams);
    });
    await page.goto(searchdUrl + '/');
    const before = countOf(await analytics(searchdUrl), 'solar');
    await search(page, 'SOLAR');
    const tag = page.locator('#facets input[data-field=tag]').first();
    await tag.check();
    await settled(page);
    await tag.uncheck();
    await settled(page);
    const data = await analytics(searchdUrl);
    assertEqual(countOf(data, 'solar') - before, 1, 'counted once, normalised');
    const counted = searches.filter((p) => p.get('byline_analytics') !== 'false');
    assertEqual(counted.length, 1, 'searches not marked byline_analytics=false');
    assert(searches.some((p) => p.get('per_page') === '1' && p.get('byline_analytics') === 'false'),
           'the facet-count searches are marked');
  });

  await t.check('analytics: a click on a result sends a beacon with its query, id and position', async () => {
    await search(page, 'solar');
    const expected = await (await fetch(searchdUrl + '/search?q=solar&per_page=10&byline_analytics=false')).json();
    assert(expected.hits.length >= 2, 'two results for solar');
    const before = await analytics(searchdUrl);
    // The page stays (the link's own listeners run first, then this one stops the navigation).
    await page.evaluate(() => document.addEventListener('click', (e) => e.preventDefault(), {once: true}));
    const beacon = page.waitForRequest((r) => r.url() === searchdUrl + '/events/click', {timeout: 5000})
        .catch(() => null);
    await page.locator('#hits .hit h2 a').nth(1).click();
    const request = await beacon;
    if (request) {  // a beacon is not always shown to the test; searchd's count below is the check
      assertEqual(JSON.parse(request.postData()), {query: 'solar', id: expected.hits[1].id, position: 2},
                  'the beacon');
    }
    const after = await waitForAnalytics(searchdUrl,
        (d) => d.clicks_by_position[1].clicks === before.clicks_by_position[1].clicks + 1,
        'the click at position 2 was not counted');
    assertEqual(after.totals.clicks, before.totals.clicks + 1, 'one click more');
    assert(after.top_clicked.some((c) => c.id === expected.hits[1].id), 'the clicked id is listed');
  });

  await t.check('analytics: a top result picked in the widget sends a beacon; typing counts no query', async () => {
    const widgetPage = await context.newPage();
    watch(widgetPage);
    const before = await analytics(searchdUrl);
    await widgetPage.goto(hostUrl + '/');
    await widgetPage.waitForSelector('#search[role=combobox]');
    await widgetPage.locator('#search').pressSequentially('zebra', {delay: 40});
    const hit = widgetPage.locator('.byline-widget .byline-hit').first();
    await hit.waitFor({state: 'visible'});
    const beacon = widgetPage.waitForRequest((r) => r.url() === searchdUrl + '/events/click',
                                             {timeout: 5000}).catch(() => null);
    await Promise.all([widgetPage.waitForURL((url) => !url.href.startsWith(hostUrl)),
                       hit.dispatchEvent('mousedown')]);
    const request = await beacon;
    if (request) {
      const sent = JSON.parse(request.postData());
      assertEqual(sent.query, 'zebra', 'the query typed');
      assertEqual(sent.position, 1, 'the first top result');
    }
    const after = await waitForAnalytics(searchdUrl,
        (d) => d.totals.clicks === before.totals.clicks + 1 &&
               d.clicks_by_position[0].clicks === before.clicks_by_position[0].clicks + 1,
        'the widget click at position 1 was not counted');
    assertEqual(after.totals.queries, before.totals.queries, 'as-you-type searches are not queries');
    await widgetPage.close();
  });

  await t.check('analytics: the admin page asks for the token and draws tables and a chart', async () => {
    const admin = await context.newPage();
    // Watched as every page, but the 403 of the wrong token is expected here.
    const problems = [];
    admin.on('pageerror', (err) => problems.push('uncaught error: ' + err.message));
    admin.on('dialog', (dialog) => problems.push('dialog: ' + dialog.message()));
    admin.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of 403/.test(msg.text())) problems.push(msg.text());
    });
    const response = await admin.goto(searchdUrl + '/admin/');
    const csp = response.headers()['content-security-policy'] || '';
    assert(csp.includes("script-src 'self'") && !csp.includes('unsafe'), 'CSP: ' + csp);
    await admin.fill('#token', 'a-wrong-token-of-some-length');
    await admin.click('button[type=submit]');
    await admin.waitForSelector('#status.error');
    assert((await admin.textContent('#status')).includes('not valid'), 'the wrong token is refused');
    assert(await admin.locator('#report').isHidden(), 'nothing shown without the token');

    await admin.fill('#token', ADMIN_TOKEN);
    await admin.check('#remember');
    await admin.click('button[type=submit]');
    await admin.locator('#report').waitFor({state: 'visible'});
    const data = await analytics(searchdUrl);
    assert(data.totals.queries > 0, 'queries were counted');
    const rows = await admin.locator('#top-queries tbody tr td.query').allTextContents();
    assert(rows.includes('solar'), 'top queries: ' + rows);
    assertEqual(await admin.locator('#per-day tbody tr').count(), 7, 'a row a day');
    assert(await admin.locator('#chart svg rect.bar').count() === 7, 'a bar a day');
    const positions = await admin.locator('#positions tbody tr').allTextContents();
    assert(positions.some((row) => row.startsWith('2')), 'position 2 listed: ' + positions);
    assert((await admin.textContent('#summary')).includes(data.totals.queries.toLocaleString('en-GB')),
           'the summary says the total');
    await admin.screenshot({path: path.join(outDir, 'admin.png'), fullPage: true});
    // Kept for the tab only when asked: a reload shows the report again.
    await admin.reload();
    await admin.locator('#report').waitFor({state: 'visible'});
    assertEqual(await admin.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    assertEqual(await admin.evaluate(() => document.cookie), '', 'no cookie');
    await admin.close();
    assertEqual(problems, [], 'errors or CSP violations on the admin page');
  });
  await context.unroute(elsewhere, answerElsewhere);
}
