package caddymodule

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
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

	clientJSON json.RawMessage // Client, marshalled once
}

var (
	languages    = map[string]*texts{}
	languageTags []string // sorted, for matching
)

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
		if t.clientJSON, err = json.Marshal(t.Client); err != nil {
			panic(err)
		}
		languages[t.Lang] = t
		languageTags = append(languageTags, t.Lang)
	}
	sort.Strings(languageTags)
}

// defaultLang is the language used when Accept-Language matches none.
const defaultLang = "en"

func textsFor(lang string) *texts {
	if t, ok := languages[lang]; ok {
		return t
	}
	return languages[defaultLang]
}

// negotiateLang picks the best available language for an Accept-Language
// header: highest q first, then order; primary subtags match ("es-MX" is
// "es"); q=0 excludes.
func negotiateLang(r *http.Request) string {
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

// clientTextsWith returns each language's client strings as JSON, with the
// operator's purpose descriptions in place of the built-in ones.
func clientTextsWith(descriptions map[string]string) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(languages))
	for lang, t := range languages {
		if len(descriptions) == 0 {
			out[lang] = t.clientJSON
			continue
		}
		c := t.Client
		c.Purposes = make(map[string]purposeText, len(t.Client.Purposes))
		for k, v := range t.Client.Purposes {
			if d, ok := descriptions[k]; ok {
				v.Desc = d
			}
			c.Purposes[k] = v
		}
		out[lang], _ = json.Marshal(c)
	}
	return out
}
