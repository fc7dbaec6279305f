// Browser tests of byline-searchd's search page and widget: Debian's
// chromium, headless, driven by playwright-core, against the real
// byline-searchd on a loopback port over a freshly built index.
//
//   node run.mjs --indexer PATH --searchd PATH --articles data/articles.jsonl --out DIR
//
// Exits 77 (ctest: skipped) only when chromium is not installed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';
import {parseArgs} from 'node:util';

import {ADMIN_TOKEN, analyticsTests} from './analytics_tests.mjs';
import {Harness} from './harness.mjs';
import {mobileTests} from './mobile_tests.mjs';
import {pageTests} from './page_tests.mjs';
import {perfTests} from './perf_tests.mjs';
import {buildIndex, startSearchd, startStaticServer, widgetHostPage} from './servers.mjs';
import {widgetTests} from './widget_tests.mjs';

const {values: args} = parseArgs({options: {
  indexer: {type: 'string'}, searchd: {type: 'string'}, articles: {type: 'string'},
  out: {type: 'string'}, chromium: {type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium'},
}});
for (const name of ['indexer', 'searchd', 'articles', 'out']) {
  if (!args[name]) {
    console.error(`run.mjs: --${name} is required`);
    process.exit(2);
  }
}
if (!fs.existsSync(args.chromium)) {
  console.log(`SKIPPED: no chromium at ${args.chromium} (apt-get install chromium; scripts/test.sh does)`);
  process.exit(77);
}

const require = createRequire(import.meta.url);
let chromium;
let devices;
let axeSource;
try {
  ({chromium, devices} = await import('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (err) {
  console.error('run.mjs: playwright-core or axe-core is missing: run `npm ci` in tests/browser ' +
                '(scripts/test.sh does)\n' + err.message);
  process.exit(1);
}

fs.mkdirSync(args.out, {recursive: true});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'byline-browser-'));
const index = buildIndex(args.indexer, args.articles, work);

let searchdUrl = '';
const host = await startStaticServer((url) => widgetHostPage(searchdUrl, url));
// The page as a site's own (--page-title and friends); checked by both test files.
const site = {title: 'The Harbour Gazette – search', logo: 'Harbour Gazette',
              placeholder: 'Search the archive', accent: '#b8321a'};
const searchd = await startSearchd(args.searchd, index, [
  '--cors-origin', host.url, '--page-title', site.title, '--logo-text', site.logo,
  '--placeholder', site.placeholder, '--accent-color', site.accent,
  '--admin-token', ADMIN_TOKEN]);
searchdUrl = searchd.url;
console.log(`searchd at ${searchdUrl}, widget host at ${host.url}`);

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const t = new Harness();
// With BYLINE_OPENAPI_LOG=FILE, each JSON answer the pages get from searchd is
// appended to FILE as tests/searchd_process.cc does for the C++ tests, for
// tests/validate_openapi_log.py to check against docs/openapi.yaml.
const openapiLog = process.env.BYLINE_OPENAPI_LOG || '';
const recording = [];
const recordJsonAnswers = (page) => {
  if (!openapiLog) return;
  page.on('response', (response) => {
    const url = new URL(response.url());
    const type = response.headers()['content-type'] || '';
    if (url.origin === new URL(host.url).origin || !type.startsWith('application/json')) return;
    // An answer a test made up (route.fulfill) came from no server: not searchd's.
    recording.push(Promise.all([response.serverAddr(), response.text()]).then(([server, body]) => {
      if (!server || !body) return;
      const line = {method: response.request().method(), path: url.pathname + url.search,
                    status: response.status(), content_type: type, body};
      fs.appendFileSync(openapiLog, JSON.stringify(line) + '\n');
    }).catch(() => {}));  // a body the page dropped (navigated away) is not an answer seen
  });
};
try {
  // Every page is watched: a dialog (alert from injected script), an uncaught
  // error or a CSP violation fails the run.
  const problems = [];
  const watch = (page) => {
    recordJsonAnswers(page);
    page.on('dialog', (dialog) => {
      problems.push(`dialog "${dialog.message()}" on ${page.url()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      if (msg.type() === 'error' && !/status of 503/.test(text) && !/status of 404/.test(text)) {
        problems.push(`console error on ${page.url()}: ${text}`);
      }
    });
  };
  const context = await browser.newContext({locale: 'en-GB', timezoneId: 'UTC'});
  context.setDefaultTimeout(10000);
  await pageTests(t, {context, searchdUrl, outDir: args.out, axeSource, watch, site});
  await widgetTests(t, {context, searchdUrl, hostUrl: host.url, outDir: args.out, watch, site});
  await analyticsTests(t, {context, searchdUrl, hostUrl: host.url, outDir: args.out, watch});
  await mobileTests(t, {browser, devices, searchdUrl, hostUrl: host.url, outDir: args.out, axeSource,
                        watch});
  await perfTests(t, {browser, searchdUrl, outDir: args.out, watch, articles: args.articles});
  await t.check('no dialog, uncaught error or CSP violation on any page', () => {
    if (problems.length) throw new Error(problems.join('\n'));
  });
} finally {
  await Promise.allSettled(recording);
  await browser.close();
  await searchd.stop();
  await host.stop();
  fs.rmSync(work, {recursive: true, force: true});
}
console.log(`screenshots in ${args.out}`);
process.exit(t.summary());
