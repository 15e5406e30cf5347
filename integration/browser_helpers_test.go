//go:build browser

package integration

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath is the browser the suite drives: the Debian package, or
// the executable named by the CHROMIUM environment variable.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// subtestTimeout bounds every browser subtest.
const subtestTimeout = 30 * time.Second

// browser is one headless Chromium shared by the subtests. Every subtest
// gets its own tab in its own browser context (a fresh cookie jar).
type browser struct {
	ctx    context.Context // a chromedp context whose browser runs
	sink   *connSink
	output *syncBuffer // what Chromium printed

	mu       sync.Mutex
	standIns map[string]standIn // third-party URL -> the body it is answered with
}

// standIn is the response a test gives to one third-party URL in place of
// the empty one: a small stand-in for a CDN's library or font.
type standIn struct {
	contentType string
	body        []byte
}

// serve makes every tab answer requests for rawURL (exactly, query
// included) with body instead of an empty response.
func (b *browser) serve(rawURL, contentType string, body []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.standIns == nil {
		b.standIns = map[string]standIn{}
	}
	b.standIns[rawURL] = standIn{contentType: contentType, body: body}
}

func (b *browser) standIn(rawURL string) (standIn, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.standIns[rawURL]
	return s, ok
}

// startBrowser launches Chromium with no way out of the machine: every
// host name but loopback resolves to a local sink that records which host
// the browser tried to connect to (TLS SNI or HTTP Host), and every request
// of a tab goes through the Fetch domain (see newTab).
func startBrowser(t *testing.T) *browser {
	t.Helper()
	sink := startSink(t)
	profile, err := os.MkdirTemp("", "caddy-consent-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(profile) }) // runs after the browser is gone
	out := new(syncBuffer)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()),
		chromedp.NoSandbox, // the suite runs as root
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "en-US"),
		// Keep cross-site iframes in the page's process, so the page's
		// Fetch domain sees their requests too.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,SitePerProcess,IsolateOrigins,"+
			"OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,"+
			"CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,PrivacySandboxSettings4"),
		chromedp.Flag("host-resolver-rules", fmt.Sprintf("MAP * %s, EXCLUDE 127.0.0.1, EXCLUDE localhost", sink.addr)),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	startCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }() // starts the browser, bound to ctx only
	select {
	case err = <-done:
	case <-startCtx.Done():
		err = startCtx.Err()
	}
	if err != nil {
		t.Fatalf("starting %s: %v\n%s", chromiumPath(), err, out)
	}
	return &browser{ctx: ctx, sink: sink, output: out}
}

// thirdReq is one request to a host other than loopback, answered by the
// test with an empty response.
type thirdReq struct {
	URL  string
	Type network.ResourceType
}

func (r thirdReq) host() string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// tab is one page in a fresh browser context.
type tab struct {
	t       *testing.T
	ctx     context.Context // tab context with the subtest's deadline
	tabCtx  context.Context // tab context without deadline (event loops)
	baseURL string
	browser *browser

	mu       sync.Mutex
	third    []thirdReq
	local    []string // loopback requests, in order ("GET url")
	console  []chromedp.ConsoleMessage
	lastSeen time.Time // last request paused
}

// newTab opens a tab in a new browser context and routes all of its
// requests through the Fetch domain: loopback requests continue, every
// other request is recorded and answered locally with an empty 200 (or
// the stand-in body the test chose for its URL, see browser.serve).
func (b *browser) newTab(t *testing.T, baseURL string) *tab {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tabCtx); err != nil { // attach, with no deadline
		cancelTab()
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, subtestTimeout)
	tb := &tab{t: t, ctx: ctx, tabCtx: tabCtx, baseURL: baseURL, browser: b, lastSeen: time.Now()}
	paused := chromedp.Events(tabCtx, fetch.RequestPaused)
	messages := chromedp.Console(tabCtx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			tb.handle(ev)
		}
	})
	wg.Go(func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.console = append(tb.console, m)
			tb.mu.Unlock()
		}
	})
	t.Cleanup(func() {
		if t.Failed() {
			tb.dumpContext()
		}
		cancel()
		cancelTab()
		wg.Wait()
	})
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageRequest}},
	}); err != nil {
		t.Fatalf("Fetch.enable: %v", err)
	}
	tb.reset()
	// A headless tab has no window focus; emulate it so focus() and Tab
	// behave as in a visible window.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("Emulation.setFocusEmulationEnabled: %v", err)
	}
	return tb
}

