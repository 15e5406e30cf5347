package main

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// The generated files.
const (
	cookiesOut = generatedPrefix + "cookies.tsv"
	hostsOut   = generatedPrefix + "hosts.tsv"
)

// genRow is one generated rule.
type genRow struct {
	kind, pattern, purpose, vendor, note string
	host                                 hostPat // for host rows
}

// output is what a conversion produces: the generated files by name, the
// counts for the summary and the skipped rows.
type output struct {
	files   map[string]string
	kept    map[string]int // by file
	reasons map[string]int // skipped rows by reason
	skipped []string       // "reason: row"
	curated map[string]int // curated rules by kind
}

func (o *output) skip(reason, row string) {
	o.reasons[reason]++
	o.skipped = append(o.skipped, reason+": "+row)
}

// Reasons a dataset row is not imported.
const (
	skipOverride = "judged skip in overrides.tsv"
	skipCurated  = "pattern already curated"
	skipCovered  = "covered by a broader curated rule"
	skipDup      = "listed twice in the dataset (first kept)"
	skipName     = "not a cookie name"
	skipGeneric  = "generic short name"
	skipHost     = "not a host pattern"
	skipPath     = "would hide a curated rule with a path"
	skipExact    = "the curated files list the host exactly"
	skipOwnWild  = "covered by the dataset's own *.host"
)

func convert(in *inputs) *output {
	o := &output{files: map[string]string{}, kept: map[string]int{}, reasons: map[string]int{}, curated: map[string]int{}}
	vendors := curatedVendors(in.curated)
	for _, c := range in.curated {
		o.curated[c.kind]++
	}
	ov := indexOverrides(in.overrides)

	cookies := convertCookies(in.ocd, in.curated, ov, vendors, o)
	o.files[cookiesOut] = render(cookies, "the Open Cookie Database (open-cookie-database.train.csv)",
		"Contains data from the Open Cookie Database by J. Kwakman, Apache-2.0, modified (reduced and reclassified).")
	o.kept[cookiesOut] = len(cookies)

	hosts := convertHosts(in.tpw, in.curated, ov, vendors, o)
	o.files[hostsOut] = render(hosts, "third-party-web (third-party-web-entities.json)",
		"Contains data from third-party-web, Copyright (c) Patrick Hulce, MIT licence (see NOTICE), modified (reduced and reclassified).")
	o.kept[hostsOut] = len(hosts)
	return o
}

// curatedVendors maps the lower-case spelling of every curated vendor to
// its curated spelling, so that an imported vendor is named as the
// curated files name it.
func curatedVendors(rows []curatedRow) map[string]string {
	m := make(map[string]string)
	for _, r := range rows {
		k := strings.ToLower(r.vendor)
		if _, ok := m[k]; !ok {
			m[k] = r.vendor
		}
	}
	return m
}

func vendorName(v string, vendors map[string]string) string {
	if c, ok := vendors[strings.ToLower(v)]; ok {
		return c
	}
	return v
}

// overrideIndex holds the judgments by match and key.
type overrideIndex struct {
	by       map[string][]*override // match+"\t"+key
	contains []*override            // ocd-name-contains, in file order
}

func indexOverrides(list []override) *overrideIndex {
	ix := &overrideIndex{by: make(map[string][]*override)}
	for i := range list {
		o := &list[i]
		if o.match == "ocd-name-contains" {
			o.key = strings.ToLower(o.key)
			ix.contains = append(ix.contains, o)
			continue
		}
		k := o.match + "\t" + o.key
		ix.by[k] = append(ix.by[k], o)
	}
	return ix
}

func (ix *overrideIndex) get(match, key string) []*override { return ix.by[match+"\t"+key] }

// decide picks the purpose and vendor from candidates, most specific
// first: the first that gives a purpose decides it ("-" passes on), the
// first that names a vendor names it. note is the deciding judgment's
// note, "" when only a category mapping applied.
func decide(candidates []*override) (purpose, vendor, note string, ok bool) {
	for _, c := range candidates {
		if vendor == "" && c.vendor != "" {
			vendor = c.vendor
		}
		if purpose == "" && c.purpose != "-" {
			purpose = c.purpose
			if !strings.HasSuffix(c.match, "-category") {
				note = c.note
			}
		}
	}
	return purpose, vendor, note, purpose != ""
}

// cookieName matches the names a cookie can have (RFC 6265's token).
var cookieName = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+\-.^_` + "`" + `|~]+$`)

