package caddymodule

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	caddycmd "github.com/caddyserver/caddy/v2/cmd"
	"github.com/spf13/cobra"

	"github.com/caddy-consent/caddy-consent/consent"
	"github.com/caddy-consent/caddy-consent/consent/cookiewire"
	"github.com/caddy-consent/caddy-consent/consent/purpose"
	"github.com/caddy-consent/caddy-consent/rewrite"
)

// The limits of the page `caddy consent audit` fetches.
const (
	auditTimeout = 30 * time.Second
	auditMaxBody = 10 << 20
	// auditAccept is what a browser asks for when it navigates to a page.
	auditAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	auditAgent  = "Mozilla/5.0 (compatible; caddy-consent-audit)"
)

// auditCommand is `caddy consent audit`.
func auditCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "audit [--config <path>] [--adapter <name>] <URL>",
		Short: "Shows what the gateway would do to a page's cookies and tags",
		Long: `
Fetches a page (GET, as a browser navigating to it) and prints what the
gateway, with the rules of the first consent handler of --config (the
defaults without it), would do to it, without running a server:

  - every Set-Cookie line of the response (and of its redirects, in header
    order): name, purpose, vendor, rule, lifetime, and whether it is kept,
    removed or downgraded to a session cookie for an undecided visitor in
    the config's mode and after "Accept all";
  - every third-party tag of the HTML, in document order: kind, URL (or
    "inline script"), purpose, vendor, rule, and whether it is held,
    allowed or kept as first party, undecided and after "Accept all";
  - counts per action and purpose, and the Caddyfile line that would
    change the verdict of every held host and every unknown cookie.

Only http and https URLs are fetched; the page is read up to 10 MiB.
It exits non-zero when the page cannot be fetched.
`,
		Args: cobra.ExactArgs(1),
		RunE: caddycmd.WrapCommandFuncForCobra(cmdAudit),
	}
	c.Flags().StringP("config", "c", "", "Configuration file whose consent handler rules to apply")
	c.Flags().StringP("adapter", "a", "", "Name of config adapter to apply")
	return c
}

func cmdAudit(fl caddycmd.Flags) (int, error) {
	h, err := auditHandler(fl.String("config"), fl.String("adapter"))
	if err != nil {
		return 1, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
	defer cancel()
	page, err := fetchPage(ctx, http.DefaultTransport, fl.Arg(0))
	if err != nil {
		return 1, err
	}
	rep, err := h.audit(page)
	if err != nil {
		return 1, err
	}
	if err := rep.print(os.Stdout); err != nil {
		return 1, err
	}
	return 0, nil
}

// auditHandler is the consent handler of a config (the defaults without
// one), set up as far as classifying and enforcing needs (provisionRules,
// as Provision does), without storage, keys, metrics or logs.
func auditHandler(config, adapter string) (*Handler, error) {
	h := new(Handler)
	if config != "" {
		found, err := handlerFromConfig(config, adapter)
		if err != nil {
			return nil, err
		}
		h = found
	}
	for _, check := range []func(*Handler) error{checkMode, checkCookieName, checkUnknownCookies, checkUnknownTags, checkSensitivePaths} {
		if err := check(h); err != nil {
			return nil, err
		}
	}
	h.Debug = false // there is no logger: the report says it all
	if err := h.provisionRules(); err != nil {
		return nil, err
	}
	return h, nil
}

// fetchedPage is the response to the audit's request.
type fetchedPage struct {
	url       *url.URL // after redirects
	redirects []string // the URLs redirected from, in order
	status    string
	header    http.Header
	// setCookies are the Set-Cookie lines of every response, redirects
	// first, each in header order.
	setCookies []string
	body       []byte // as sent: possibly compressed
	truncated  bool   // the body was longer than auditMaxBody
}

// fetchPage GETs a page as a browser navigating to it would.
func fetchPage(ctx context.Context, transport http.RoundTripper, raw string) (*fetchedPage, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("URL %q: write an absolute http:// or https:// URL", raw)
	}
	page := new(fetchedPage)
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("more than 10 redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirected to %q, not an http(s) URL", req.URL)
			}
			// The cookies a redirect sets reach the browser too.
			page.setCookies = append(page.setCookies, req.Response.Header["Set-Cookie"]...)
			page.redirects = append(page.redirects, via[len(via)-1].URL.String())
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %v", raw, err)
	}
	req.Header.Set("Accept", auditAccept)
	req.Header.Set("User-Agent", auditAgent)
	req.Header.Set("Sec-Fetch-Dest", "document")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	// Asked for identity, a server may still compress: the body is
	// decoded as the gateway decodes it.
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the repeated "Get <URL>"
		}
		return nil, fmt.Errorf("fetching %s: %w", raw, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return nil, fmt.Errorf("fetching %s: the server answered %s", resp.Request.URL, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, auditMaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", resp.Request.URL, err)
	}
	if len(body) > auditMaxBody {
		body, page.truncated = body[:auditMaxBody], true
	}
	page.url, page.status, page.header, page.body = resp.Request.URL, resp.Status, resp.Header, body
	page.setCookies = append(page.setCookies, resp.Header["Set-Cookie"]...)
	return page, nil
}

