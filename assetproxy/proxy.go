package assetproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of Config.
const (
	DefaultCacheBytes = 64 << 20
	DefaultMaxBytes   = 8 << 20
	DefaultTimeout    = 15 * time.Second
	// DefaultUserAgent is sent when the visitor's request has none.
	DefaultUserAgent = "caddy-consent-assetproxy"
	maxRedirects     = 5
)

// Config configures a Proxy.
type Config struct {
	// Hosts are the proxied host patterns: "fonts.gstatic.com", or
	// "*.example-cdn.net" for a host and its subdomains.
	Hosts []string
	// Upstreams maps a listed host to the base URL its files are fetched
	// from instead of https://host (a mirror; a test server): the request
	// path is appended to the base URL's path.
	Upstreams map[string]string
	// Transport makes the upstream requests; nil uses
	// http.DefaultTransport. It should not follow proxies that add the
	// visitor's address; none does on its own.
	Transport http.RoundTripper
	// CacheBytes bounds the cache (DefaultCacheBytes when zero).
	CacheBytes int64
	// MaxBytes bounds one response body: a larger one is answered 502 and
	// not cached (DefaultMaxBytes when zero).
	MaxBytes int64
	// Timeout bounds one upstream fetch, redirects included
	// (DefaultTimeout when zero).
	Timeout time.Duration
	// Now is the clock (time.Now when nil), for tests.
	Now func() time.Time
}

// Proxy fetches, caches and serves the files of the listed hosts. It is
// safe for concurrent use.
type Proxy struct {
	hosts     hostSet
	upstreams map[string]*url.URL
	client    *http.Client
	cache     *cache
	maxBytes  int64
	timeout   time.Duration
	now       func() time.Time
}

// New checks cfg and returns its Proxy.
func New(cfg Config) (*Proxy, error) {
	hosts, err := newHostSet(cfg.Hosts)
	if err != nil {
		return nil, err
	}
	p := &Proxy{hosts: hosts, upstreams: make(map[string]*url.URL), cache: newCache(orDefault(cfg.CacheBytes, DefaultCacheBytes)),
		maxBytes: orDefault(cfg.MaxBytes, DefaultMaxBytes), timeout: orDefault(cfg.Timeout, DefaultTimeout), now: cfg.Now}
	if p.now == nil {
		p.now = time.Now
	}
	for host, raw := range cfg.Upstreams {
		u, err := CheckUpstream(raw)
		if err != nil {
			return nil, fmt.Errorf("upstream of %s: %w", host, err)
		}
		if !hosts.match(host) {
			return nil, fmt.Errorf("upstream of %s: the host is not proxied; list it first", host)
		}
		p.upstreams[host] = u
	}
	rt := cfg.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	p.client = &http.Client{
		Transport: rt,
		// Redirects are followed by fetch, to listed hosts only, and
		// without the Referer a Client would add.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return p, nil
}

func orDefault[T int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// CheckUpstream parses an upstream base URL: http or https, a host, no
// query, fragment or user info.
func CheckUpstream(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q is not an http(s) base URL such as https://mirror.example.net or https://127.0.0.1:9443", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Listed reports whether a host (lower case, no port) is proxied.
func (p *Proxy) Listed(host string) bool { return p.hosts.match(host) }

// Serve answers a request for a proxied file. prefix is the proxy path as
// the browser sees it, without a trailing "/" (CSS is rewritten to point
// there), and rest the request's escaped path after prefix and "/". It
// answers 404 for an unlisted host or a path ParsePath refuses, 405 for a
// method other than GET and HEAD, 502 when the upstream fails, and the
// upstream's status for its other errors.
func (p *Proxy) Serve(w http.ResponseWriter, r *http.Request, prefix, rest string) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	host, path, ok := ParsePath(rest)
	if !ok || !p.Listed(host) {
		http.Error(w, "not a proxied asset", http.StatusNotFound)
		return
	}
	target := "https://" + host + path
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	fwd := forwardedHeaders(r.Header)
	e, key, fresh := p.cache.get(target, fwd, p.now())
	if !fresh {
		var status int
		e, status = p.fetch(r.Context(), target, key, fwd, e)
		if e == nil {
			http.Error(w, http.StatusText(status), status)
			return
		}
	}
	p.write(w, r, e, prefix, target)
}

// forwardedHeaders are the only request headers the upstream sees:
// User-Agent and Accept, because font CDNs pick the format by them (Google
// Fonts' CSS names woff2 files only for browsers it knows). Neither names
// the visitor. Accept-Encoding is the transport's (gzip, decoded before
// caching); cookies, Authorization, Referer, the visitor's address and
// every forwarding header stay behind.
func forwardedHeaders(in http.Header) http.Header {
	out := http.Header{"User-Agent": {DefaultUserAgent}}
	if ua := in.Get("User-Agent"); ua != "" {
		out.Set("User-Agent", ua)
	}
	if a := in.Get("Accept"); a != "" {
		out.Set("Accept", a)
	}
	return out
}

// errUpstream is a fetch that failed on the upstream's side: 502.
var errUpstream = errors.New("upstream failed")

// fetch gets target (revalidating stale, if set) and caches the answer
// when it may. It returns the entry to serve, or nil and the status to
// answer.
func (p *Proxy) fetch(ctx context.Context, target, key string, fwd http.Header, stale *entry) (*entry, int) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	logical, _ := url.Parse(target)
	var resp *http.Response
	for range maxRedirects + 1 {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.upstreamURL(logical), nil)
		if err != nil {
			return nil, http.StatusBadGateway
		}
		req.Header = fwd.Clone()
		if stale != nil {
			if v := stale.header.Get("ETag"); v != "" {
				req.Header.Set("If-None-Match", v)
			}
			if v := stale.header.Get("Last-Modified"); v != "" {
				req.Header.Set("If-Modified-Since", v)
			}
		}
		resp, err = p.client.Do(req)
		if err != nil {
			return nil, http.StatusBadGateway
		}
		loc := resp.Header.Get("Location")
		if resp.StatusCode < 300 || resp.StatusCode > 308 || resp.StatusCode == http.StatusNotModified || loc == "" {
			break
		}
		resp.Body.Close()
		next, err := logical.Parse(loc)
		if err != nil || (next.Scheme != "https" && next.Scheme != "http") || next.Port() != "" || !p.Listed(strings.ToLower(next.Hostname())) {
			return nil, http.StatusBadGateway // never to a host not listed
		}
		next.Scheme, next.Host = "https", strings.ToLower(next.Hostname())
		logical, resp = next, nil
	}
	if resp == nil {
		return nil, http.StatusBadGateway // too many redirects
	}
	defer resp.Body.Close()
	now := p.now()
	switch {
	case resp.StatusCode == http.StatusNotModified && stale != nil:
		if store, life := freshness(resp.Header, now); store {
			p.cache.refresh(stale, now.Add(life))
		}
		return stale, 0
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return nil, resp.StatusCode
	default:
		return nil, http.StatusBadGateway
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.maxBytes+1))
	if err != nil || int64(len(body)) > p.maxBytes {
		return nil, http.StatusBadGateway
	}
	e := &entry{url: target, key: key, header: passedHeaders(resp.Header), body: body}
	store, life := freshness(resp.Header, now)
	e.expires = now.Add(life)
	vary, ok := varyNames(resp.Header)
	if store && ok && (life > 0 || e.header.Get("ETag") != "" || e.header.Get("Last-Modified") != "") {
		e.key = varyKey(target, vary, fwd)
		p.cache.put(vary, e)
	}
	return e, 0
}

