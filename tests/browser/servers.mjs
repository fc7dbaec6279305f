// The servers a browser test needs: an index built by the real
// byline-indexer, the real byline-searchd on a free loopback port, and a
// second origin (a static node server) hosting a page that embeds the widget.
import {spawn, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

// Articles whose every field tries to inject markup or script. Rendered
// anywhere, they must show as text: window.__xss stays undefined.
export const XSS_ARTICLES = [
  {
    id: 'xss-1',
    title: '<script>alert(1)</script> Zebrafish <img src=x onerror="window.__xss=1">',
    body: 'Zebrafish regrow fins. <img src=x onerror="window.__xss=2"> <script>window.__xss=3</script> ' +
        '<a href="javascript:window.__xss=4">click</a> and more zebrafish facts.',
    url: 'javascript:window.__xss=5',
    published: '2024-05-01',
    source: '<img src=x onerror="window.__xss=6">Evil Source',
    author: '<svg onload="window.__xss=7">',
    tags: ['<b onmouseover="window.__xss=8">bold</b>'],
    desk: '<i onmouseover="window.__xss=9">Lab</i>',
    // Kept as written (the default "auto" would read this body as HTML and
    // drop its tags): the page must show markup in text as text.
    body_format: 'text',
  },
];

// A page of a documentation site as a directory walk indexes it: no url, an
// id that is a path with characters a URL must escape.
export const URLLESS_ARTICLE = {
  id: 'manual/tide tables?v=2#ch1&x',
  title: 'Reading the tide tables',
  body: 'Tide tables list high and low water.\nEach line is one day.\n\n' +
      'Heights are in metres above chart datum.\n\n\n  Times are local.  ',
  source: 'Harbour manual',
  tags: ['tides', 'manual'],
};

// One wire story as three papers printed it (dedupe=near folds them into
// one hit, "2 similar stories"): a word no other article holds.
const WIRE_TEXT = 'Kelpwire farmers along the northern coast reported a record harvest this ' +
    'season, as warmer currents carried nutrients into the sheltered bays where the kelp ' +
    'lines are hung. Cooperatives said prices held steady despite the larger crop, and ' +
    'buyers from three countries have asked for contracts next year. Scientists at the ' +
    'marine station warned that the same currents could bring storms later in the autumn.';
export const WIRE_COPIES = ['Coast Courier', 'Bay Herald', 'Northern Post'].map((source, i) => ({
  id: 'wire-kelp-' + i,
  title: 'Kelpwire harvest breaks record',
  body: WIRE_TEXT,
  published: '2024-06-0' + (i + 1),
  source,
  tags: ['kelp'],
}));

// The declared keyword field the page offers as a facet besides the
// built-in ones; the sample articles get one of these desks each.
export const DESKS = ['Harbour desk', 'Markets desk', 'Science desk'];

// Writes data/articles.jsonl plus the XSS articles, indexes them.
export function buildIndex(indexer, sourceJsonl, workDir) {
  const jsonl = path.join(workDir, 'articles.jsonl');
  const samples = fs.readFileSync(sourceJsonl, 'utf8').trimEnd().split('\n')
      .map((line, i) => JSON.stringify({...JSON.parse(line), desk: DESKS[i % DESKS.length]}));
  const lines = samples.join('\n') + '\n' +
      XSS_ARTICLES.map((a) => JSON.stringify(a)).join('\n') + '\n' +
      JSON.stringify(URLLESS_ARTICLE) + '\n' +
      WIRE_COPIES.map((a) => JSON.stringify(a)).join('\n') + '\n';
  fs.writeFileSync(jsonl, lines);
  const index = path.join(workDir, 'index');
  execFileSync(indexer, ['--index', index, '--field', 'desk:keyword', jsonl],
               {stdio: ['ignore', 'pipe', 'inherit']});
  return index;
}

// Starts byline-searchd on 127.0.0.1:0; resolves with {url, stop} once it
// printed the port it listens on.
export function startSearchd(searchd, index, extraArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(searchd, ['--index', index, '--listen', '127.0.0.1:0', ...extraArgs],
                        {stdio: ['ignore', 'pipe', 'inherit']});
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('byline-searchd did not say where it listens within 20 s: ' + output));
    }, 20000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`byline-searchd exited (${code}) before listening: ${output}`));
    });
  });
}

const SITE_CSS = `body { margin: 0; font: 16px/1.5 Georgia, serif; color: #222; background: #fbfaf7; }
header { display: flex; align-items: center; gap: 2rem; padding: 1rem 2rem; background: #17324d; color: #fff; }
h1 { margin: 0; font-size: 1.6rem; }
label { position: absolute; left: -9999px; }
#search { font: 15px sans-serif; padding: .5rem .7rem; width: 22rem; border: 0; border-radius: 4px; }
main { padding: 1.5rem 2rem; }`;

// A second origin: GET / answers the page from pageFor(); anything else 404.
export function startStaticServer(pageFor) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      if (req.url === '/site.css') {
        res.writeHead(200, {'Content-Type': 'text/css'});
        res.end(SITE_CSS);
      } else if (req.url === '/' || req.url.startsWith('/?')) {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
        res.end(pageFor(req.url));
      } else {
        res.writeHead(404, {'Content-Type': 'text/plain'});
        res.end('not found');
      }
    });
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        stop: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

// The host page a site owner would write, with the copy-paste snippet from
// the README and a strict CSP of its own that allows only searchd's origin.
// `url` "/?related=ID" puts data-related-id="ID" on the script.
export function widgetHostPage(searchdUrl, url = '/') {
  const related = new URL(url, 'http://host').searchParams.get('related');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src ${searchdUrl}; style-src 'self' ${searchdUrl}; connect-src ${searchdUrl}">
<link rel="stylesheet" href="/site.css">
<title>The Harbour Gazette</title>
</head>
<body>
<header><h1>The Harbour Gazette</h1>
<label for="search">Search the archive</label>
<input id="search" type="search">
</header>
<main><p>Local news from Port Elling.</p></main>
<script src="${searchdUrl}/widget.js" data-byline="${searchdUrl}" data-input="#search"${
    related ? ` data-related-id="${related}"` : ''} defer></script>
</body>
</html>`;
}