// The actions the audit reports.
const (
	auditKept       = "kept"
	auditRemoved    = "removed"
	auditDowngraded = "downgraded"
	auditHeld       = "held"
	auditAllowed    = "allowed"
	auditFirstParty = "first party"
	auditActivated  = "activated"
	auditTooLarge   = "too large"
)

// auditCookie is one Set-Cookie line and what becomes of it.
type auditCookie struct {
	name, vendor, rule, lifetime string
	purpose                      purpose.Purpose
	undecided, acceptAll         string
}

// auditTag is one third-party tag and what becomes of it.
type auditTag struct {
	kind, url, vendor, rule string
	purpose                 purpose.Purpose
	undecided, acceptAll    string
}

// auditReport is what `caddy consent audit` prints.
type auditReport struct {
	page    *fetchedPage
	mode    string
	note    string // why the body was not audited, if it was not
	cookies []auditCookie
	tags    []auditTag
}

// audit works out what the handler would do to a page for an undecided
// visitor and after "Accept all".
func (h *Handler) audit(page *fetchedPage) (*auditReport, error) {
	rep := &auditReport{page: page, mode: h.mode.String()}
	sig := consent.Signals{Sensitive: h.isSensitive(&http.Request{URL: page.url}), AskUnknown: h.unknownTags == unknownAsk}
	all := consent.AllChoices(true)
	undecided, accepted := consent.Resolve(h.mode, nil, sig), consent.Resolve(h.mode, &all, sig)
	if sig.Sensitive {
		rep.note = "sensitive path: every purpose but necessary is denied whatever the visitor chose"
	}
	for _, line := range page.setCookies {
		sc := cookiewire.ParseSetCookie(line)
		d, _ := h.setCookieDecision(sc, time.Now())
		rule := ruleColumn(d)
		rep.cookies = append(rep.cookies, auditCookie{
			name: sc.Name(), purpose: d.Purpose, vendor: d.Vendor, rule: rule, lifetime: sc.Lifetime().String(),
			undecided: h.cookieAction(line, undecided), acceptAll: h.cookieAction(line, accepted),
		})
	}

	if _, why, _ := h.rewritable(page.header); why != "" {
		if why == "not HTML" {
			why = fmt.Sprintf("not HTML (Content-Type %q)", page.header.Get("Content-Type"))
		}
		rep.note = strings.TrimPrefix(rep.note+"; ", "; ") + why + ": the page is not rewritten"
		return rep, nil
	}
	before, err := h.tagEvents(page, undecided)
	if err != nil {
		return nil, err
	}
	after, err := h.tagEvents(page, accepted)
	if err != nil {
		return nil, err
	}
	rep.tags = pairTagEvents(before, after)
	return rep, nil
}

// cookieAction is what filterSetCookies does to one line in a state.
func (h *Handler) cookieAction(line string, st consent.State) string {
	if h.isConsentCookie(cookiewire.ParseSetCookie(line).Name()) {
		return auditRemoved // only the gateway sets it
	}
	out := h.filterSetCookies([]string{line}, st, nil)
	switch {
	case len(out) == 0:
		return auditRemoved
	case out[0] != line:
		return auditDowngraded
	}
	return auditKept
}