// handle answers one paused request.
func (tb *tab) handle(ev fetch.EventRequestPaused) {
	u, err := url.Parse(ev.Request.URL)
	local := err == nil && (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ws" && u.Scheme != "wss" || isLoopback(u.Hostname()))
	tb.mu.Lock()
	tb.lastSeen = time.Now()
	if local {
		tb.local = append(tb.local, ev.Request.Method+" "+ev.Request.URL)
	} else {
		tb.third = append(tb.third, thirdReq{URL: ev.Request.URL, Type: ev.ResourceType})
	}
	tb.mu.Unlock()
	if local {
		_, _ = chromedp.Call(tb.tabCtx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	ct := "text/plain"
	switch ev.ResourceType {
	case network.ResourceTypeScript:
		ct = "text/javascript"
	case network.ResourceTypeStylesheet:
		ct = "text/css"
	case network.ResourceTypeDocument:
		ct = "text/html"
	case network.ResourceTypeImage:
		ct = "image/gif"
	}
	stand, ok := tb.browser.standIn(ev.Request.URL)
	if ok {
		ct = stand.contentType
	}
	_, _ = chromedp.Call(tb.tabCtx, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID:    ev.RequestID,
		ResponseCode: 200,
		ResponseHeaders: []*fetch.HeaderEntry{
			{Name: "Content-Type", Value: ct},
			{Name: "Access-Control-Allow-Origin", Value: "*"},
		},
		Body: stand.body,
	})
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// thirdParty returns the requests to other hosts recorded since the last
// reset.
func (tb *tab) thirdParty() []thirdReq {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return slices.Clone(tb.third)
}

// browserServices are the hosts Chromium itself talks to (extension and
// component updates, account checks of a new profile), whatever the page.
// No staging page refers to them, so a connection to one of them is the
// browser's, not the page's.
var browserServices = []string{
	"accounts.google.com", "clients2.google.com", "clients2.googleusercontent.com", "update.googleapis.com",
	"clientservices.googleapis.com", "optimizationguide-pa.googleapis.com", "content-autofill.googleapis.com",
	"safebrowsing.googleapis.com", "redirector.gvt1.com", "edgedl.me.gvt1.com", "www.googleapis.com",
}

// pageConnections returns the hosts the browser connected to (through
// the sink) since the last reset, without the browser's own services: a
// preconnect the page asked for, for example.
func (tb *tab) pageConnections() []string {
	var out []string
	for _, h := range tb.browser.sink.hosts() {
		if !slices.Contains(browserServices, h) {
			out = append(out, h)
		}
	}
	return out
}

// localRequests returns the loopback requests ("METHOD url") since the
// last reset.
func (tb *tab) localRequests() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return slices.Clone(tb.local)
}

// reset forgets the recorded requests (not the console).
func (tb *tab) reset() {
	tb.mu.Lock()
	tb.third, tb.local = nil, nil
	tb.mu.Unlock()
	tb.browser.sink.reset()
}

// dumpContext logs what helps to understand a failure.
func (tb *tab) dumpContext() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "third-party requests (%d):\n", len(tb.third))
	for _, r := range tb.third {
		fmt.Fprintf(&b, "  %-10s %s\n", r.Type, r.URL)
	}
	if conns := tb.browser.sink.hosts(); len(conns) > 0 {
		fmt.Fprintf(&b, "connections to the sink (non-loopback hosts): %v\n", conns)
	}
	fmt.Fprintf(&b, "loopback requests (%d):\n", len(tb.local))
	for _, l := range tb.local {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	fmt.Fprintf(&b, "console (%d):\n", len(tb.console))
	for _, m := range tb.console {
		fmt.Fprintf(&b, "  [%s] %s (%s:%d)\n", m.Type, m.Text, m.URL, m.Line+1)
	}
	tb.t.Log(b.String())
}

// consoleFrom returns the console messages of the given type whose place
// contains urlPart.
func (tb *tab) consoleFrom(typ chromedp.ConsoleType, urlPart string) []chromedp.ConsoleMessage {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []chromedp.ConsoleMessage
	for _, m := range tb.console {
		if m.Type == typ && strings.Contains(m.URL, urlPart) {
			out = append(out, m)
		}
	}
	return out
}

// do runs actions in the tab and fails the test on error.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to path on the gateway and waits until the page has
// settled.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do("navigate to "+path, chromedp.Navigate(tb.baseURL+path))
	tb.settle()
}