// upstreamURL is where a logical https://host/path?query URL is fetched
// from: its host's configured upstream, or itself.
func (p *Proxy) upstreamURL(logical *url.URL) string {
	base, ok := p.upstreams[logical.Host]
	if !ok {
		return logical.String()
	}
	u := *base
	u.Path = base.Path + logical.Path
	u.RawPath = ""
	if logical.RawPath != "" {
		u.RawPath = base.EscapedPath() + logical.RawPath
	}
	u.RawQuery = logical.RawQuery
	return u.String()
}

// varyNames lists the forwarded headers a response varies on (canonical
// names); ok is false for Vary: *, which no cache may reuse. Other request
// headers never reach the upstream, so its answer cannot depend on them.
func varyNames(h http.Header) (names []string, ok bool) {
	for _, line := range h.Values("Vary") {
		for n := range strings.SplitSeq(line, ",") {
			switch n = http.CanonicalHeaderKey(strings.TrimSpace(n)); n {
			case "*":
				return nil, false
			case "User-Agent", "Accept":
				names = append(names, n)
			}
		}
	}
	return names, true
}

// passedHeaders are the upstream's response headers passed to the browser.
func passedHeaders(in http.Header) http.Header {
	out := http.Header{}
	for _, k := range [...]string{"Content-Type", "Cache-Control", "Expires", "ETag", "Last-Modified",
		"Access-Control-Allow-Origin", "Timing-Allow-Origin"} {
		if v := in.Values(k); len(v) > 0 {
			out[http.CanonicalHeaderKey(k)] = v
		}
	}
	if names, _ := varyNames(in); len(names) > 0 {
		out["Vary"] = []string{strings.Join(names, ", ")}
	}
	return out
}

// write answers the request from entry e: CSS with its targets on listed
// hosts pointed at prefix (and a weak ETag, since its bytes are not the
// upstream's), anything else byte for byte; 304 to an If-None-Match that
// names the ETag.
func (p *Proxy) write(w http.ResponseWriter, r *http.Request, e *entry, prefix, target string) {
	body := e.body
	hdr := w.Header()
	for k, v := range e.header {
		hdr[k] = v
	}
	if isCSS(e.header.Get("Content-Type")) {
		base, _ := url.Parse(target)
		if out := RewriteCSS(body, p.cssTarget(prefix, base)); len(body) > 0 && (len(out) != len(body) || &out[0] != &body[0]) {
			body = out
			if et := hdr.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
				hdr.Set("ETag", "W/"+et)
			}
		}
	}
	if et := hdr.Get("ETag"); et != "" && etagMatch(r.Header.Get("If-None-Match"), et) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// cssTarget rewrites a CSS target, resolved against the stylesheet's URL,
// to its proxy path when its host is listed.
func (p *Proxy) cssTarget(prefix string, base *url.URL) func(string) (string, bool) {
	return func(t string) (string, bool) {
		u, err := base.Parse(t)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Port() != "" {
			return "", false
		}
		host := strings.ToLower(u.Hostname())
		if !p.Listed(host) {
			return "", false
		}
		return ProxyPath(prefix, host, u), true
	}
}

func isCSS(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "text/css"
}

// etagMatch reports whether an If-None-Match value names etag (weak
// comparison, as for GET).
func etagMatch(inm, etag string) bool {
	if inm == "" {
		return false
	}
	etag = strings.TrimPrefix(etag, "W/")
	for v := range strings.SplitSeq(inm, ",") {
		v = strings.TrimSpace(v)
		if v == "*" || strings.TrimPrefix(v, "W/") == etag {
			return true
		}
	}
	return false
}
