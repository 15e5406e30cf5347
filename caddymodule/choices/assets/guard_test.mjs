// Unit tests of guard.js's URL matching, in node's own test runner (no
// network, no browser): node --test guard_test.mjs. The browser suite
// (integration/browser_guard_test.go) tests the interception itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('./guard.js', import.meta.url), 'utf8');

// guard loads guard.js into a fresh window-like context for a page at
// pageURL whose base URL is baseURI, with the server's configuration cfg.
// cfg.all keeps it from installing its hooks: only the matcher is tested.
function guard(cfg, pageURL = 'https://www.example.com/a/page.html', baseURI = pageURL, stored = {}) {
  const store = new Map(Object.entries(stored));
  const win = {
    privacyChoicesGuardConfig: { all: true, ...cfg },
    location: new URL(pageURL),
    document: {
      baseURI,
      implementation: { createHTMLDocument: () => ({ createElement: () => ({}) }) },
    },
    sessionStorage: {
      getItem: (k) => (store.has(k) ? store.get(k) : null),
      setItem: (k, v) => store.set(k, String(v)),
    },
    setTimeout, URL, JSON, Promise,
  };
  win.window = win;
  vm.runInNewContext(source, win);
  return win.privacyChoicesGuard;
}

const kb = {
  f: 'example.com',
  u: 'ask',
  g: [],
  t: [
    // The operator's tier: a second domain of the site, and a gated CDN.
    { necessary: ['*.example-cdn.net'], functional: ['fonts.gated-cdn.org'] },
    // The knowledge base's tier.
    {
      necessary: ['*.jsdelivr.net', 'code.jquery.com'],
      analytics: ['*.google-analytics.com', 'static.hotjar.com'],
      retargeting: ['*.facebook.com', '*.facebook.net', '*.doubleclick.net'],
      social: ['platform.twitter.com', 'www.youtube.com'],
      '?': ['*.googletagmanager.com', 'bat.bing.com'],
    },
  ],
};

test('verdicts by host', async (t) => {
  const g = guard(kb);
  const cases = [
    ['first party, same host', 'https://www.example.com/x.js', ''],
    ['first party, apex', 'https://example.com/x.js', ''],
    ['first party, other subdomain', 'https://static.example.com/x.js', ''],
    ['look-alike is not first party', 'https://badexample.com/x.js', '?'],
    ['relative path', '/js/app.js', ''],
    ['necessary CDN', 'https://cdn.jsdelivr.net/npm/x.js', ''],
    ['necessary exact host', 'https://code.jquery.com/jquery.js', ''],
    ['operator first_party domain', 'https://img.example-cdn.net/a.png', ''],
    ['operator rule wins over the knowledge base', 'https://fonts.gated-cdn.org/f.woff2', 'functional'],
    ['analytics wildcard apex', 'https://google-analytics.com/collect', 'analytics'],
    ['analytics wildcard subdomain', 'https://region1.google-analytics.com/g/collect', 'analytics'],
    ['retargeting', 'https://www.facebook.com/tr?id=1', 'retargeting'],
    ['retargeting script host', 'https://connect.facebook.net/en_US/fbevents.js', 'retargeting'],
    ['exact host does not cover subdomains', 'https://x.static.hotjar.com/c.js', '?'],
    ['social exact', 'https://www.youtube.com/embed/x', 'social'],
    ['path rules: the server decides', 'https://www.googletagmanager.com/gtag/js?id=AW-1', '?'],
    ['path rules, exact host', 'https://bat.bing.com/action/0', '?'],
    ['unknown host', 'https://tracker.unknown-vendor.example/p.gif', '?'],
    ['data: URL loads nothing', 'data:image/gif;base64,R0lGOD', ''],
    ['blob: URL is the page\'s', 'blob:https://www.example.com/1234', ''],
    ['javascript: URL', 'javascript:void(0)', ''],
    ['websocket to a tracker', 'wss://ws.facebook.com/socket', 'retargeting'],
    ['malformed URL', 'https://[::1', ''],
  ];
  for (const [name, url, want] of cases) {
    await t.test(name, () => assert.equal(g.verdict(url), want, url));
  }
});

