// The search page on a slow phone (issue 24): a 390×844 touch viewport with
// chromium's CPU throttled 4×. Checks the performance budget and writes the
// figures to perf.json in the out dir (bench/page/run.sh copies them):
//   - the page's own bytes (HTML, CSS, JS) under 30 KB compressed;
//   - first results painted within 500 ms of the /search response (median);
//   - typing never blocks: suggestions debounced, stale answers dropped, no
//     long script work in the page's own script while typing.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {brotliCompressSync, gzipSync} from 'node:zlib';

import {assert} from './harness.mjs';

export const PHONE = {viewport: {width: 390, height: 844}, deviceScaleFactor: 3, isMobile: true,
                      hasTouch: true};
const CPU_SLOWDOWN = 4;
const WEIGHT_BUDGET = 30 * 1024;  // compressed bytes of the page's own HTML, CSS and JS
const PAINT_BUDGET_MS = 500;      // response end to first results painted, median
const PAINT_RUNS = 9;
const LONG_SCRIPT_MS = 50;        // the longest our script may run at once while typing

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round1 = (x) => Math.round(x * 10) / 10;

// GET url with Accept-Encoding as a phone's browser sends it: the bytes on
// the wire (not decoded) and the Content-Encoding they came with.
function getRaw(url) {
  return new Promise((resolve, reject) => {
    http.get(url, {headers: {'Accept-Encoding': 'gzip, deflate, br'}}, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({status: res.statusCode, encoding: res.headers['content-encoding'] || 'identity',
                                   body: Buffer.concat(chunks)}));
    }).on('error', reject);
  });
}

// Watches the page from before its own script runs: long tasks, long
// animation frames (with the scripts that ran in them), and the frame after
// each change of #hits (two requestAnimationFrames: the first frame showing
// the new results has been painted).
function installProbes() {
  const perf = {longTasks: [], longFrames: [], paints: []};
  window.__perf = perf;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      perf.longTasks.push({start: entry.startTime, duration: entry.duration});
    }
  }).observe({type: 'longtask', buffered: true});
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        perf.longFrames.push({start: entry.startTime, duration: entry.duration,
                              scripts: entry.scripts.map((s) => ({url: s.sourceURL, duration: s.duration,
                                                                  invoker: s.invoker}))});
      }
    }).observe({type: 'long-animation-frame', buffered: true});
  } catch (err) {
    perf.noLongFrames = String(err);
  }
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      const changed = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        perf.paints.push({changed, painted: performance.now(),
                          hits: document.querySelectorAll('#hits .hit').length});
      }));
    }).observe(document.getElementById('hits'), {childList: true});
  });
}

// Queries with results in any collection: words of the articles' titles.
function queriesFrom(articlesPath, count) {
  const words = [];
  for (const line of fs.readFileSync(articlesPath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const title = String(JSON.parse(line).title || '');
    const word = title.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 5);
    if (word && !words.includes(word.toLowerCase())) words.push(word.toLowerCase());
    if (words.length === count) break;
  }
  return words;
}

