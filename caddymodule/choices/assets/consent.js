/*! caddy-consent client: banner, re-activation of held tags, Consent Mode
 * update, window.privacyChoices. Contract: README.md beside this file. */
(function () {
  'use strict';
  var w = window, d = document;
  if (w.privacyChoices && w.privacyChoices.version) return; // loaded twice

  var P = ['functional', 'analytics', 'beacon', 'retargeting', 'social'];
  var cfg = w.privacyChoicesConfig || {};
  // "unknown" is Other services: the unknown third-party tags the site
  // asks about (unknown_tags ask), held as data-consent="unknown".
  if (cfg.unknown) P.push('unknown');
  var api = abs(cfg.api || '/privacy-choices/api');
  var page = cfg.page || '/privacy-choices', pageURL = abs(page);
  var nonce = cfg.nonce || '';
  var T = cfg.text || {};
  var ID = 'privacy-choices-';
  var state = norm(cfg.state);
  var banner = null, prevFocus = null, busy = false, isReady = false;
  var handled = new WeakSet(), queue = Promise.resolve(), chain = Promise.resolve();
  var subs = [];

  // A URL on the page's own origin: fetch() and href resolve against the
  // document's base URL, which a <base href> may put on another host.
  function abs(u) {
    try { return new URL(u, location.href).href; } catch (e) { return u; }
  }
  function tx(k, def) {
    return typeof T[k] === 'string' && T[k] ? T[k] : def;
  }
  function isPurpose(p) {
    return P.indexOf(p) >= 0;
  }
  function norm(s) {
    s = s && typeof s === 'object' ? s : {};
    var sp = s.purposes && typeof s.purposes === 'object' ? s.purposes : {}, p = {};
    P.forEach(function (k) { p[k] = sp[k] === true; });
    return {
      policy_version: String(s.policy_version || ''), mode: s.mode === 'opt_out' ? 'opt_out' : 'opt_in',
      decided: s.decided === true, gpc: s.gpc === true, persistent: s.persistent === true,
      purposes: p, receipt: String(s.receipt || '')
    };
  }
  function get() {
    return norm(state); // a fresh copy
  }
  function ready(fn) {
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', fn);
    else fn();
  }
  function el(tag, attrs, kids) {
    var e = d.createElement(tag);
    for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  // Events: window gets privacychoices:ready and privacychoices:change with
  // the state as detail; on()/off() subscribe to them by short or full name.
  function evName(n) {
    return 'privacychoices:' + String(n).replace(/^privacychoices:/, '');
  }
  function emit(n) {
    w.dispatchEvent(new CustomEvent(evName(n), { detail: get() }));
  }
  function on(n, fn) {
    var type = evName(n), h = function (e) { fn(norm(e.detail), e); };
    subs.push([type, fn, h]);
    w.addEventListener(type, h);
    if (type === 'privacychoices:ready' && isReady) Promise.resolve().then(function () { fn(get()); });
  }
  function off(n, fn) {
    var type = evName(n);
    subs = subs.filter(function (s) {
      if (s[0] !== type || s[1] !== fn) return true;
      w.removeEventListener(type, s[2]);
      return false;
    });
  }

  // Google Consent Mode v2, pushed the way gtag() does (an arguments object).
  function consentMode(s) {
    var g = function (k) { return s.purposes[k] ? 'granted' : 'denied'; };
    var dl = w.dataLayer = w.dataLayer || [];
    (function () { dl.push(arguments); })('consent', 'update', {
      ad_storage: g('retargeting'), ad_user_data: g('retargeting'), ad_personalization: g('retargeting'),
      analytics_storage: g('analytics'), functionality_storage: g('functional'),
      personalization_storage: g('functional'), security_storage: 'granted'
    });
  }

  // Re-activation of held tags, in document order. Scripts run as in a
  // page load: a non-async src script is waited for before the next one,
  // deferred ones (defer, or module without async) run after the others.
  // A video or audio whose sources came back is loaded again, once.
  function activate() {
    if (cfg.sensitive) return queue;
    var later = [], media = new Set(), g = w.privacyChoicesGuard;
    // The run-time guard holds elements in same-origin frames too.
    var all = [d].concat(g && g.docs ? g.docs() : []).reduce(function (l, doc) {
      return l.concat(Array.prototype.slice.call(doc.querySelectorAll('[data-consent]')));
    }, []);
    all.forEach(function (e) {
      var p = e.getAttribute('data-consent');
      if (handled.has(e) || !isPurpose(p) || !state.purposes[p] || e.closest('noscript')) return;
      handled.add(e);
      if (e.localName !== 'script') return release(e, media);
      if ((e.getAttribute('type') || '').trim().toLowerCase() !== 'text/plain') return;
      var src = e.hasAttribute('data-consent-src') || e.hasAttribute('src');
      var mod = (e.getAttribute('data-consent-type') || '').trim().toLowerCase() === 'module';
      if (!e.hasAttribute('async') && (mod || src && e.hasAttribute('defer'))) later.push(e);
      else enqueue(e);
    });
    later.forEach(enqueue);
    media.forEach(function (m) { m.load(); });
    return queue;
  }
  function enqueue(e) {
    queue = queue.then(function () { return runScript(e); });
  }
  function runScript(old) {
    return new Promise(function (done) {
      var parent = old.parentNode;
      if (!parent) return done();
      var s = old.ownerDocument.createElement('script'), wait = false;
      Array.prototype.forEach.call(old.attributes, function (a) {
        var n = a.name;
        if (n !== 'type' && n !== 'nonce' && n.indexOf('data-consent') !== 0) s.setAttribute(n, a.value);
      });
      var t = (old.getAttribute('data-consent-type') || '').trim();
      if (t) s.setAttribute('type', t);
      if (old.nonce || nonce) s.nonce = old.nonce || nonce;
      var src = old.getAttribute('data-consent-src') || old.getAttribute('src');
      if (src) {
        s.src = src;
        // Only a classic or module script that will run fires load or error.
        t = t.toLowerCase();
        wait = !old.hasAttribute('async') && !(old.hasAttribute('nomodule') && 'noModule' in s) &&
          (!t || t === 'module' || /(java|ecma)script$/.test(t));
        if (wait) {
          s.async = false;
          s.onload = s.onerror = function () { done(); };
        }
      } else {
        s.text = old.text;
      }
      parent.replaceChild(s, old);
      if (!wait) done();
    });
  }
  function release(e, media) {
    ['srcset', 'imagesrcset', 'src', 'href', 'poster', 'data', 'ping', 'style', 'css', 'srcdoc', 'action', 'formaction'].forEach(function (a) {
      var v = e.getAttribute('data-consent-' + a);
      if (v === null) return;
      // A held <style> block keeps its original text in data-consent-css.
      if (a === 'css') e.textContent = v;
      else e.setAttribute(a, v);
      e.removeAttribute('data-consent-' + a);
    });
    var ph = e.previousElementSibling, n = e.localName, m = e.parentNode, c;
    if (ph && ph.getAttribute('data-consent-placeholder') === e.getAttribute('data-consent')) ph.remove();
    // An object or embed loads when inserted: put a copy in its place.
    if (m && (n === 'object' || n === 'embed')) {
      handled.add(c = e.cloneNode(true));
      m.replaceChild(c, e);
    }
    // A video or audio chooses among its sources only when it loads.
    if (m && n === 'source' && m.load) media.add(m);
  }

  // Anti-flicker snippets (A/B testing, tag managers) hide the page until
  // their script runs, and a held script does not: release what hides the
  // root or the body. That is the dataLayer.hide callback, the async-hide
  // class, and opacity:0 or visibility:hidden in the style rules (readable
  // ones) and inline styles that apply to <html> or <body>.
  function unhide() {
    var h = w.dataLayer && w.dataLayer.hide, roots = [d.documentElement, d.body].filter(Boolean);
    if (h && typeof h.end === 'function') {
      try { h.end(); } catch (e) {}
      h.end = null;
    }
    var clear = function (s) {
      if (parseFloat(s.opacity) === 0) s.removeProperty('opacity');
      if (s.visibility === 'hidden') s.removeProperty('visibility');
    };
    var walk = function (rules) {
      Array.prototype.forEach.call(rules, function (r) {
        if (r.cssRules) walk(r.cssRules);
        if (r.selectorText && roots.some(function (e) {
          try { return e.matches(r.selectorText); } catch (x) { return false; }
        })) clear(r.style);
      });
    };
    Array.prototype.forEach.call(d.styleSheets, function (sh) {
      try { walk(sh.cssRules); } catch (e) {} // another origin's sheet
    });
    roots.forEach(function (e) {
      e.classList.remove('async-hide');
      clear(e.style);
    });
  }

  // Cookies that scripts wrote (not HttpOnly) of withdrawn purposes:
  // config.denyCookies is a list of names, or {purpose: [names]}; a name
  // ending in * is a prefix.
  function dropCookies(withdrawn) {
    var dc = cfg.denyCookies, names = [];
    if (!dc) return;
    if (Array.isArray(dc)) names = dc;
    else withdrawn.forEach(function (p) { names = names.concat(dc[p] || []); });
    var host = location.hostname.split('.'), domains = [''];
    for (var i = 0; i < host.length - 1; i++) domains.push(';domain=.' + host.slice(i).join('.'));
    d.cookie.split(';').forEach(function (c) {
      var n = c.split('=')[0].trim();
      var hit = n && names.some(function (x) {
        x = String(x);
        return x.slice(-1) === '*' ? n.indexOf(x.slice(0, -1)) === 0 : x === n;
      });
      if (hit) domains.forEach(function (dm) {
        d.cookie = n + '=;path=/;max-age=0;expires=Thu, 01 Jan 1970 00:00:00 GMT' + dm;
      });
    });
  }

  // The choices API. Calls run one at a time.
  function post(body) {
    var run = function () {
      return fetch(api, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok || !j || typeof j.purposes !== 'object') {
            throw new Error('privacy choices: ' + (j && j.error || 'the gateway answered ' + r.status));
          }
          return apply(j);
        });
      });
    };
    var p = chain.then(run, run);
    chain = p.catch(function () {});
    return p;
  }
  function apply(raw) {
    var prev = state, next = norm(raw);
    var withdrawn = P.filter(function (k) { return prev.purposes[k] && !next.purposes[k]; });
    state = next;
    // The guard lets through what is granted now, before it is activated.
    if (w.privacyChoicesGuard) w.privacyChoicesGuard.update(next.purposes);
    if (next.decided) closeBanner();
    consentMode(next);
    if (withdrawn.length) {
      // Running tags cannot be stopped: reload so that the gateway serves
      // the page without them.
      dropCookies(withdrawn);
      emit('change');
      location.reload();
    } else {
      activate().then(unhide);
      emit('change');
    }
    return get();
  }
  function set(c) {
    c = c || {};
    var body;
    if (typeof c.all === 'boolean') {
      body = { all: c.all };
    } else {
      var cp = c.purposes || {}, p = {};
      P.forEach(function (k) { p[k] = typeof cp[k] === 'boolean' ? cp[k] : state.purposes[k]; });
      body = { purposes: p, persistent: typeof c.persistent === 'boolean' ? c.persistent : state.persistent };
    }
    if (c.source === 'banner' || c.source === 'page') body.source = c.source;
    return post(body);
  }

  // The banner: a non-modal dialog at the bottom. Layer one has Accept all,
  // Reject all and Customize; Customize opens the purposes (layer two).
  function build(canClose) {
    var s = state, tick = closable(); // reflect a decision, never pre-tick one
    var btn = function (id, label) {
      return el('button', { type: 'button', id: ID + id, 'class': 'pc-btn', text: label });
    };
    var row = function (id, name, desc, checked) {
      var box = el('input', { type: 'checkbox', id: ID + id, 'aria-describedby': ID + id + '-desc' });
      box.checked = checked;
      return el('div', { 'class': 'pc-row' }, [box, el('label', { 'for': ID + id, text: name }),
        el('p', { id: ID + id + '-desc', text: desc })]);
    };
    var rows = P.map(function (k) {
      var t = T.purposes && T.purposes[k] || {};
      return row('purpose-' + k, t.name || k.charAt(0).toUpperCase() + k.slice(1), t.desc || '', tick && s.purposes[k]);
    });
    var pt = T.persistent || {};
    rows.push(row('persistent', pt.name || 'Persistent cookies', pt.desc || '', tick && s.persistent));
    if (s.gpc && T.gpc) rows.unshift(el('p', { text: T.gpc }));
    var more = el('div', { id: ID + 'purposes', hidden: '' }, rows);
    var b = banner = el('div', {
      id: ID + 'banner', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': ID + 'title',
      'aria-describedby': ID + 'body', 'data-nosnippet': ''
    }, [
      el('h2', { id: ID + 'title', text: tx('title', 'Your privacy choices') }),
      el('p', { id: ID + 'body', text: tx('body', 'We use cookies and similar technologies. Accept all, reject all or choose by purpose.') }),
      more,
      el('p', { id: ID + 'error', role: 'status', 'aria-live': 'polite' }),
      el('div', { 'class': 'pc-btns' }, [
        btn('accept', tx('accept', 'Accept all')), btn('reject', tx('reject', 'Reject all')),
        btn('customize', tx('customize', 'Customize')), btn('save', tx('save', 'Save my choices')),
        canClose ? btn('close', tx('close', 'Close')) : null
      ]),
      el('a', { href: pageURL, 'class': 'pc-more', text: tx('link', 'Your Privacy Choices') })
    ]);
    if (cfg.lang) b.lang = cfg.lang;
    var q = function (id) { return b.querySelector('#' + ID + id); };
    q('save').hidden = true;
    q('customize').setAttribute('aria-expanded', 'false');
    q('customize').setAttribute('aria-controls', ID + 'purposes');
    b.addEventListener('click', function (e) {
      var id = e.target.id;
      if (id === ID + 'accept') decide({ all: true });
      else if (id === ID + 'reject') decide({ all: false });
      else if (id === ID + 'customize') openMore();
      else if (id === ID + 'close') closeBanner();
      else if (id === ID + 'save') {
        var p = {};
        P.forEach(function (k) { p[k] = q('purpose-' + k).checked; });
        decide({ purposes: p, persistent: q('persistent').checked });
      }
    });
    b.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && canClose) closeBanner();
    });
    prevFocus = d.activeElement;
    (d.body || d.documentElement).appendChild(b);
    // In the top layer the banner is above the page and out of reach of an
    // ancestor's opacity:0 (anti-flicker snippets); "manual": no light dismiss.
    if (b.showPopover) {
      b.popover = 'manual';
      b.showPopover();
    }
    return b;
  }
  function openMore() {
    var b = banner;
    b.querySelector('#' + ID + 'purposes').hidden = false;
    b.querySelector('#' + ID + 'customize').hidden = true;
    b.querySelector('#' + ID + 'save').hidden = false;
    b.querySelector('#' + ID + 'purpose-' + P[0]).focus({ preventScroll: true });
  }
  function decide(body) {
    if (busy) return;
    busy = true;
    var err = banner.querySelector('#' + ID + 'error');
    err.textContent = '';
    banner.setAttribute('aria-busy', 'true');
    body.source = 'banner';
    post(body).catch(function () { fail(); }).then(function () {
      busy = false;
      if (banner) banner.removeAttribute('aria-busy');
    });
  }
  function closable() {
    return state.decided || state.mode === 'opt_out';
  }
  function fail() {
    ready(function () {
      if (!banner) build(closable());
      banner.querySelector('#' + ID + 'error').textContent =
        tx('error', 'Your choice could not be saved. Please try again.');
    });
  }
  function closeBanner() {
    if (!banner) return;
    var had = banner.contains(d.activeElement);
    banner.remove();
    banner = null;
    if (!had) return;
    if (prevFocus && prevFocus !== d.body && prevFocus.isConnected && prevFocus.focus) prevFocus.focus({ preventScroll: true });
    else if (d.activeElement && d.activeElement.blur) d.activeElement.blur();
  }
  function show() {
    ready(function () {
      if (!banner) build(closable());
      openMore();
    });
  }

  // The "Your Privacy Choices" link, with the opt-out icon: a pill, white
  // with a check on the left, blue with an X on the right.
  function icon() {
    var ns = 'http://www.w3.org/2000/svg';
    var mk = function (t, a) {
      var e = d.createElementNS(ns, t);
      for (var k in a) e.setAttribute(k, a[k]);
      return e;
    };
    var svg = mk('svg', { viewBox: '0 0 30 14', width: '30', height: '14', 'aria-hidden': 'true', focusable: 'false' });
    [['rect', { x: '.75', y: '.75', width: '28.5', height: '12.5', rx: '6.25', fill: '#fff', stroke: '#0066ff', 'stroke-width': '1.5' }],
      ['path', { d: 'M17 .75h5.75a6.25 6.25 0 0 1 0 12.5H13z', fill: '#0066ff' }],
      ['path', { d: 'M4.6 7.3l2.4 2.4 4.4-4.7', fill: 'none', stroke: '#0066ff', 'stroke-width': '1.7', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }],
      ['path', { d: 'M19.6 4.6l4.6 4.8m0-4.8l-4.6 4.8', stroke: '#fff', 'stroke-width': '1.7', 'stroke-linecap': 'round' }]
    ].forEach(function (x) { svg.appendChild(mk(x[0], x[1])); });
    return svg;
  }

  // visibility is inherited and opacity is not overridable by a child: the
  // banner and link say visible whatever a page's hiding rule says.
  var CSS = '#B{position:fixed;z-index:2147483000;inset:auto 0 0;width:auto;height:auto;max-width:48em;max-height:85vh;overflow:auto;' +
    'margin:0 auto;padding:1em 1.25em;background:#fff;color:#1a1a1a;border:2px solid #1a1a1a;border-bottom:0;' +
    'border-radius:.5em .5em 0 0;box-shadow:0 -2px 12px rgba(0,0,0,.3);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left}' +
    '#B{opacity:1!important}#B,#B *,#L{visibility:visible!important}' +
    '#B,#B *,#L,.privacy-choices-placeholder{box-sizing:border-box;letter-spacing:normal;text-transform:none}' +
    '#B [hidden]{display:none!important}#B h2{margin:0 0 .4em;font-size:1.2em;font-weight:700;color:#1a1a1a}' +
    '#B p{margin:0 0 .75em;color:#1a1a1a}#B a{color:#1d4ed8;text-decoration:underline}' +
    '.pc-btns{display:flex;flex-wrap:wrap;gap:.5em;margin:0 0 .5em}' +
    '.pc-btn{flex:1 1 9em;min-height:44px;margin:0;padding:.5em 1em;border:2px solid #1d4ed8;border-radius:.4em;' +
    'background:#1d4ed8;color:#fff;font-family:inherit;font-size:1em;font-weight:600;line-height:1.3;cursor:pointer}.pc-btn:hover{background:#1e3a8a;border-color:#1e3a8a}' +
    '#B :focus-visible,#L:focus-visible,.privacy-choices-placeholder :focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 2px #fff}' +
    '#B .pc-row{display:grid;grid-template-columns:auto 1fr;gap:0 .6em;align-items:start;margin:0 0 .6em}' +
    '#B .pc-row input{width:1.25em;height:1.25em;margin:.15em 0 0;accent-color:#1d4ed8}#B .pc-row label{font-weight:600}' +
    '#B .pc-row p{grid-column:2;margin:0;font-size:.9em;color:#333}#B #privacy-choices-error{color:#b00020;font-weight:600}' +
    '#B #privacy-choices-error:empty{display:none}' +
    '@media (prefers-reduced-motion:no-preference){#B{animation:pc-in .25s ease-out}}@keyframes pc-in{from{transform:translateY(100%)}}' +
    '#L{position:fixed;z-index:2147482999;left:.75em;bottom:.75em;display:inline-flex;align-items:center;gap:.4em;padding:.3em .75em;' +
    'background:#fff;color:#1a1a1a;border:1px solid #767676;border-radius:2em;font:14px/1.4 system-ui,sans-serif;text-decoration:none;' +
    'box-shadow:0 1px 4px rgba(0,0,0,.25)}#L:hover{text-decoration:underline}' +
    '.privacy-choices-placeholder{padding:1em;border:1px solid #767676;background:#f3f3f3;color:#1a1a1a;font:15px/1.5 system-ui,sans-serif}' +
    '.privacy-choices-placeholder a{color:#1d4ed8}.privacy-choices-placeholder button{margin:.5em 0 0;padding:.4em 1em;min-height:44px;' +
    'border:2px solid #1d4ed8;border-radius:.4em;background:#1d4ed8;color:#fff;font:inherit;font-weight:600;cursor:pointer}' +
    'iframe[data-consent-src]:not([src]):not([data-consent-measure]){display:none}';

  function init() {
    if (!d.getElementById(ID + 'style')) {
      var st = el('style', { id: ID + 'style', text: CSS.replace(/#B/g, '#' + ID + 'banner').replace(/#L/g, '#' + ID + 'link') });
      if (nonce) st.nonce = nonce;
      (d.head || d.documentElement).appendChild(st);
    }
    d.addEventListener('click', function (e) {
      var t = e.target.closest ? e.target.closest('[data-consent-allow],[data-privacy-choices-link]') : null;
      if (!t || e.defaultPrevented) return;
      var p = t.getAttribute('data-consent-allow');
      if (p !== null) {
        if (!isPurpose(p) || t.getAttribute('aria-disabled')) return;
        var pu = get().purposes;
        pu[p] = true;
        t.setAttribute('aria-disabled', 'true');
        post({ purposes: pu, persistent: state.persistent, source: 'banner' }).catch(function () { fail(); })
          .then(function () { t.removeAttribute('aria-disabled'); });
      } else if (e.button === 0 && !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) && location.pathname !== page) {
        e.preventDefault();
        show();
      }
    });
    var start = cfg.state && typeof cfg.state === 'object' ? Promise.resolve() :
      fetch(api, { credentials: 'same-origin' }).then(function (r) { return r.json(); })
        .then(function (j) { state = norm(j); }, function () {});
    start.then(function () {
      var q = activate();
      var want = 'banner' in cfg ? cfg.banner === true : !state.decided && state.mode === 'opt_in' && location.pathname !== page;
      if (want && !banner && !d.getElementById(ID + 'banner')) {
        // Focus the dialog itself, not a button: a focus ring on "Accept"
        // would give it more weight than "Reject" (Tab reaches both).
        var bn = build(false);
        bn.setAttribute('tabindex', '-1');
        bn.focus({ preventScroll: true });
      }
      if (cfg.link && !d.getElementById(ID + 'link')) {
        var a = el('a', { id: ID + 'link', href: pageURL, 'data-privacy-choices-link': '', 'data-nosnippet': '' }, [icon()]);
        a.appendChild(d.createTextNode(tx('link', 'Your Privacy Choices')));
        (d.body || d.documentElement).appendChild(a);
      }
      // Release anti-flicker hiding if a held script (maybe the one it
      // waits for) will not run: waiting for a decision would hide the
      // site behind the banner, a consent wall.
      q.then(function () {
        if (d.querySelector('script[type="text/plain"][data-consent]')) unhide();
      });
      // A sized placeholder stands in the line as its held iframe would:
      // an inline iframe sits on the baseline (its line box adds the gap
      // below), so nothing below moves when the iframe comes back.
      Array.prototype.forEach.call(d.querySelectorAll('.privacy-choices-placeholder[style]'), function (ph) {
        var f = ph.nextElementSibling, cs, dsp, va;
        if (!f || f.localName !== 'iframe' || f.hasAttribute('src')) return;
        f.setAttribute('data-consent-measure', '');
        cs = getComputedStyle(f);
        dsp = cs.display;
        va = cs.verticalAlign;
        f.removeAttribute('data-consent-measure');
        if (dsp.indexOf('inline') === 0) {
          ph.style.display = 'inline-block';
          ph.style.verticalAlign = va;
          ph.style.overflow = 'auto';
        }
      });
      // Links to the choices page, the gateway's placeholders' too.
      Array.prototype.forEach.call(d.links, function (l) {
        if (l.getAttribute('href') === page && l.href !== pageURL) l.href = pageURL;
      });
      isReady = true;
      emit('ready');
    });
  }

  w.privacyChoices = Object.freeze({ version: 1, get: get, set: set, show: show, on: on, off: off });
  ready(init);
})();
