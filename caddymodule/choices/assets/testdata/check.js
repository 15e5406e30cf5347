// Drives consent.js in headless Chromium (/usr/bin/chromium) against serve.py
// on 127.0.0.1:8099. Needs puppeteer-core (not a project dependency):
//   cd /some/scratch && npm i puppeteer-core@23
//   NODE_PATH=$PWD/node_modules node check.js
// Prints 'N passed, N failed'; screenshots go to /tmp/shot-*.png.
const puppeteer = require('puppeteer-core');
const B = 'http://127.0.0.1:8099';
let pass = 0, fail = 0;
function ok(c, msg) { if (c) { pass++; } else { fail++; console.log('FAIL: ' + msg); } }
function eq(a, b, msg) { const x = JSON.stringify(a), y = JSON.stringify(b); ok(x === y, msg + ': got ' + x + ' want ' + y); }
const sleep = ms => new Promise(r => setTimeout(r, ms));
const get = async p => (await fetch(B + p)).json();

(async () => {
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errs = [];
  async function open(path, opts = {}) {
    const page = await browser.newPage();
    await page.setViewport({ width: opts.width || 1280, height: opts.height || 800 });
    if (opts.reduced) await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    page.on('pageerror', e => errs.push(path + ': ' + e.message));
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errs.push(path + ' console: ' + m.text()); });
    await page.goto(B + path, { waitUntil: 'load' });
    await sleep(300);
    return page;
  }
  const ev = (page, f, ...a) => page.evaluate(f, ...a);

  // --- A. first visit, opt_in: banner, a11y attributes, focus, keyboard ---
  await get('/_reset');
  let page = await open('/index.html');
  let info = await ev(page, () => {
    const b = document.getElementById('privacy-choices-banner');
    const btns = [...b.querySelectorAll('button')].filter(x => !x.hidden).map(x => x.id);
    const cs = id => { const s = getComputedStyle(document.getElementById(id)); return [s.fontSize, s.fontWeight, s.backgroundColor, s.color, s.borderTopWidth, s.paddingTop, s.height, s.width]; };
    return {
      role: b.getAttribute('role'), modal: b.getAttribute('aria-modal'), lab: b.getAttribute('aria-labelledby'), desc: b.getAttribute('aria-describedby'),
      labText: document.getElementById(b.getAttribute('aria-labelledby')).textContent,
      descText: document.getElementById(b.getAttribute('aria-describedby')).textContent,
      nosnippet: b.hasAttribute('data-nosnippet'), active: document.activeElement.id, btns,
      acc: cs('privacy-choices-accept'), rej: cs('privacy-choices-reject'),
      boxes: [...b.querySelectorAll('input[type=checkbox]')].map(x => x.id + ':' + x.checked),
      layer2hidden: document.getElementById('privacy-choices-purposes').hidden,
      order: window.__order.slice(), events: window.__events.map(e => e[0]), scrollY: window.scrollY,
      pos: getComputedStyle(b).position, bold: b.querySelectorAll('b').length,
      link: !!document.getElementById('privacy-choices-link'), styles: document.querySelectorAll('#privacy-choices-style').length,
      dl: JSON.stringify(window.dataLayer.map(a => Array.from(a))),
      api: Object.keys(window.privacyChoices), held: document.querySelectorAll('script[type="text/plain"]').length,
    };
  });
  eq([info.role, info.modal, info.lab, info.desc], ['dialog', 'false', 'privacy-choices-title', 'privacy-choices-body'], 'A dialog attrs');
  eq(info.labText, 'Your privacy choices', 'A title');
  ok(info.descText.includes('<b>Not bold</b> & escaped') && info.bold === 0, 'A body escaped: ' + info.descText);
  ok(info.nosnippet, 'A data-nosnippet');
  eq(info.active, 'privacy-choices-accept', 'A focus on first button');
  eq(info.btns, ['privacy-choices-accept', 'privacy-choices-reject', 'privacy-choices-customize'], 'A first-layer buttons in order');
  eq(info.acc, info.rej, 'A accept/reject equal computed style');
  eq(info.boxes, ['privacy-choices-purpose-functional:false', 'privacy-choices-purpose-analytics:false', 'privacy-choices-purpose-beacon:false', 'privacy-choices-purpose-retargeting:false', 'privacy-choices-purpose-social:false', 'privacy-choices-persistent:false'], 'A no pre-ticked boxes');
  ok(info.layer2hidden, 'A layer 2 hidden');
  eq(info.order, [], 'A nothing activated before consent');
  eq(info.events, ['ready'], 'A ready event');
  eq(info.scrollY, 0, 'A no scroll');
  eq(info.pos, 'fixed', 'A style applied');
  ok(info.link, 'A floating link');
  eq(info.styles, 1, 'A one style');
  eq(info.api.sort(), ['get', 'off', 'on', 'set', 'show', 'version'], 'A api keys');
  console.log('A dataLayer', info.dl, 'accept style', info.acc);
  await page.keyboard.press('Tab');
  eq(await ev(page, () => document.activeElement.id), 'privacy-choices-reject', 'A Tab reaches Reject all');
  await page.keyboard.press('Escape');
  ok(await ev(page, () => !!document.getElementById('privacy-choices-banner')), 'A Escape does not dismiss');
  await page.screenshot({ path: '/tmp/shot-banner-1280.png' });
  // keyboard: Tab to customize, Enter
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  info = await ev(page, () => ({ active: document.activeElement.id, l2: document.getElementById('privacy-choices-purposes').hidden, save: document.getElementById('privacy-choices-save').hidden, cust: document.getElementById('privacy-choices-customize').hidden }));
  eq(info, { active: 'privacy-choices-purpose-functional', l2: false, save: false, cust: true }, 'A customize by keyboard opens layer 2');
  await page.keyboard.press('Tab'); // analytics
  await page.keyboard.press('Space');
  await page.screenshot({ path: '/tmp/shot-layer2-1280.png', fullPage: false });
  await page.click('#privacy-choices-save');
  await sleep(1800);
  info = await ev(page, () => ({
    banner: !!document.getElementById('privacy-choices-banner'), active: document.activeElement === document.body,
    order: window.__order.slice(), events: window.__events.map(e => e[0] + ':' + e[1].purposes.analytics),
    last: Array.from(window.dataLayer[window.dataLayer.length - 1]),
    held: [...document.querySelectorAll('script[type="text/plain"]')].map(s => s.getAttribute('data-consent')),
    a2: (() => { const s = [...document.scripts].find(s => (s.src || '').includes('n=a2')); return s && [s.getAttribute('crossorigin'), s.getAttribute('data-extra'), s.hasAttribute('data-consent'), s.type]; })(),
    m1: (() => { const s = [...document.scripts].find(s => (s.src || '').includes('m.js')); return s && s.type; })(),
    frame: document.getElementById('frame').getAttribute('src'), get: window.privacyChoices.get(),
  }));
  eq(info.banner, false, 'B banner removed after save');
  ok(info.active, 'B focus back to body');
  eq(info.order.filter(x => x !== 'async'), ['a1', 'i1', 'a2', 'i2', 'm1'], 'B document order of held scripts (non-async)');
  ok(info.order.indexOf('async') > info.order.indexOf('a2'), 'B async script did not block: ' + info.order);
  eq(info.events, ['ready:false', 'change:true'], 'B change event');
  eq(info.last, ['consent', 'update', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'granted', functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted' }], 'B consent mode update');
  eq(info.held, ['retargeting', 'unknown'], 'B others still held');
  eq(info.a2, ['anonymous', 'kept', false, ''], 'B attributes copied');
  eq(info.m1, 'module', 'B module type restored');
  eq(info.frame, null, 'B iframe still held');
  eq(info.get.purposes, { functional: false, analytics: true, beacon: false, retargeting: false, social: false }, 'B get()');
  let log = await get('/_log');
  eq(log.filter(x => x.post).map(x => x.post), [{ purposes: { functional: false, analytics: true, beacon: false, retargeting: false, social: false }, persistent: false, source: 'banner' }], 'B POST body');
  ok(!log.some(x => x.hit === 'noscript' || x.hit === 'rt1' || x.hit === 'unk'), 'B no noscript/retargeting/unknown hit');

  // --- C. placeholder Allow; on()/off() ---
  await ev(page, () => { window.__sub = []; const a = s => __sub.push('a:' + s.purposes.social), b = s => __sub.push('b');
    privacyChoices.on('change', a); privacyChoices.on('privacychoices:change', b); privacyChoices.off('change', b); privacyChoices.off('privacychoices:change', b);
    privacyChoices.on('ready', s => __sub.push('late-ready:' + s.decided)); const g = privacyChoices.get(); g.purposes.social = true; __sub.push('copy:' + privacyChoices.get().purposes.social); });
  await page.click('[data-consent-allow="social"]');
  await sleep(700);
  info = await ev(page, () => ({ frame: document.getElementById('frame').getAttribute('src'), ph: document.querySelectorAll('[data-consent-placeholder]').length, dcs: document.getElementById('frame').hasAttribute('data-consent-src'), vis: getComputedStyle(document.getElementById('frame')).display }));
  eq(info, { frame: '/t/frame.html?n=frame', ph: 0, dcs: false, vis: 'inline' }, 'C iframe activated, placeholder removed');
  eq(await ev(page, () => window.__sub), ['copy:false', 'late-ready:true', 'a:true'], 'C on/off, late ready, get() copy');
  log = await get('/_log');
  eq(log.filter(x => x.post).pop().post, { purposes: { functional: false, analytics: true, beacon: false, retargeting: false, social: true }, persistent: false, source: 'banner' }, 'C Allow POST body');

  // --- D. show() when decided: reflects state, closable, Escape closes; floating link opens it ---
  await ev(page, () => document.getElementById('page-btn').focus());
  await page.click('#privacy-choices-link');
  await sleep(300);
  info = await ev(page, () => ({ boxes: [...document.querySelectorAll('#privacy-choices-banner input')].map(x => x.checked), close: !!document.getElementById('privacy-choices-close'), active: document.activeElement.id }));
  eq(info, { boxes: [false, true, false, false, true, false], close: true, active: 'privacy-choices-purpose-functional' }, 'D show() via link');
  await page.keyboard.press('Escape');
  eq(await ev(page, () => !!document.getElementById('privacy-choices-banner')), false, 'D Escape closes when decided');
  // gateway link
  await page.click('a[data-privacy-choices-link]:not(#privacy-choices-link)');
  await sleep(200);
  eq(await ev(page, () => [!!document.getElementById('privacy-choices-banner'), location.pathname]), [true, '/index.html'], 'D gateway link opens banner');
  await page.click('#privacy-choices-close');

  // --- E. withdrawal: reject all via API -> cookies dropped, reload ---
  await ev(page, () => { document.cookie = '_ga=1; path=/'; document.cookie = '_ga_ABC=1; path=/'; document.cookie = 'keep=1; path=/'; document.cookie = '_fbp=1; path=/'; window.__marker = 1; });
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await ev(page, () => { window.privacyChoices.set({ all: false }); });
  await nav; await sleep(300);
  info = await ev(page, () => ({ marker: window.__marker, cookie: document.cookie, banner: !!document.getElementById('privacy-choices-banner'), st: window.privacyChoices.get() }));
  eq(info.marker, undefined, 'E page reloaded');
  eq(info.cookie.split('; ').sort(), ['_fbp=1', 'keep=1'], 'E denyCookies of withdrawn purposes dropped');
  eq(info.banner, false, 'E no banner after decision');
  eq([info.st.decided, info.st.purposes.analytics], [true, false], 'E state');
  await page.close();

  // --- F. accept all from fresh, 320px screenshot first ---
  await get('/_reset');
  page = await open('/index.html', { width: 320, height: 640 });
  await page.screenshot({ path: '/tmp/shot-banner-320.png' });
  info = await ev(page, () => ({ sw: document.documentElement.scrollWidth, bw: document.getElementById('privacy-choices-banner').getBoundingClientRect().width }));
  ok(info.sw <= 320 && info.bw <= 320, 'F fits 320px: ' + JSON.stringify(info));
  await page.click('#privacy-choices-customize');
  await page.screenshot({ path: '/tmp/shot-layer2-320.png' });
  await page.click('#privacy-choices-accept');
  await sleep(1800);
  info = await ev(page, () => ({ order: window.__order.filter(x => x !== 'async'), px: document.getElementById('px').getAttribute('src'), img2: [document.getElementById('img2').getAttribute('src'), document.getElementById('img2').getAttribute('srcset')], held: document.querySelectorAll('script[type="text/plain"]').length }));
  eq(info.order, ['a1', 'i1', 'a2', 'i2', 'rt1', 'm1'], 'F accept all runs all in order');
  eq(info.px, '/t/px.gif?n=px', 'F beacon img');
  eq(info.img2, ['/t/px.gif?n=img1x', '/t/px.gif?n=img2x 2x'], 'F img srcset');
  eq(info.held, 1, 'F only unknown held');
  log = await get('/_log');
  eq(log.filter(x => x.post).map(x => x.post), [{ all: true, source: 'banner' }], 'F accept POST');
  ok(!log.some(x => x.hit === 'noscript'), 'F noscript not activated');
  await page.close();

  // --- G. failing API ---
  await get('/_reset');
  page = await open('/fail.html');
  await page.click('#privacy-choices-reject');
  await sleep(500);
  info = await ev(page, () => { const e = document.getElementById('privacy-choices-error'); return { banner: !!document.getElementById('privacy-choices-banner'), text: e.textContent, live: e.getAttribute('aria-live'), active: document.activeElement.id, busy: document.getElementById('privacy-choices-banner').getAttribute('aria-busy') }; });
  eq(info, { banner: true, text: 'Your choice could not be saved. Please try again.', live: 'polite', active: 'privacy-choices-reject', busy: null }, 'G error shown, banner kept');
  let rej = await ev(page, () => window.privacyChoices.set({ all: true }).then(() => 'resolved', e => 'rejected: ' + e.message));
  eq(rej, 'rejected: privacy choices: store down', 'G set() rejects');
  await page.close();

  // --- H. strict CSP with nonce ---
  await get('/_reset');
  const before = errs.length;
  page = await open('/csp.html');
  info = await ev(page, () => ({ pos: getComputedStyle(document.getElementById('privacy-choices-banner')).position, nonce: document.getElementById('privacy-choices-style').nonce }));
  eq(info, { pos: 'fixed', nonce: 'abc123' }, 'H style with nonce applies under CSP');
  await page.click('#privacy-choices-accept');
  await sleep(1800);
  info = await ev(page, () => window.__order.filter(x => x !== 'async'));
  eq(info, ['a1', 'i1', 'a2', 'i2', 'rt1', 'm1'], 'H scripts run under strict CSP');
  eq(errs.slice(before).filter(e => /Content Security Policy|Refused/i.test(e)), [], 'H no CSP violations');
  await page.close();

  // --- I. loaded twice in head ---
  await get('/_reset');
  page = await open('/twice.html');
  info = await ev(page, () => ({ b: document.querySelectorAll('#privacy-choices-banner').length, s: document.querySelectorAll('#privacy-choices-style').length, l: document.querySelectorAll('#privacy-choices-link').length }));
  eq(info, { b: 1, s: 1, l: 1 }, 'I idempotent');
  await page.click('#privacy-choices-accept');
  await sleep(500);
  eq(await ev(page, () => window.__order), ['once'], 'I inline held script run once');
  await page.close();

  // --- J. no config: GET fallback ---
  await get('/_reset');
  page = await open('/noconfig.html');
  info = await ev(page, () => ({ b: !!document.getElementById('privacy-choices-banner'), t: document.getElementById('privacy-choices-accept').textContent, l: !!document.getElementById('privacy-choices-link') }));
  eq(info, { b: true, t: 'Accept all', l: false }, 'J fallback banner');
  info = await ev(page, () => { const f = document.createElement('iframe'); document.body.append(f); const base = new Set(Object.getOwnPropertyNames(f.contentWindow)); return Object.getOwnPropertyNames(window).filter(k => !base.has(k) && !/^\d+$/.test(k)); });
  eq(info, ['privacyChoices'], 'J no globals but privacyChoices');
  await page.close();

  // --- K. choices page: no banner, link not intercepted ---
  page = await open('/privacy-choices');
  info = await ev(page, () => !!document.getElementById('privacy-choices-banner'));
  eq(info, false, 'K no banner on choices page');
  await page.close();

  // --- L. opt_out + GPC: no banner; link; show() ticks reflect state; opting out of analytics reloads ---
  await get('/_reset?mode=opt_out&gpc=1');
  page = await open('/index.html?x', { reduced: true });
  info = await ev(page, () => ({ b: !!document.getElementById('privacy-choices-banner'), order: window.__order.filter(x => x !== 'async'), anim: 0 }));
  eq(info, { b: false, order: ['a1', 'i1', 'a2', 'i2', 'm1'], anim: 0 }, 'L opt_out: no banner; granted held tags activated at start');
  await page.click('#privacy-choices-link');
  await sleep(100);
  info = await ev(page, () => ({ boxes: [...document.querySelectorAll('#privacy-choices-banner input')].map(x => x.checked), gpc: document.getElementById('privacy-choices-purposes').textContent.includes('GPC'), anim: getComputedStyle(document.getElementById('privacy-choices-banner')).animationName }));
  eq(info, { boxes: [true, true, false, false, false, false], gpc: true, anim: 'none' }, 'L show() reflects opt_out+GPC state, reduced motion');
  await page.screenshot({ path: '/tmp/shot-optout.png' });
  const nav2 = page.waitForNavigation({ waitUntil: 'load' });
  await page.click('#privacy-choices-purpose-analytics');
  await page.click('#privacy-choices-save');
  await nav2;
  eq(await ev(page, () => window.privacyChoices.get().purposes.analytics), false, 'L opt out of analytics reloads');
  await page.close();

  console.log('page errors:', JSON.stringify(errs, null, 1));
  console.log(`${pass} passed, ${fail} failed`);
  await browser.close();
  process.exit(fail ? 1 : 0);
})().catch(e => { console.error(e); process.exit(2); });