test('URL forms browsers accept', async (t) => {
  const g = guard(kb, 'https://www.example.com/a/page.html', 'https://connect.facebook.net/base/');
  const cases = [
    ['protocol-relative', '//www.facebook.com/tr', 'retargeting'],
    ['relative to <base> on a tracker host', 'pixel.gif', 'retargeting'],
    ['root-relative to <base>', '/tr?ev=PageView', 'retargeting'],
    ['percent-encoded host', 'https://www.%66acebook.com/tr', 'retargeting'],
    ['upper case', 'HTTPS://WWW.FACEBOOK.COM/TR', 'retargeting'],
    ['trailing dot', 'https://www.facebook.com./tr', 'retargeting'],
    ['several trailing dots, as the server strips them', 'https://www.facebook.com../tr', 'retargeting'],
    ['port', 'https://www.facebook.com:8443/tr', 'retargeting'],
    ['user info', 'https://user:pw@www.facebook.com/tr', 'retargeting'],
    ['backslashes', 'https:\\\\www.facebook.com\\tr', 'retargeting'],
    ['tabs and newlines inside', 'https://www.face\tbook.\ncom/tr', 'retargeting'],
    ['surrounding spaces', '  https://www.facebook.com/tr  ', 'retargeting'],
    ['scheme-less host is relative to <base>', 'www.google-analytics.com/collect', 'retargeting'],
    ['first party stays first party under a foreign <base>', 'https://www.example.com/x', ''],
    ['IDN in Unicode matches its punycode rule', 'https://bücher.example.com/x', ''],
  ];
  for (const [name, url, want] of cases) {
    await t.test(name, () => assert.equal(g.verdict(url), want, url));
  }
});

test('granted purposes, policies and sensitive pages', async (t) => {
  const cases = [
    ['granted analytics passes', { g: ['analytics'] }, 'https://www.google-analytics.com/g/collect', ''],
    ['granted analytics leaves retargeting held', { g: ['analytics'] }, 'https://www.facebook.com/tr', 'retargeting'],
    ['keep lets unknown hosts through after the server spoke', { u: 'keep' }, 'https://cdn.unknown.example/x.js', '?'],
    ['sensitive page holds granted purposes', { g: ['analytics'], s: true }, 'https://www.google-analytics.com/g/collect', 'analytics'],
    ['sensitive page keeps necessary hosts', { g: ['analytics'], s: true }, 'https://cdn.jsdelivr.net/x.js', ''],
    ['sensitive page keeps first party', { s: true }, 'https://www.example.com/x.js', ''],
  ];
  for (const [name, cfg, url, want] of cases) {
    await t.test(name, () => assert.equal(guard({ ...kb, ...cfg }).verdict(url), want, url));
  }
});

test('update changes what passes', () => {
  const g = guard(kb);
  assert.equal(g.verdict('https://www.facebook.com/tr'), 'retargeting');
  g.update({ retargeting: true, analytics: false });
  assert.equal(g.verdict('https://www.facebook.com/tr'), '');
  assert.equal(g.verdict('https://www.google-analytics.com/collect'), 'analytics');
});

test('verdicts remembered from the server', () => {
  const verdicts = { 'tracker.unknown-vendor.example': 'analytics', 'https://bat.bing.com/action/0': 'retargeting', 'cdn.other.example': 'necessary' };
  const page = 'https://www.example.com/';
  const g = guard(kb, page, page, { 'privacy-choices-verdicts': JSON.stringify(verdicts) });
  assert.equal(g.verdict('https://tracker.unknown-vendor.example/p.gif'), 'analytics');
  assert.equal(g.verdict('https://cdn.other.example/lib.js'), '');
  assert.equal(g.verdict('https://bat.bing.com/action/0'), 'retargeting');
  assert.equal(g.verdict('https://bat.bing.com/action/1'), '?', 'a URL verdict covers that URL only');
});

test('a page without configuration installs nothing and passes everything', () => {
  const g = guard({ t: [] });
  assert.equal(g.verdict('https://www.example.com/x'), '');
  assert.deepEqual({ ...g.stats() }, { held: 0, dropped: 0, asked: 0, pending: 0 });
});
