/*! caddy-consent guard: holds what scripts create at run time for purposes the visitor has not granted. Contract: README.md beside this file. */
(function (W) {
  'use strict';
  if (W.privacyChoicesGuard) return;
  var C = W.privacyChoicesGuardConfig || {};
  var LOC = W.location, D = W.document;
  // G: granted purposes; U: the unknown_tags policy; S: a sensitive page,
  // where only necessary hosts pass.
  var G = {}, U = C.u || 'ask', S = !!C.s, F = String(C.f || '').toLowerCase();
  (C.g || []).forEach(function (p) { G[p] = true; });
  // Two tiers (the operator's rules, then the knowledge base), each an
  // exact-host map and a host-and-subdomains map to a purpose, or '?'
  // when the host has rules with paths or queries: the server decides.
  var T = (C.t || []).map(function (t) {
    var e = {}, s = {};
    Object.keys(t).forEach(function (p) {
      t[p].forEach(function (h) {
        if (h.indexOf('*.') === 0) s[h.slice(2)] = p;
        else e[h] = p;
      });
    });
    return [e, s];
  });
  // Verdicts from the server: host or URL to purpose.
  // (Vf holds what could not be asked, for this page only.)
  var V = {}, Vf = {}, VS = 'privacy-choices-verdicts';
  try { V = JSON.parse(W.sessionStorage.getItem(VS)) || {}; } catch (e) { V = {}; }
  var stats = { held: 0, dropped: 0, asked: 0 };
  var waiting = {}, queue = [], reported = {}, nreported = 0, timer = 0;
  var docs = [], hooked = [], pend = [];
  var orig = {}, push = [].push;

  function allowed(p) {
    if (p === 'necessary' || p === '') return true;
    if (S) return false;
    if (p === 'unknown') return U === 'keep' || !!G.unknown;
    return !!G[p];
  }
  function lookup(h) {
    for (var i = 0; i < T.length; i++) {
      var e = T[i][0], s = T[i][1], k = h;
      if (e.hasOwnProperty(k)) return e[k];
      for (;;) {
        if (s.hasOwnProperty(k)) return s[k];
        var j = k.indexOf('.');
        if (j < 0) break;
        k = k.slice(j + 1);
      }
    }
    return null;
  }
  function hostOf(u) {
    try { return new URL(u).hostname.toLowerCase().replace(/\.+$/, ''); } catch (e) { return ''; }
  }
  function firstParty(h) {
    return h === LOC.hostname.toLowerCase().replace(/\.+$/, '') ||
      !!F && (h === F || h.slice(-F.length - 1) === '.' + F);
  }
  // verdict returns '' for a URL that may load, the purpose it is held
  // for, or '?' when only the server can tell; u is the parsed URL.
  function verdict(raw, doc) {
    var u;
    try { u = new URL(String(raw).trim(), (doc || D).baseURI); } catch (e) { return ['', null]; }
    if (!/^(https?|wss?):$/.test(u.protocol)) return ['', u];
    var h = u.hostname.toLowerCase().replace(/\.+$/, '');
    if (firstParty(h)) return ['', u];
    var p = lookup(h);
    if (p === '?') p = V.hasOwnProperty(u.href) ? V[u.href] : Vf.hasOwnProperty(u.href) ? Vf[u.href] : '?';
    else if (p === null) p = V.hasOwnProperty(h) ? V[h] : Vf.hasOwnProperty(h) ? Vf[h] : '?';
    return [p === '?' ? '?' : allowed(p) ? '' : p, u];
  }

  // The server's verdicts, asked in batches of up to 32 URLs; held URLs of
  // known hosts ride along as reports for the inventory.
  function ask(u, held) {
    var k = u.href;
    if (!held && waiting[k]) return waiting[k].p;
    if (reported[k] && held) return null;
    if (nreported >= 200) {
      if (held) return null;
      Vf[k] = Vf[hostOf(k)] = 'unknown';
      Promise.resolve().then(settleAll);
      return Promise.resolve('unknown');
    }
    var r = { u: k, h: held };
    if (!held) {
      stats.asked++;
      r.p = new Promise(function (ok) { r.ok = ok; });
      waiting[k] = r;
    }
    reported[k] = 1;
    nreported++;
    queue.push(r);
    if (!timer) timer = W.setTimeout(flush, 0);
    return r.p;
  }
  function flush() {
    timer = 0;
    while (queue.length) {
      var batch = queue.splice(0, 32);
      send(batch);
    }
  }
  function send(batch) {
    var urls = [], held = [];
    batch.forEach(function (r) { (r.h ? held : urls).push(r.u); });
    var done = function (list) {
      batch.forEach(function (r) {
        if (r.h) return;
        var v = list && list[urls.indexOf(r.u)], p = 'unknown';
        if (v && typeof v.purpose === 'string') {
          p = v.purpose;
          V[v.scope === 'url' ? r.u : hostOf(r.u)] = p;
        } else Vf[r.u] = Vf[hostOf(r.u)] = p;
        delete waiting[r.u];
        r.ok(p);
      });
      try { W.sessionStorage.setItem(VS, JSON.stringify(V)); } catch (e) {}
      settleAll();
    };
    if (!C.v) return done(null);
    orig.fetch.call(W, new URL(C.v, LOC.origin).href, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ urls: urls, held: held, page: LOC.pathname })
    }).then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (j) { done(j && j.verdicts); }, function () { done(null); });
  }
  // wait resolves with '' when the URL may load, else the purpose.
  function wait(u) {
    return ask(u).then(function (p) { return allowed(p) ? '' : p; });
  }
  function dropped(u) {
    stats.dropped++;
    if (u) ask(u, true);
  }

  // The URL attributes of the elements that load what they name.
  var ATTRS = {
    script: ['src', 'href', 'xlink:href'], iframe: ['src', 'srcdoc'], frame: ['src'], img: ['src', 'srcset'],
    image: ['href', 'xlink:href'], link: ['href', 'imagesrcset'], embed: ['src'], object: ['data'],
    source: ['src', 'srcset'], video: ['src', 'poster'], audio: ['src'], track: ['src'], input: ['src'],
    form: ['action'], button: ['formaction'], a: ['ping'], area: ['ping']
  };
  var SEL = Object.keys(ATTRS).join(',');
  var INERT_LINK = /^(canonical|alternate|author|help|license|next|prev|search|me|shortlink|edit|bookmark|tag)$/i;
  // mark holds the value of attribute a of e for purpose p ("pending" while
  // the server is asked), as the server marks what it holds.
  function mark(e, a, v, p) {
    var held = e.hasAttribute('data-consent');
    orig.setAttribute.call(e, 'data-consent', p);
    orig.setAttribute.call(e, 'data-consent-' + a.replace('xlink:', ''), v);
    if (e.hasAttribute(a)) orig.removeAttribute.call(e, a);
    if (e.localName === 'script' && (e.getAttribute('type') || '').toLowerCase() !== 'text/plain') {
      var t = e.getAttribute('type');
      if (t) orig.setAttribute.call(e, 'data-consent-type', t);
      orig.setAttribute.call(e, 'type', 'text/plain');
    }
    if (!held) stats.held++;
  }
  function heldScript(e) {
    return e.localName === 'script' && !!e.getAttribute('data-consent') &&
      (e.getAttribute('type') || '').toLowerCase() === 'text/plain';
  }
  // unmark gives back what a pending element held once it may load.
  function unmark(e) {
    if (e.getAttribute('data-consent') !== 'pending') return;
    var s = e.localName === 'script' && e.isConnected, c = s ? e.ownerDocument.createElement('script') : e;
    if (s) {
      [].forEach.call(e.attributes, function (x) {
        if (x.name !== 'type' && x.name.indexOf('data-consent') !== 0) orig.setAttribute.call(c, x.name, x.value);
      });
      c.onload = e.onload;
      c.onerror = e.onerror;
      if (e.nonce) c.nonce = e.nonce;
    }
    if (e.localName === 'script') {
      var t = e.getAttribute('data-consent-type');
      if (t) orig.setAttribute.call(c, 'type', t);
      else if (!s) orig.removeAttribute.call(c, 'type');
      if (!s) orig.removeAttribute.call(c, 'data-consent-type');
    }
    (ATTRS[e.localName] || []).forEach(function (a) {
      var n = 'data-consent-' + a.replace('xlink:', ''), v = e.getAttribute(n);
      if (v === null) return;
      orig.setAttribute.call(c, a, v);
      if (!s) orig.removeAttribute.call(c, n);
    });
    if (s) e.parentNode.replaceChild(c, e);
    else orig.removeAttribute.call(e, 'data-consent');
    stats.held--;
  }
  // urlsIn lists the web URLs of a value: one URL, a srcset, or the
  // markup of a srcdoc, data: or javascript: document.
  function urlsIn(e, a, v) {
    v = String(v);
    if (a === 'srcset' || a === 'imagesrcset') {
      return v.split(',').map(function (c) { return c.trim().split(/\s+/)[0]; }).filter(Boolean);
    }
    var inner = null, m;
    if (a === 'srcdoc') inner = v;
    else if (/^\s*data:/i.test(v) && /^(iframe|frame|object|embed)$/.test(e.localName)) {
      m = /^\s*data:([^,]*),([\s\S]*)$/i.exec(v);
      try { inner = m ? (/;base64$/i.test(m[1]) ? atob(m[2]) : decodeURIComponent(m[2])) : ''; } catch (x) { inner = ''; }
    } else if (/^\s*javascript:/i.test(v)) inner = v;
    if (inner === null) return [v];
    return (inner.match(/(?:https?:|wss?:)?\/\/[a-z0-9][a-z0-9.-]*[a-z0-9]/ig) || []).map(function (s) {
      return /^\/\//.test(s) ? 'https:' + s : s;
    });
  }
  // check decides attribute a of e set to v: it returns true when the
  // value may go in as it is, else it holds it ("pending" while the
  // server is asked about a host the page does not know).
  function check(e, a, v) {
    if (v === null || v === undefined) return true;
    if (e.localName === 'link' && INERT_LINK.test(e.getAttribute('rel') || '')) return true;
    var r = judge(e, urlsIn(e, a, v));
    if (!r[0]) return true;
    mark(e, a, String(v), r[0] === '?' ? 'pending' : r[0]);
    if (r[0] === '?') {
      pend.push(e);
      r[2].forEach(function (u) { ask(u); });
    } else dropped(r[1]);
    return false;
  }
  // judge returns the strictest verdict of a list of URLs: the first
  // purpose held, else '?' with the URLs to ask about, else ''.
  function judge(e, urls) {
    var q = [];
    for (var i = 0; i < urls.length; i++) {
      var r = verdict(urls[i], e.ownerDocument);
      if (r[0] === '?') q.push(r[1]);
      else if (r[0]) return r;
    }
    return [q.length ? '?' : '', q[0], q];
  }
  // settle decides a pending element once the server answered for all
  // its URLs: it loads, or it is held for the purpose found.
  function settle(e) {
    if (e.getAttribute('data-consent') !== 'pending') return true;
    var urls = [];
    (ATTRS[e.localName] || []).forEach(function (a) {
      var v = e.getAttribute('data-consent-' + a.replace('xlink:', ''));
      if (v !== null) push.apply(urls, urlsIn(e, a, v));
    });
    var r = judge(e, urls);
    if (r[0] === '?') return false;
    if (r[0]) orig.setAttribute.call(e, 'data-consent', r[0]);
    else unmark(e);
    return true;
  }
  function settleAll() {
    pend = pend.filter(function (e) { return !settle(e); });
    [D].concat(docs).forEach(function (d) {
      try { [].forEach.call(d.querySelectorAll('[data-consent="pending"]'), settle); } catch (e) {}
    });
  }
  // scan checks an element and its descendants as they go into a document
  // (they may come from markup, another document or a template).
  function scan(n) {
    if (!n || n.nodeType !== 1 && n.nodeType !== 11) return;
    if (n.nodeType === 1) one(n);
    if (n.firstElementChild) [].forEach.call(n.querySelectorAll(SEL), one);
  }
  function one(e) {
    var as = ATTRS[e.localName];
    if (!as || e.getAttribute('data-consent')) return;
    for (var i = 0; i < as.length; i++) {
      var v = e.getAttribute(as[i]);
      if (v !== null && !check(e, as[i], v)) return;
    }
  }
  // clean returns markup with what it would load held, or the markup as
  // it is when nothing in it is held.
  var inert = D.implementation.createHTMLDocument('');
  var MAYLOAD = /(src|href|data|action|poster|ping)\s*=/i;
  function clean(html) {
    html = String(html);
    if (!MAYLOAD.test(html)) return html;
    var t = inert.createElement('template'), before = stats.held;
    orig.innerHTML.set.call(t, html);
    scan(t.content);
    return stats.held === before ? html : orig.innerHTML.get.call(t);
  }

  // install guards a window: the main one, and same-origin child windows
  // (about:blank, srcdoc and javascript: frames).
  function install(w) {
    var d;
    try { d = w.document; if (!d || w.privacyChoicesGuard && w !== W) return; } catch (e) { return; }
    if (hooked.indexOf(w) >= 0) return;
    hooked.push(w);
    if (w !== W) {
      docs.push(d);
      w.privacyChoicesGuard = W.privacyChoicesGuard;
    }
    var E = w.Element && w.Element.prototype, N = w.Node && w.Node.prototype;
    if (!E || !N) return;
    var wrap = function (o, k, f) {
      var x = o && o[k];
      if (typeof x === 'function') o[k] = f(x);
    };
    var prop = function (o, k, f) {
      var x = o && Object.getOwnPropertyDescriptor(o, k);
      if (x && x.set) Object.defineProperty(o, k, { configurable: true, enumerable: x.enumerable, get: x.get, set: f(x.set) });
    };
    if (w === W) {
      orig.setAttribute = E.setAttribute;
      orig.removeAttribute = E.removeAttribute;
      orig.innerHTML = Object.getOwnPropertyDescriptor(E, 'innerHTML');
      orig.fetch = w.fetch;
    }
    // Property setters of URL attributes.
    [['HTMLScriptElement', 'src'], ['HTMLIFrameElement', 'src'], ['HTMLIFrameElement', 'srcdoc'], ['HTMLFrameElement', 'src'],
      ['HTMLImageElement', 'src'], ['HTMLImageElement', 'srcset'], ['HTMLLinkElement', 'href'], ['HTMLEmbedElement', 'src'],
      ['HTMLObjectElement', 'data'], ['HTMLSourceElement', 'src'], ['HTMLSourceElement', 'srcset'], ['HTMLMediaElement', 'src'],
      ['HTMLVideoElement', 'poster'], ['HTMLTrackElement', 'src'], ['HTMLInputElement', 'src'], ['HTMLFormElement', 'action'],
      ['HTMLButtonElement', 'formAction'], ['HTMLAnchorElement', 'ping'], ['HTMLAreaElement', 'ping']
    ].forEach(function (x) {
      var a = x[1].toLowerCase();
      prop(w[x[0]] && w[x[0]].prototype, x[1], function (set) {
        return function (v) {
          if (check(this, a, v)) set.call(this, v);
        };
      });
    });
    // A held script keeps the type it is given for when it runs.
    prop(w.HTMLScriptElement && w.HTMLScriptElement.prototype, 'type', function (set) {
      return function (v) {
        if (heldScript(this)) orig.setAttribute.call(this, 'data-consent-type', v);
        else set.call(this, v);
      };
    });
    wrap(E, 'setAttribute', function (f) {
      return function (n, v) {
        var as = ATTRS[this.localName], l = String(n).toLowerCase();
        if (as && as.indexOf(l) >= 0 && !check(this, l, v)) return;
        if (l === 'type' && heldScript(this)) return f.call(this, 'data-consent-type', v);
        return f.apply(this, arguments);
      };
    });
    wrap(E, 'setAttributeNS', function (f) {
      return function (ns, n, v) {
        var as = ATTRS[this.localName], l = String(n).toLowerCase().replace(/^xlink:/, '');
        if (as && (as.indexOf(l) >= 0 || as.indexOf('xlink:' + l) >= 0) && !check(this, l, v)) return;
        return f.apply(this, arguments);
      };
    });
    // Every insertion path: the nodes are checked before they go in.
    var ins = function (f) {
      return function () {
        for (var i = 0; i < arguments.length; i++) scan(arguments[i]);
        var r = f.apply(this, arguments);
        for (i = 0; i < arguments.length; i++) frames(arguments[i]);
        shadow(this);
        return r;
      };
    };
    ['appendChild', 'insertBefore', 'replaceChild'].forEach(function (k) { wrap(N, k, ins); });
    [E, w.Document && w.Document.prototype, w.DocumentFragment && w.DocumentFragment.prototype].forEach(function (o) {
      ['append', 'prepend', 'replaceChildren'].forEach(function (k) { wrap(o, k, ins); });
    });
    [E, w.CharacterData && w.CharacterData.prototype].forEach(function (o) {
      ['before', 'after', 'replaceWith'].forEach(function (k) { wrap(o, k, ins); });
    });
    wrap(E, 'insertAdjacentElement', function (f) {
      return function (where, e) {
        scan(e);
        var r = f.apply(this, arguments);
        frames(e);
        return r;
      };
    });
    // Markup written by script.
    ['innerHTML', 'outerHTML'].forEach(function (k) {
      [E, w.ShadowRoot && w.ShadowRoot.prototype].forEach(function (o) {
        prop(o, k, function (set) {
          return function (v) {
            set.call(this, clean(v));
            if (k === 'innerHTML') frames(this);
            shadow(this);
          };
        });
      });
    });
    wrap(E, 'insertAdjacentHTML', function (f) {
      return function (where, html) {
        var r = f.call(this, where, clean(html));
        frames(this.parentNode || this);
        return r;
      };
    });
    wrap(w.Range && w.Range.prototype, 'createContextualFragment', function (f) {
      return function (html) {
        return f.call(this, clean(html));
      };
    });
    var DP = w.Document && w.Document.prototype;
    ['write', 'writeln'].forEach(function (k) {
      wrap(DP, k, function (f) {
        return function () {
          return f.call(this, clean([].join.call(arguments, '')));
        };
      });
    });
    ['importNode', 'adoptNode'].forEach(function (k) {
      wrap(DP, k, function (f) {
        return function (n) {
          var r = f.apply(this, arguments);
          scan(r);
          return r;
        };
      });
    });
    // Same-origin child documents get the guard as soon as the page can
    // reach them.
    ['contentWindow', 'contentDocument'].forEach(function (k) {
      var o = w.HTMLIFrameElement && w.HTMLIFrameElement.prototype, x = o && Object.getOwnPropertyDescriptor(o, k);
      if (x && x.get) {
        Object.defineProperty(o, k, {
          configurable: true, enumerable: x.enumerable, get: function () {
            var r = x.get.call(this);
            if (r) install(k === 'contentWindow' ? r : r.defaultView);
            return r;
          }
        });
      }
    });
    // Requests made by script.
    wrap(w, 'fetch', function (f) {
      return function (input) {
        var self = this, args = arguments, u = input && typeof input === 'object' && 'url' in input ? input.url : input;
        var r = verdict(u);
        if (!r[0]) return f.apply(self, args);
        var fail = function () { return Promise.reject(new TypeError('Failed to fetch')); };
        if (r[0] !== '?') {
          dropped(r[1]);
          return fail();
        }
        return wait(r[1]).then(function (p) {
          if (!p) return f.apply(self, args);
          dropped(null);
          return fail();
        });
      };
    });
    var XP = w.XMLHttpRequest && w.XMLHttpRequest.prototype, xu = new WeakMap();
    wrap(XP, 'open', function (f) {
      return function (m, u, async) {
        xu.set(this, [m, u, arguments.length < 3 || !!async]);
        return f.apply(this, arguments);
      };
    });
    wrap(XP, 'send', function (f) {
      return function () {
        var x = this, args = arguments, o = xu.get(x), r = o ? verdict(o[1]) : [''];
        var deny = function () {
          // A network error, as the browser gives for a refused request.
          XP.open.call(x, o[0], 'about:blank', o[2]);
          return f.call(x);
        };
        if (!r[0]) return f.apply(x, args);
        if (r[0] !== '?' || !o[2]) {
          if (r[0] !== '?' || !allowed('unknown')) {
            dropped(r[1]);
            return deny();
          }
          return f.apply(x, args);
        }
        wait(r[1]).then(function (p) {
          if (!p) return f.apply(x, args);
          dropped(null);
          deny();
        });
      };
    });
    var NP = w.Navigator && w.Navigator.prototype;
    wrap(NP, 'sendBeacon', function (f) {
      return function (u) {
        var self = this, args = arguments, r = verdict(u);
        if (!r[0]) return f.apply(self, args);
        if (r[0] !== '?') {
          dropped(r[1]);
          return true;
        }
        wait(r[1]).then(function (p) {
          if (!p) f.apply(self, args);
          else dropped(null);
        });
        return true;
      };
    });
    ['WebSocket', 'EventSource', 'Worker', 'SharedWorker'].forEach(function (k) {
      var O = w[k];
      if (typeof O !== 'function') return;
      var G2 = function (u) {
        var r = verdict(u);
        if (r[0] === '?') {
          // A constructor cannot wait: what the server has not judged
          // yet is treated as unknown, and asked about for next time.
          ask(r[1]);
          r[0] = allowed('unknown') ? '' : 'unknown';
        }
        if (r[0]) {
          dropped(r[1]);
          throw new DOMException('Refused by the visitor\'s privacy choices: ' + r[1].href, 'SecurityError');
        }
        return Reflect.construct(O, arguments, new.target || O);
      };
      G2.prototype = O.prototype;
      Object.setPrototypeOf(G2, O);
      w[k] = G2;
    });
  }
  // shadow keeps the shadow root n is in when it holds something, for
  // consent.js to activate there too.
  function shadow(n) {
    var root = n && n.getRootNode && n.getRootNode();
    if (root && root.host && docs.indexOf(root) < 0 && root.querySelector('[data-consent]')) docs.push(root);
  }
  // frames guards the same-origin iframes among nodes just inserted, and
  // again whenever one of them loads another document.
  function frames(n) {
    if (!n || n.nodeType !== 1 && n.nodeType !== 11) return;
    var l = n.localName === 'iframe' ? [n] : n.firstElementChild ? n.querySelectorAll('iframe') : [];
    [].forEach.call(l, function (f) {
      if (!f.isConnected) return;
      try { install(f.contentWindow); } catch (e) {}
      if (!f.__pcg) {
        f.__pcg = 1;
        f.addEventListener('load', function () { try { install(f.contentWindow); } catch (e) {} });
      }
    });
  }

  W.privacyChoicesGuard = {
    version: 1,
    // update tells the guard what the visitor granted (consent.js calls it
    // before it activates what was held).
    update: function (purposes) {
      G = {};
      Object.keys(purposes || {}).forEach(function (p) { if (purposes[p] === true) G[p] = true; });
    },
    stats: function () {
      return { held: stats.held, dropped: stats.dropped, asked: stats.asked, pending: pend.length };
    },
    // docs lists the same-origin child documents and the shadow roots
    // where the guard held something, for consent.js to activate there too.
    docs: function () {
      return docs.filter(function (d) { return d.host ? d.host.isConnected : d.defaultView; });
    },
    verdict: function (u) { return verdict(u)[0]; }
  };
  if (!C.all) install(W);
})(window);