// tagEvents runs the page through the rewriter, on the gateway's decoding
// path (htmlBody), with the handler's classifiers in state st, and returns
// what it reported.
func (h *Handler) tagEvents(page *fetchedPage, st consent.State) ([]rewrite.Event, error) {
	var events []rewrite.Event
	rwr := rewriterPool.Get().(*rewrite.Writer)
	opts := h.tagOptions(st, page.url) // as the gateway rewrites
	opts.OnEvent = func(e rewrite.Event) {
		e.Vendor, e.URL, e.Rule = strings.Clone(e.Vendor), strings.Clone(e.URL), strings.Clone(e.Rule)
		events = append(events, e)
	}
	rwr.Reset(io.Discard, opts)
	body := &htmlBody{rw: rwr}
	if enc := strings.ToLower(strings.TrimSpace(page.header.Get("Content-Encoding"))); enc != "" && enc != "identity" {
		body.startDecoder(enc)
	}
	if _, err := body.Write(page.body); err != nil {
		body.Abort()
		return nil, fmt.Errorf("reading the page: %w", err)
	}
	if err := body.Close(); err != nil && !page.truncated {
		return nil, fmt.Errorf("reading the page: %w", err)
	}
	return events, nil
}

// pairTagEvents joins the events of the two runs, element by element, in
// document order. An element reports at most one event in a run, and none
// when it is left as it is: then its action in that run is inferred.
func pairTagEvents(before, after []rewrite.Event) []auditTag {
	var tags []auditTag
	j := 0
	for _, b := range before {
		k := j
		for k < len(after) && !sameElement(b, after[k]) {
			k++
		}
		if k == len(after) {
			tags = append(tags, newAuditTag(b, eventAction(b), untouched(b)))
			continue
		}
		for ; j < k; j++ {
			tags = append(tags, newAuditTag(after[j], untouched(after[j]), eventAction(after[j])))
		}
		tags = append(tags, newAuditTag(b, eventAction(b), eventAction(after[k])))
		j = k + 1
	}
	for ; j < len(after); j++ {
		tags = append(tags, newAuditTag(after[j], untouched(after[j]), eventAction(after[j])))
	}
	return tags
}

// sameElement reports whether two events of the two runs are about the
// same element: the classification of a URL or script does not depend on
// the visitor's state.
func sameElement(a, b rewrite.Event) bool {
	return a.URL == b.URL && a.Purpose == b.Purpose && a.Vendor == b.Vendor && a.Rule == b.Rule
}

func newAuditTag(e rewrite.Event, undecided, acceptAll string) auditTag {
	u := e.URL
	if e.Kind == rewrite.KindInlineScript || u == "" {
		u = "inline script"
	}
	return auditTag{kind: e.Kind, url: u, purpose: e.Purpose, vendor: e.Vendor, rule: e.Rule, undecided: undecided, acceptAll: acceptAll}
}

func eventAction(e rewrite.Event) string {
	switch e.Action {
	case rewrite.ActionNeutralized:
		return auditHeld
	case rewrite.ActionAllowed:
		if e.Vendor == firstPartyVendor {
			return auditFirstParty
		}
		return auditAllowed
	case rewrite.ActionActivated:
		return auditActivated
	case rewrite.ActionAbandoned:
		return auditTooLarge
	}
	return e.Action
}

// untouched is the action of an element that reported nothing in a run:
// left as it is, which for an element the site marked data-consent means
// inert.
func untouched(e rewrite.Event) string {
	switch {
	case e.Kind == rewrite.KindMarked:
		return auditHeld
	case e.Vendor == firstPartyVendor:
		return auditFirstParty
	}
	return auditAllowed
}

// auditOrder is the order actions are counted in.
var auditOrder = []string{auditKept, auditDowngraded, auditRemoved, auditAllowed, auditFirstParty, auditActivated, auditHeld, auditTooLarge}