func convertCookies(rows []ocdRow, curated []curatedRow, ix *overrideIndex, vendors map[string]string, o *output) []genRow {
	cur := newCookieCover(curated)
	seen := make(map[string]bool)
	var out []genRow
	for _, r := range rows {
		desc := fmt.Sprintf("OCD line %d %s %q (%s)", r.line, r.platform, r.name, r.category)
		text := strings.TrimSuffix(r.name, "*")
		prefix := r.wildcard || text != r.name
		pattern := text
		if prefix {
			pattern += "*"
		}
		var cands []*override
		cands = append(cands, ix.get("ocd-cookie", pattern)...)
		lower := strings.ToLower(text)
		for _, c := range ix.contains {
			if strings.Contains(lower, c.key) {
				cands = append(cands, c)
			}
		}
		for _, c := range ix.get("ocd-platform", r.platform) {
			if c.category == r.category {
				cands = append(cands, c)
			}
		}
		for _, c := range ix.get("ocd-platform", r.platform) {
			if c.category == "" {
				cands = append(cands, c)
			}
		}
		explicit := len(ix.get("ocd-cookie", pattern)) > 0
		cands = append(cands, ix.get("ocd-category", r.category)...)
		purpose, vendor, note, ok := decide(cands)
		switch {
		case !ok:
			o.skip("no mapping for the category", desc)
			continue
		case purpose == "skip":
			o.skip(skipOverride, desc)
			continue
		case !cookieName.MatchString(text) || strings.Contains(text, "*"):
			o.skip(skipName, desc)
			continue
		case !explicit && (len(text) <= 2 || len(text) <= 4 && r.domain != ""):
			// "s", "id", "pl", "LANG" on the vendor's own domain: the site's
			// own cookie of that name would be taken for the vendor's.
			o.skip(skipGeneric, desc)
			continue
		case cur.exact[pattern]:
			o.skip(skipCurated, desc)
			continue
		case cur.covers(text, prefix):
			o.skip(skipCovered, desc)
			continue
		case seen[pattern]:
			o.skip(skipDup, desc)
			continue
		}
		seen[pattern] = true
		n := "OCD " + r.category
		if note != "" {
			n += "; " + note
		}
		out = append(out, genRow{kind: "cookie", pattern: pattern, purpose: purpose,
			vendor: vendorName(cmpOr(vendor, r.platform), vendors), note: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pattern < out[j].pattern })
	// A name under a prefix of the dataset's with another purpose or
	// vendor is an exception; say so.
	for i := range out {
		a := &out[i]
		for j := range out {
			b := &out[j]
			if i == j || !strings.HasSuffix(b.pattern, "*") || a.purpose == b.purpose && a.vendor == b.vendor {
				continue
			}
			if bp := strings.TrimSuffix(b.pattern, "*"); strings.HasPrefix(strings.TrimSuffix(a.pattern, "*"), bp) && a.pattern != b.pattern {
				a.note += fmt.Sprintf("; the dataset files it apart from %s (%s, %s)", b.pattern, b.purpose, b.vendor)
			}
		}
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cookieCover answers whether a curated cookie rule matches every name an
// imported pattern matches (or, for regular expressions, may overlap it),
// following the knowledge base's lint.
type cookieCover struct {
	exact    map[string]bool
	prefixes []string
	regexes  []*regexp.Regexp
	lits     []string
}

func newCookieCover(curated []curatedRow) *cookieCover {
	c := &cookieCover{exact: make(map[string]bool)}
	for _, r := range curated {
		p := r.pattern
		switch {
		case r.kind != "cookie":
		case len(p) > 1 && p[0] == '/' && p[len(p)-1] == '/':
			expr := p[1 : len(p)-1]
			re := regexp.MustCompile(expr)
			lit := ""
			if strings.HasPrefix(expr, "^") {
				lit, _ = re.LiteralPrefix()
			}
			c.regexes = append(c.regexes, re)
			c.lits = append(c.lits, lit)
			c.exact[p] = true
		case strings.HasSuffix(p, "*"):
			c.prefixes = append(c.prefixes, strings.TrimSuffix(p, "*"))
			c.exact[p] = true
		default:
			c.exact[p] = true
		}
	}
	return c
}

func (c *cookieCover) covers(text string, prefix bool) bool {
	for _, p := range c.prefixes {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	for i, re := range c.regexes {
		if !prefix && re.MatchString(text) {
			return true
		}
		lit := c.lits[i]
		if prefix && (strings.HasPrefix(text, lit) || strings.HasPrefix(lit, text)) && (lit != "" || re.MatchString(text)) {
			return true
		}
	}
	return false
}

// hostPat is a host-only URL pattern: "host" (exactly that host) or
// "*.host" (the host and its subdomains), as in HostRule.
type hostPat struct {
	host     string
	wildcard bool
}

func parseHostOnly(p string) (hostPat, bool) {
	if strings.ContainsAny(p, "/?") {
		return hostPat{}, false
	}
	h := hostPat{host: strings.TrimPrefix(p, "*.")}
	h.wildcard = h.host != p
	return h, h.host != ""
}

// covers reports whether b matches every host n matches.
func (b hostPat) covers(n hostPat) bool {
	if n.host == b.host {
		return b.wildcard || !n.wildcard
	}
	return b.wildcard && strings.HasSuffix(n.host, "."+b.host)
}

// hostName matches the hosts of a host pattern: lower-case ASCII labels.
var hostName = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+$`)

func convertHosts(entities []tpwEntity, curated []curatedRow, ix *overrideIndex, vendors map[string]string, o *output) []genRow {
	type cur struct {
		hostPat
		purpose string
		path    bool // the rule has a path or query condition
	}
	var curHosts []cur
	exact := make(map[string]bool)
	for _, r := range curated {
		if r.kind != "host" {
			continue
		}
		exact[r.pattern] = true
		hostPart, _, _ := strings.Cut(r.pattern, "/")
		hostPart, _, _ = strings.Cut(hostPart, "?")
		if h, ok := parseHostOnly(hostPart); ok {
			curHosts = append(curHosts, cur{h, r.purpose, hostPart != r.pattern})
		}
	}
	seen := make(map[string]bool)
	var out []genRow
	for _, e := range entities {
		for _, d := range e.Domains {
			desc := fmt.Sprintf("3pw %s %q (%s)", e.Name, d, e.Category)
			var cands []*override
			cands = append(cands, ix.get("3pw-host", d)...)
			explicit := len(cands) > 0
			cands = append(cands, ix.get("3pw-entity", e.Name)...)
			cands = append(cands, ix.get("3pw-category", e.Category)...)
			purpose, vendor, note, ok := decide(cands)
			h, hostOK := parseHostOnly(d)
			switch {
			case !ok:
				o.skip("no mapping for the category", desc)
				continue
			case purpose == "skip":
				o.skip(skipOverride, desc)
				continue
			case !hostOK || !hostName.MatchString(d):
				o.skip(skipHost, desc)
				continue
			case exact[d]:
				o.skip(skipCurated, desc)
				continue
			case seen[d]:
				o.skip(skipDup, desc)
				continue
			}
			reason := ""
			for _, c := range curHosts {
				switch {
				case c.path && (c.covers(h) || h.covers(c.hostPat) && !c.wildcard && c.host == h.host):
					// A host rule is looked up before the rules of its
					// parent domains: it would hide their paths.
					reason = skipPath
				case c.path:
				case h.wildcard && !c.wildcard && c.host == h.host:
					reason = skipExact
				case c.covers(h) && (!explicit || c.purpose == purpose):
					// A broader curated rule decides, unless a judgment
					// on this very pattern says otherwise.
					reason = skipCovered
				}
				if reason != "" {
					break
				}
			}
			if reason != "" {
				o.skip(reason, desc)
				continue
			}
			seen[d] = true
			n := "3pw " + e.Category
			if note != "" {
				n += "; " + note
			}
			out = append(out, genRow{kind: "host", pattern: d, purpose: purpose,
				vendor: vendorName(cmpOr(vendor, e.Name), vendors), note: n, host: h})
		}
	}
	// An exact host the dataset also lists as *.host adds nothing, or
	// (Conversant's mediaplex.com) splits one domain between two
	// purposes: the *.host decides.
	wild := make(map[string]bool)
	for _, r := range out {
		if r.host.wildcard {
			wild[r.host.host] = true
		}
	}
	kept := out[:0]
	for _, r := range out {
		if !r.host.wildcard && wild[r.host.host] {
			o.skip(skipOwnWild, "3pw "+r.vendor+" "+r.pattern)
			continue
		}
		kept = append(kept, r)
	}
	out = kept
	sort.Slice(out, func(i, j int) bool { return out[i].pattern < out[j].pattern })
	for i := range out {
		a := &out[i]
		for j := range out {
			b := &out[j]
			if i != j && a.purpose != b.purpose && b.host.covers(a.host) {
				a.note += fmt.Sprintf("; the dataset files it apart from %s (%s, %s)", b.pattern, b.purpose, b.vendor)
			}
		}
	}
	return out
}

// render writes a generated file.
func render(rows []genRow, source, attribution string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# generated by consent/classify/internal/kbimport from %s; do not edit; overrides in kb/import/overrides.tsv\n", source)
	fmt.Fprintf(&b, "# %s\n", attribution)
	b.WriteString("kind\tpattern\tpurpose\tvendor\toptions\tnote\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t\t%s\n", r.kind, r.pattern, r.purpose, r.vendor, r.note)
	}
	return b.String()
}

// summary prints the table of rules by source and skipped rows by reason.
func (o *output) summary(w io.Writer) {
	fmt.Fprintf(w, "| source | rules |\n|---|---:|\n")
	for _, k := range []string{"cookie", "host", "script"} {
		fmt.Fprintf(w, "| curated %s | %d |\n", k, o.curated[k])
	}
	fmt.Fprintf(w, "| imported OCD cookies (%s) | %d |\n", cookiesOut, o.kept[cookiesOut])
	fmt.Fprintf(w, "| imported third-party-web hosts (%s) | %d |\n", hostsOut, o.kept[hostsOut])
	var rs []string
	for r := range o.reasons {
		rs = append(rs, r)
	}
	sort.Strings(rs)
	for _, r := range rs {
		fmt.Fprintf(w, "| skipped: %s | %d |\n", r, o.reasons[r])
	}
}
