// A tiny test runner: named checks, run in order, each failure reported with
// its message; ends with the "N passed, N failed" line ctest logs show.
export class Harness {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  async check(name, body) {
    try {
      await body();
      this.passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      this.failed++;
      console.log(`not ok - ${name}\n  ${String(err && err.stack || err).split('\n').join('\n  ')}`);
    }
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 ? 0 : 1;
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

// Types `query` into the search page's box, submits it and waits for its
// results (the URL says it, and the page is no longer busy).
export async function search(page, query) {
  await page.fill('#q', query);
  await page.press('#q', 'Enter');
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q &&
      !document.querySelector('#results[aria-busy]') && document.querySelector('#status').textContent,
      query);
}

// Waits until the search page has no request in flight.
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('#results[aria-busy]'));
}