// print writes the report: the cookie table, the tag table, the summary
// and the hints.
func (rep *auditReport) print(out io.Writer) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	p := rep.page
	fmt.Fprintf(w, "Page\t%s (%s)\n", p.url, p.status)
	for _, r := range p.redirects {
		fmt.Fprintf(w, "Redirected from\t%s\n", r)
	}
	fmt.Fprintf(w, "Mode\t%s: \"undecided\" is a visitor who has not chosen yet, \"accept all\" one who accepted everything\n", rep.mode)
	if p.truncated {
		fmt.Fprintf(w, "Note\tonly the first %d MiB of the page were read\n", auditMaxBody>>20)
	}
	if rep.note != "" {
		fmt.Fprintf(w, "Note\t%s\n", rep.note)
	}

	fmt.Fprintf(w, "\nCookies (%d, in header order)\n", len(rep.cookies))
	if len(rep.cookies) > 0 {
		fmt.Fprintln(w, "NAME\tPURPOSE\tVENDOR\tLIFETIME\tUNDECIDED\tACCEPT ALL\tRULE")
	}
	for _, c := range rep.cookies {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.name, c.purpose, dash(c.vendor), c.lifetime, c.undecided, c.acceptAll, dash(c.rule))
	}
	fmt.Fprintf(w, "\nThird-party tags (%d, in document order)\n", len(rep.tags))
	if len(rep.tags) > 0 {
		fmt.Fprintln(w, "KIND\tPURPOSE\tVENDOR\tUNDECIDED\tACCEPT ALL\tRULE\tURL")
	}
	for _, t := range rep.tags {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.kind, t.purpose, dash(t.vendor), t.undecided, t.acceptAll, dash(t.rule), t.url)
	}
	if err := w.Flush(); err != nil {
		return err
	}

	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "\nSummary")
	cu, ca, cp := tally(len(rep.cookies), func(i int) (string, string, purpose.Purpose) {
		c := rep.cookies[i]
		return c.undecided, c.acceptAll, c.purpose
	})
	tu, ta, tp := tally(len(rep.tags), func(i int) (string, string, purpose.Purpose) {
		t := rep.tags[i]
		return t.undecided, t.acceptAll, t.purpose
	})
	fmt.Fprintf(w, "  cookies\tundecided: %s\taccept all: %s\tby purpose: %s\n", cu, ca, cp)
	fmt.Fprintf(w, "  tags\tundecided: %s\taccept all: %s\tby purpose: %s\n", tu, ta, tp)
	if err := w.Flush(); err != nil {
		return err
	}

	hints := rep.hints()
	if len(hints) == 0 {
		return nil
	}
	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "\nCaddyfile lines that would change a verdict (in the consent block)")
	for _, h := range hints {
		fmt.Fprintf(w, "  %s\t%s\t%s\n", h[0], h[1], h[2])
	}
	return w.Flush()
}

// tally counts n rows per action in each state and per purpose, as
// "kept 2, removed 1" (or "none").
func tally(n int, row func(i int) (undecided, acceptAll string, p purpose.Purpose)) (string, string, string) {
	undecided, acceptAll := map[string]int{}, map[string]int{}
	var byPurpose [8]int
	for i := range n {
		u, a, p := row(i)
		undecided[u]++
		acceptAll[a]++
		if int(p) < len(byPurpose) {
			byPurpose[p]++
		}
	}
	actions := func(m map[string]int) string {
		var parts []string
		for _, a := range auditOrder {
			if m[a] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", a, m[a]))
			}
		}
		return orNone(parts)
	}
	var parts []string
	for _, p := range append(purpose.Assignable[:len(purpose.Assignable):len(purpose.Assignable)], purpose.Unknown) {
		if byPurpose[p] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", p, byPurpose[p]))
		}
	}
	return actions(undecided), actions(acceptAll), orNone(parts)
}

// hints are the Caddyfile lines that would change a verdict: for every
// host held in either state and every unknown cookie, in the order seen,
// as (subject, what happens now, the line).
func (rep *auditReport) hints() [][3]string {
	var out [][3]string
	seen := map[string]bool{}
	for _, t := range rep.tags {
		host := hostOf(t.url)
		if host == "" || seen[host] || (t.undecided != auditHeld && t.acceptAll != auditHeld) {
			continue
		}
		seen[host] = true
		if t.purpose == purpose.Unknown {
			now := "unknown, held until Other services or Accept all"
			if t.acceptAll == auditHeld {
				now = "unknown, held after accept all too"
			}
			out = append(out, [3]string{host, now, "first_party " + host + "   (the site's own)   or   host " + host + " <purpose>"})
			continue
		}
		now := "held until " + t.purpose.String() + " is granted"
		if t.acceptAll == auditHeld {
			now = t.purpose.String() + ", held after accept all too"
		}
		out = append(out, [3]string{host, now, "host " + host + " necessary   (if the page needs it before a choice)"})
	}
	for _, c := range rep.cookies {
		if c.purpose != purpose.Unknown || seen["cookie "+c.name] {
			continue
		}
		seen["cookie "+c.name] = true
		out = append(out, [3]string{"cookie " + c.name, "unknown, " + c.undecided, "cookie " + c.name + " <purpose>"})
	}
	return out
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orNone(parts []string) string {
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