// Two words of a title, as a visitor would type them.
function phraseFrom(articlesPath) {
  const line = fs.readFileSync(articlesPath, 'utf8').split('\n').find((l) => l.trim());
  const words = String(JSON.parse(line).title || '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const at = Math.max(0, words.findIndex((w) => w.length >= 5));
  return words.slice(at, at + 2).join(' ').toLowerCase();
}

async function slowPhonePage(context, watch) {
  const page = await context.newPage();
  watch(page);
  await page.addInitScript(installProbes);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', {rate: CPU_SLOWDOWN});
  return page;
}

export async function perfTests(t, {browser, searchdUrl, outDir, watch, articles}) {
  const figures = {cpu_slowdown: CPU_SLOWDOWN, viewport: PHONE.viewport, device_scale_factor:
                   PHONE.deviceScaleFactor};
  const context = await browser.newContext({...PHONE, locale: 'en-GB', timezoneId: 'UTC'});
  context.setDefaultTimeout(20000);
  try {
    await t.check('phone: the page\'s own bytes stay under 30 KB compressed', async () => {
      const home = await getRaw(searchdUrl + '/');
      const html = (await (await fetch(searchdUrl + '/')).text());
      const names = ['/', ...[...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])];
      assert(names.some((n) => n.endsWith('.js')) && names.some((n) => n.endsWith('.css')),
             'the page names its script and stylesheet: ' + names);
      const files = {};
      for (const name of names) {
        const wire = name === '/' ? home : await getRaw(searchdUrl + name);
        assert(wire.status === 200, `${name}: status ${wire.status}`);
        const plain = Buffer.from(await (await fetch(searchdUrl + name)).arrayBuffer());
        files[name] = {bytes: plain.length, encoding: wire.encoding, wire: wire.body.length,
                       gzip: gzipSync(plain, {level: 9}).length,
                       br: brotliCompressSync(plain).length};
      }
      const sum = (key) => Object.values(files).reduce((total, f) => total + f[key], 0);
      const total = {bytes: sum('bytes'), wire: sum('wire'), gzip: sum('gzip'), br: sum('br')};
      figures.weight = {files, total, budget: WEIGHT_BUDGET};
      console.log(`  page's own bytes: ${total.bytes} (${total.gzip} gzip -9, ${total.br} brotli; ` +
                  `${total.wire} on the wire as searchd serves them to Accept-Encoding: gzip, br)`);
      // What a phone downloads, as searchd serves it (brotli or gzip, as
      // cpp-httplib was built); and gzip -9 of the same bytes, as the
      // page-weight check measures them, for a browser without brotli.
      assert(total.wire < WEIGHT_BUDGET, `${total.wire} bytes on the wire, budget ${WEIGHT_BUDGET}`);
      assert(total.gzip < WEIGHT_BUDGET, `${total.gzip} bytes gzipped, budget ${WEIGHT_BUDGET}`);
    });

    const page = await slowPhonePage(context, watch);
    await page.goto(searchdUrl + '/');
    // The declared fields (GET /fields) are read at start; a search typed
    // before they arrive would run twice.
    await page.waitForFunction(() => performance.getEntriesByType('resource')
        .some((e) => new URL(e.name).pathname === '/fields' && e.responseEnd > 0));

    await t.check(`phone: first results painted within ${PAINT_BUDGET_MS} ms of the /search ` +
                  `response (median of ${PAINT_RUNS})`, async () => {
      const queries = queriesFrom(articles, PAINT_RUNS);
      assert(queries.length === PAINT_RUNS, 'not enough title words in ' + articles);
      const runs = [];
      for (const q of queries) {
        const before = await page.evaluate(() => window.__perf.paints.length);
        await page.fill('#q', q);
        await page.press('#q', 'Enter');
        const run = await page.waitForFunction(({q, before}) => {
          const response = performance.getEntriesByType('resource').filter((e) => {
            const url = new URL(e.name);
            return url.pathname === '/search' && url.searchParams.get('q') === q && e.responseEnd > 0;
          }).pop();
          if (!response) return null;
          const paint = window.__perf.paints.slice(before)
              .find((p) => p.hits > 0 && p.changed >= response.responseEnd);
          if (!paint) return null;
          return {q, hits: paint.hits, response_end: response.responseEnd,
                  response_ms: response.responseEnd - response.startTime,
                  paint_ms: paint.painted - response.responseEnd};
        }, {q, before}).then((handle) => handle.jsonValue());
        runs.push(run);
      }
      const paints = runs.map((r) => r.paint_ms);
      figures.paint = {runs: runs.map((r) => ({q: r.q, hits: r.hits, response_ms: round1(r.response_ms),
                                               paint_ms: round1(r.paint_ms)})),
                       median_ms: round1(median(paints)), max_ms: round1(Math.max(...paints)),
                       budget_ms: PAINT_BUDGET_MS};
      console.log(`  response end to results painted: median ${figures.paint.median_ms} ms, ` +
                  `max ${figures.paint.max_ms} ms over ${paints.length} searches`);
      await page.screenshot({path: path.join(outDir, 'phone-results.png')});
      assert(median(paints) <= PAINT_BUDGET_MS,
             `median ${median(paints)} ms from response to paint: ${paints.map(round1)}`);
    });

    await t.check('phone: typing never blocks; suggestions debounced, a stale answer dropped',
                  async () => {
      await page.goto(searchdUrl + '/');
      await page.waitForFunction(() => performance.getEntriesByType('resource')
          .some((e) => new URL(e.name).pathname === '/fields' && e.responseEnd > 0));
      // A word of the collection, its first three letters answered late
      // with a made-up answer that must never show.
      const typed = phraseFrom(articles);
      const early = typed.slice(0, 3);
      assert(typed.length > early.length + 1, `a phrase to type: "${typed}"`);
      const suggests = [];
      let staleSent = false;
      await page.route('**/suggest?*', async (route) => {
        const q = new URL(route.request().url()).searchParams.get('q');
        suggests.push(q);
        if (q !== early) return route.continue();
        await sleep(1500);
        staleSent = true;
        await route.fulfill({status: 200, contentType: 'application/json',
                             body: JSON.stringify({completions: [{text: 'stale-answer'}], titles: []})})
            .catch(() => {});  // the page gave up on it (aborted): also fine
      });
      await page.evaluate(() => {
        window.__staleShown = false;
        new MutationObserver(() => {
          if (document.getElementById('suggestions').textContent.includes('stale-answer')) {
            window.__staleShown = true;
          }
        }).observe(document.getElementById('suggestions'), {childList: true, subtree: true});
      });
      const start = await page.evaluate(() => performance.now());
      const box = page.locator('#q');
      await box.tap();
      // A person typing on a phone: letters 60–110 ms apart, a pause once
      // the first three are in (long enough for their suggestions to be
      // asked for), then the rest.
      let keystrokes = 0;
      for (let i = 0; i < typed.length; i++) {
        await page.keyboard.type(typed[i]);
        keystrokes++;
        await sleep(i === early.length - 1 ? 600 : 60 + (i * 37) % 50);
      }
      const list = page.locator('#suggestions');
      await page.waitForTimeout(1800);  // past the stale answer's delay
      const end = await page.evaluate(() => performance.now());
      const shown = await list.locator('[role=option] .text').allTextContents();
      const staleShown = await page.evaluate(() => window.__staleShown);
      const perf = await page.evaluate(() => window.__perf);
      await page.screenshot({path: path.join(outDir, 'phone-typing.png')});
      await page.unroute('**/suggest?*');

      const during = (e) => e.start >= start && e.start <= end;
      const longTasks = perf.longTasks.filter(during);
      const ours = (url) => url.startsWith(searchdUrl + '/assets/');
      const longFrames = perf.longFrames.filter(during);
      const scripts = longFrames.flatMap((f) => f.scripts).filter((s) => ours(s.url));
      const longestScript = scripts.reduce((max, s) => Math.max(max, s.duration), 0);
      figures.typing = {
        typed, keystrokes, suggest_requests: suggests.length,
        requests_per_keystroke: Math.round(suggests.length / keystrokes * 100) / 100,
        suggest_queries: suggests, long_tasks: longTasks.length,
        longest_task_ms: round1(longTasks.reduce((max, e) => Math.max(max, e.duration), 0)),
        long_animation_frames: longFrames.length,
        longest_frame_ms: round1(longFrames.reduce((max, f) => Math.max(max, f.duration), 0)),
        scripts_in_long_frames: longFrames.flatMap((f) => f.scripts)
            .map((s) => ({url: s.url, invoker: s.invoker, duration_ms: round1(s.duration)})),
        longest_own_script_ms: round1(longestScript),
        long_animation_frames_supported: !perf.noLongFrames,
        stale_answer_sent: staleSent, stale_answer_shown: staleShown, suggestions_shown: shown,
      };
      console.log(`  typing ${keystrokes} keys: ${suggests.length} /suggest requests, ` +
                  `${longTasks.length} long tasks (longest ${figures.typing.longest_task_ms} ms), ` +
                  `longest run of the page's script ${figures.typing.longest_own_script_ms} ms`);
      assert(suggests.length < keystrokes, `${suggests.length} /suggest requests for ${keystrokes} keys`);
      assert(suggests.includes(early), `the early prefix "${early}" was asked for: ${suggests}`);
      assert(suggests[suggests.length - 1] === typed, `the last request is for "${typed}": ${suggests}`);
      assert(staleSent && !staleShown, 'the late answer to "' + early + '" was shown over a newer one');
      assert(!perf.noLongFrames, 'long animation frames are not observable: ' + perf.noLongFrames);
      assert(longestScript <= LONG_SCRIPT_MS,
             `the page's script ran ${longestScript} ms at once while typing: ` +
             JSON.stringify(scripts.filter((s) => s.duration > LONG_SCRIPT_MS)));
    });
    await page.close();
  } finally {
    fs.writeFileSync(path.join(outDir, 'perf.json'), JSON.stringify(figures, null, 2) + '\n');
    await context.close();
  }
}
