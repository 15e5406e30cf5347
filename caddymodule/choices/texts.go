package choices

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/caddy-consent/caddy-consent/consent/purpose"
)

// The visitor-facing strings, one JSON file per language in i18n/: adding a
// language is adding a file.
//
//go:embed i18n/*.json
var i18nFS embed.FS

// purposeText is the name and description of one purpose.
type purposeText struct {
	Name string `json:"name"`
	Desc string `json:"desc"`
}

// clientTexts are the strings consent.js shows.
type clientTexts struct {
	Title      string                 `json:"title"`
	Body       string                 `json:"body"`
	Accept     string                 `json:"accept"`
	Reject     string                 `json:"reject"`
	Customize  string                 `json:"customize"`
	Save       string                 `json:"save"`
	Close      string                 `json:"close"`
	Link       string                 `json:"link"`
	Allow      string                 `json:"allow"`
	Blocked    string                 `json:"blocked"`
	Change     string                 `json:"change"`
	Error      string                 `json:"error"`
	Purposes   map[string]purposeText `json:"purposes"`
	Persistent purposeText            `json:"persistent"`
}

// texts are all strings of one language.
type texts struct {
	Lang   string      `json:"lang"`
	Client clientTexts `json:"client"`
	Page   pageTexts   `json:"page"`
}

// languages are the built-in strings, by language tag.
var languages = map[string]*texts{}

func init() {
	files, err := i18nFS.ReadDir("i18n")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		data, err := i18nFS.ReadFile(path.Join("i18n", f.Name()))
		if err != nil {
			panic(err)
		}
		t := new(texts)
		if err := json.Unmarshal(data, t); err != nil {
			panic(fmt.Sprintf("i18n/%s: %v", f.Name(), err))
		}
		languages[t.Lang] = t
	}
}

// defaultLang is the language used when Accept-Language matches none.
const defaultLang = "en"

// Language picks the best available language for a request's
// Accept-Language header: highest q first, then order; primary subtags
// match ("es-MX" is "es"); q=0 excludes; otherwise "en".
func Language(r *http.Request) string {
	best, bestQ := defaultLang, -1.0
	for i, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		if i > 32 {
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if _, ok := languages[primary]; ok && q > 0 && q > bestQ {
			best, bestQ = primary, q
		}
	}
	return best
}

// withDescriptions returns every language's strings with the operator's
// purpose descriptions in place of the built-in ones. The built-in texts
// are shared, never modified.
func withDescriptions(descriptions map[string]string) map[string]*texts {
	out := make(map[string]*texts, len(languages))
	for lang, t := range languages {
		if len(descriptions) == 0 {
			out[lang] = t
			continue
		}
		c := *t
		c.Client.Purposes = maps.Clone(t.Client.Purposes)
		for name, desc := range descriptions {
			p, err := purpose.ParseChoosable(name)
			if err != nil {
				continue // New refuses these
			}
			pt := c.Client.Purposes[p.String()]
			pt.Desc = desc
			c.Client.Purposes[p.String()] = pt
		}
		out[lang] = &c
	}
	return out
}
