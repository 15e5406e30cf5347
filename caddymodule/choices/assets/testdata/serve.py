#!/usr/bin/env python3
"""A stand-in gateway for checking consent.js by hand (not used by CI).

    python3 serve.py [port]          # default 8099, listens on 127.0.0.1

Serves the pages in this folder with __CONFIG__ replaced by a
privacyChoicesConfig built from the current (in-memory, single-visitor)
state, ../consent.js at /privacy-choices/consent.js, and a fake choices API
at /privacy-choices/api that checks requests the way the gateway does.

  /t/s.js?n=NAME&delay=MS   a script that appends NAME to window.__order
  /t/m.js?n=NAME            the same as a module script
  /t/px.gif?n=NAME          a 1x1 gif; the hit is logged
  /fail/api                 an API that always answers 500
  /_log                     JSON: POST bodies and tracker hits so far
  /_reset?mode=opt_out&gpc=1   forget the visitor (optional mode and GPC)
Pages named csp*.html are sent with a strict nonce-based CSP.
"""
import json, os, sys, time, urllib.parse
from http.server import ThreadingHTTPServer, SimpleHTTPRequestHandler

HERE = os.path.dirname(os.path.abspath(__file__))
P = ["functional", "analytics", "beacon", "retargeting", "social"]
TEXT = {
    "title": "Your privacy choices",
    "body": "We and our partners use cookies and similar technologies for analytics, ads and social features. You can accept all, reject all, or choose by purpose. <b>Not bold</b> & escaped.",
    "accept": "Accept all", "reject": "Reject all", "customize": "Customize",
    "save": "Save my choices", "close": "Close", "link": "Your Privacy Choices",
    "allow": "Allow", "blocked": "Blocked by your privacy choices",
    "error": "Your choice could not be saved. Please try again.",
    "gpc": "Your browser sent an opt-out preference signal (GPC); we honor it.",
    "persistent": {"name": "Persistent cookies", "desc": "Remember these choices and preferences across visits."},
    "purposes": {
        "functional": {"name": "Functional", "desc": "Preferences such as language, and embedded players."},
        "analytics": {"name": "Analytics", "desc": "Site visitor data that helps us improve the site."},
        "beacon": {"name": "Web beacons", "desc": "Tracking pixels, including in emails."},
        "retargeting": {"name": "Re-targeting", "desc": "Ads about our products on other sites (sale or sharing of personal information)."},
        "social": {"name": "Social media", "desc": "Share buttons, widgets and embeds from social networks."},
    },
}
S = {}
LOG = []


def reset(mode="opt_in", gpc=False):
    S.clear()
    S.update(mode=mode, gpc=gpc, decided=False, persistent=False,
             purposes={p: mode == "opt_out" and not (gpc and p in ("retargeting", "social", "beacon")) for p in P},
             receipt="")
    LOG.clear()


reset()


def state():
    return {"policy_version": "2026-11", "mode": S["mode"], "decided": S["decided"], "gpc": S["gpc"],
            "persistent": S["persistent"], "purposes": dict(S["purposes"]), "receipt": S["receipt"]}


class H(SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=HERE, **k)

    def log_message(self, *a):
        pass

    def send(self, code, body, ctype, extra=()):
        b = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "no-store")
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        if u.path == "/privacy-choices/consent.js":
            with open(os.path.join(HERE, "..", "consent.js"), "rb") as f:
                return self.send(200, f.read(), "text/javascript; charset=utf-8")
        if u.path == "/privacy-choices/api":
            return self.send(200, json.dumps(state()), "application/json")
        if u.path == "/_log":
            return self.send(200, json.dumps(LOG), "application/json")
        if u.path == "/_reset":
            reset(q.get("mode", "opt_in"), q.get("gpc") == "1")
            return self.send(200, "{}", "application/json")
        if u.path in ("/t/s.js", "/t/m.js"):
            time.sleep(int(q.get("delay", "0")) / 1000)
            LOG.append({"hit": q.get("n")})
            n = json.dumps(q.get("n", "?"))
            return self.send(200, "(window.__order=window.__order||[]).push(%s);" % n, "text/javascript")
        if u.path == "/t/px.gif":
            LOG.append({"hit": q.get("n")})
            gif = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")
            return self.send(200, gif, "image/gif")
        if u.path == "/t/frame.html":
            LOG.append({"hit": q.get("n")})
            return self.send(200, "<!doctype html><title>frame</title><p>embedded %s</p>" % q.get("n"), "text/html")
        if u.path.endswith(".html") or u.path == "/privacy-choices":
            name = "choices.html" if u.path == "/privacy-choices" else u.path.lstrip("/")
            try:
                with open(os.path.join(HERE, os.path.basename(name)), encoding="utf-8") as f:
                    html = f.read()
            except OSError:
                return self.send(404, "not found", "text/plain")
            csp = name.startswith("csp")
            nonce = "abc123" if csp else ""
            on_choices = u.path == "/privacy-choices"
            cfg = {"api": "/fail/api" if name.startswith("fail") else "/privacy-choices/api",
                   "page": "/privacy-choices", "nonce": nonce, "state": state(),
                   "banner": S["mode"] == "opt_in" and not S["decided"] and not on_choices,
                   "lang": "en", "text": TEXT, "link": True,
                   "denyCookies": {"analytics": ["_ga", "_ga_*"], "retargeting": ["_fbp"]}}
            if "nolink" in q:
                cfg["link"] = False
            js = json.dumps(cfg).replace("<", "\\u003c")
            html = html.replace("__CONFIG__", js).replace("__NONCE__", nonce)
            extra = []
            if csp:
                extra.append(("Content-Security-Policy",
                              "script-src 'nonce-abc123' 'strict-dynamic'; style-src 'nonce-abc123'; img-src 'self'; frame-src 'self'"))
            return self.send(200, html, "text/html; charset=utf-8", extra)
        return self.send(404, "not found", "text/plain")

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        if u.path == "/fail/api":
            return self.send(500, json.dumps({"error": "store down"}), "application/json")
        if u.path != "/privacy-choices/api":
            return self.send(404, "not found", "text/plain")
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return self.send(415, json.dumps({"error": "Content-Type must be application/json"}), "application/json")
        try:
            body = json.loads(raw)
            LOG.append({"post": body})
            if set(body) - {"all", "purposes", "persistent", "source"}:
                raise ValueError("unknown field")
            if "all" in body:
                if "purposes" in body or "persistent" in body or not isinstance(body["all"], bool):
                    raise ValueError("all")
                S["purposes"] = {p: body["all"] for p in P}
                S["persistent"] = body["all"]
            else:
                ps = body["purposes"]
                if set(ps) - set(P) or not all(isinstance(v, bool) for v in ps.values()):
                    raise ValueError("purposes")
                S["purposes"] = {p: ps.get(p, False) for p in P}
                S["persistent"] = body.get("persistent") is True
            if body.get("source") not in (None, "banner", "page", "api"):
                raise ValueError("source")
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            return self.send(400, json.dumps({"error": "bad request: %s" % e}), "application/json")
        S["decided"] = True
        S["receipt"] = "r-%d" % len(LOG)
        return self.send(200, json.dumps(state()), "application/json",
                         [("Set-Cookie", "privacy_choices=x; Path=/; HttpOnly; SameSite=Lax")])


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8099
    ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
