package integration

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// latin1Pages are Spanish pages in single-byte charsets, written in UTF-8
// here and encoded when served. Each declares its charset after a <meta>
// that is not the declaration, holds a YouTube iframe of fixed size and
// preloads a font from a host held before a choice.
var latin1Pages = []struct {
	path, contentType, declaration string
}{
	{"/cp1252.html", "text/html; charset=windows-1252", `<meta charset="windows-1252">`},
	{"/latin1.html", "text/html; charset=ISO-8859-1", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`},
}

const latin1Title = "Información para miembros – “Northwind” €5"

func latin1Page(declaration string) string {
	return "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		declaration + "\n<title>" + latin1Title + "</title>\n" +
		`<link rel="preload" as="font" type="font/woff2" href="https://connect.facebook.net/fonts/f.woff2" crossorigin>` + "\n" +
		`<script src="/assets/app.js" defer></script>` + "\n</head>\n<body>\n<p>Año de fundación: 1998. ¿Preguntas?</p>\n" +
		`<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" title="Vídeo" allowfullscreen></iframe>` +
		"\n</body>\n</html>\n"
}

// encodeLatin1 encodes s in windows-1252 (which is ISO-8859-1 but for
// 0x80-0x9F); the pages use only characters both share, and the few
// windows-1252 punctuation marks in the windows-1252 page.
func encodeLatin1(t *testing.T, s string, cp1252 bool) []byte {
	t.Helper()
	extra := map[rune]byte{'€': 0x80, '–': 0x96, '“': 0x93, '”': 0x94}
	var b []byte
	for _, r := range s {
		switch {
		case r < 0x80 || 0xA0 <= r && r <= 0xFF:
			b = append(b, byte(r))
		case extra[r] != 0 && cp1252:
			b = append(b, extra[r])
		case !cp1252 && (r == '€' || r == '“' || r == '”' || r == '–'):
			b = append(b, '?') // not in ISO-8859-1
		default:
			t.Fatalf("%q is not in the page's charset", r)
		}
	}
	return b
}

// TestLatin1PagesInSpanish: the banner texts and the placeholders reach a
// windows-1252 or ISO-8859-1 page in ASCII and read right once the page is
// decoded in its charset; the charset declaration stays within the first
// 1024 bytes; the placeholder keeps the iframe's size; the font preload is
// held and comes back with consent.
func TestLatin1PagesInSpanish(t *testing.T) {
	mux := http.NewServeMux()
	for _, p := range latin1Pages {
		page := encodeLatin1(t, latin1Page(p.declaration), strings.Contains(p.contentType, "1252"))
		mux.HandleFunc(p.path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", p.contentType)
			w.Write(page)
		})
	}
	up := httptest.NewServer(mux)
	t.Cleanup(up.Close)
	g := startGateway(t, consentSite(up.URL, "mode opt_in\n"+testKeys), "")
	all := decide(t, g, `{"all": true}`)

	for _, p := range latin1Pages {
		cp1252 := strings.Contains(p.contentType, "1252")
		t.Run(p.path, func(t *testing.T) {
			resp, s := request(t, "GET", g.URL+p.path, "", "Accept: text/html", "Accept-Language: es-ES,es;q=0.9")
			body := []byte(s)
			if resp.Header.Get("Content-Type") != p.contentType {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), p.contentType)
			}

			// What the gateway inserted is ASCII.
			block := between(t, body, `<script data-privacy-choices="guard"`, `data-privacy-choices="client"></script>`)
			ph := between(t, body, `<div class="privacy-choices-placeholder"`, `</div>`)
			for what, b := range map[string][]byte{"inserted block": block, "placeholder": ph} {
				if i := bytes.IndexFunc(b, func(r rune) bool { return r >= 0x80 }); i >= 0 {
					t.Errorf("%s has a non-ASCII byte at %d: %.80q", what, i, b[i:])
				}
			}

			// The declaration is within the first 1024 bytes, the block
			// right after it.
			d := bytes.Index(body, []byte(p.declaration))
			if d < 0 || d+len(p.declaration) > 1024 {
				t.Errorf("charset declaration at %d, not within the first 1024 bytes", d)
			} else if !bytes.HasPrefix(body[d+len(p.declaration):], []byte(`<script data-privacy-choices="guard"`)) {
				t.Errorf("the inserted block does not follow the declaration: %.120q", body[d:])
			}
			if s := bytes.Index(body, []byte(`<script src="/assets/app.js"`)); s < bytes.Index(body, block) {
				t.Errorf("the site's script comes before the inserted block")
			}

			// Decoded in the page's charset, everything reads right.
			r, err := charset.NewReader(bytes.NewReader(body), p.contentType)
			if err != nil {
				t.Fatal(err)
			}
			text, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			title := latin1Title
			if !cp1252 {
				title = strings.NewReplacer("€", "?", "–", "?", "“", "?", "”", "?").Replace(title)
			}
			doc, err := html.Parse(bytes.NewReader(text))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			var walk func(n *html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					switch {
					case n.Data == "title":
						got["title"] = textOf(n)
					case n.Data == "p":
						got["p"] = textOf(n)
					case n.Data == "div" && attrOf(n, "class") == "privacy-choices-placeholder":
						got["placeholder"] = textOf(n)
						got["style"] = attrOf(n, "style")
					case n.Data == "script" && attrOf(n, "data-privacy-choices") == "consent-mode":
						got["config"] = textOf(n)
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			if got["title"] != title || got["p"] != "Año de fundación: 1998. ¿Preguntas?" {
				t.Errorf("the page's own text reads %q, %q", got["title"], got["p"])
			}
			if !strings.Contains(got["placeholder"], "YouTube") || !strings.Contains(got["placeholder"], "está bloqueado por sus opciones de privacidad") {
				t.Errorf("placeholder reads %q", got["placeholder"])
			}
			if want := "width:560px;max-width:100%;aspect-ratio:560/315"; got["style"] != want {
				t.Errorf("placeholder style %q, want %q (the iframe's size)", got["style"], want)
			}
			_, js, _ := strings.Cut(got["config"], "window.privacyChoicesConfig=")
			js = strings.TrimSuffix(js, ";")
			var cfg struct {
				Lang string
				Text struct{ Body, Blocked string }
			}
			if err := json.Unmarshal([]byte(js), &cfg); err != nil {
				t.Fatalf("client configuration %.200q: %v", js, err)
			}
			if cfg.Lang != "es" || !strings.Contains(cfg.Text.Body, "tecnologías") || !strings.Contains(cfg.Text.Body, "«Sus opciones de privacidad»") ||
				!strings.Contains(cfg.Text.Blocked, "está bloqueado") {
				t.Errorf("banner texts read %q, %q (%s)", cfg.Text.Body, cfg.Text.Blocked, cfg.Lang)
			}

			// The font preload is held, not removed, and consent restores it.
			held := regexp.MustCompile(`<link data-consent="[a-z]+" rel="preload" as="font" type="font/woff2" data-consent-href="https://connect.facebook.net/fonts/f.woff2" crossorigin>`)
			if !held.Match(body) {
				t.Errorf("font preload not held: %s", between(t, body, `<title>`, `<script src=`))
			}
			_, granted := request(t, "GET", g.URL+p.path, "", "Accept: text/html", "Accept-Language: es", "Cookie: "+all)
			if !strings.Contains(granted, `<link rel="preload" as="font" type="font/woff2" href="https://connect.facebook.net/fonts/f.woff2" crossorigin>`) {
				t.Errorf("font preload not active after accept-all")
			}
		})
	}
}

// between returns body from the first start to the end of the first end
// after it.
func between(t *testing.T, body []byte, start, end string) []byte {
	t.Helper()
	i := bytes.Index(body, []byte(start))
	if i < 0 {
		t.Fatalf("no %s in %.300q", start, body)
	}
	j := bytes.Index(body[i:], []byte(end))
	if j < 0 {
		t.Fatalf("no %s after %s", end, start)
	}
	return body[i : i+j+len(end)]
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