// settle waits for the consent client's ready event (when the page has
// scripting and the client) and then for a quiet network: no request
// paused for 500ms.
func (tb *tab) settle() {
	tb.t.Helper()
	// Runtime.evaluate works with script execution disabled too; then
	// privacyChoices is simply absent.
	_, err := chromedp.Run(tb.ctx, chromedp.Evaluate[chromedp.Void](`new Promise(function (done) {
		if (!window.privacyChoices) return done();
		var t = setTimeout(done, 5000);
		window.privacyChoices.on('ready', function () { clearTimeout(t); done(); });
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("waiting for the page: %v", err)
	}
	tb.quiet(500 * time.Millisecond)
}

// quiet waits until no request was paused for d (at most 10s).
func (tb *tab) quiet(d time.Duration) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		tb.mu.Lock()
		idle := time.Since(tb.lastSeen)
		tb.mu.Unlock()
		if idle >= d {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// eval evaluates a JavaScript expression (promises are awaited) and
// decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %.200s: %v", expr, err)
	}
	return v
}

// cookies returns the browser's cookies for the gateway's origin by name.
func (tb *tab) cookies() map[string]*network.Cookie {
	tb.t.Helper()
	res, err := chromedp.Call(tb.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{tb.baseURL + "/"}})
	if err != nil {
		tb.t.Fatalf("Network.getCookies: %v", err)
	}
	out := map[string]*network.Cookie{}
	for _, c := range res.Cookies {
		out[c.Name] = c
	}
	return out
}

// cookieNames lists names for messages.
func cookieNames(m map[string]*network.Cookie) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// writeOut writes a file under integration/out/ and returns its path.
func writeOut(t *testing.T, name string, data []byte) string {
	t.Helper()
	dir := filepath.Join(repoRoot, "integration", "out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// connSink accepts the connections of every non-loopback host name (the
// browser's host resolver maps them all here) and records the host each
// was meant for: the SNI of a TLS ClientHello, or the Host of an HTTP
// request. It never answers with content.
type connSink struct {
	addr string
	ln   net.Listener
	mu   sync.Mutex
	seen []string
}

func startSink(t *testing.T) *connSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &connSink{addr: ln.Addr().String(), ln: ln}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *connSink) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.handle(c)
	}
}

func (s *connSink) handle(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(3 * time.Second))
	br := bufio.NewReader(c)
	first, err := br.Peek(1)
	if err != nil {
		s.record("(no data)")
		return
	}
	pc := &peekedConn{Conn: c, r: br}
	if first[0] == 0x16 { // TLS handshake record
		var host string
		_ = tls.Server(pc, &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			host = h.ServerName
			return nil, errors.New("sink: no TLS here")
		}}).Handshake()
		if host == "" {
			host = "(TLS without SNI)"
		}
		s.record(host)
		return
	}
	req, err := http.ReadRequest(br)
	if err != nil {
		s.record("(not HTTP)")
		return
	}
	s.record(req.Host)
	_, _ = c.Write([]byte("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"))
}

func (s *connSink) record(host string) {
	s.mu.Lock()
	s.seen = append(s.seen, host)
	s.mu.Unlock()
}

// hosts returns the hosts connected to since the last reset.
func (s *connSink) hosts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

func (s *connSink) reset() {
	s.mu.Lock()
	s.seen = nil
	s.mu.Unlock()
}

// peekedConn reads through the bufio.Reader that peeked at the stream.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// syncBuffer is a bytes.Buffer safe for a writer goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
