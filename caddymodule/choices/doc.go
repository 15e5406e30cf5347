// Package choices is the visitor's side of the caddy-consent gateway: the
// endpoints where a visitor makes and reviews their privacy choices, and
// the markup the gateway puts into the site's pages so that the banner and
// the held-back embeds can ask for them. It knows nothing of Caddy: the
// handler builds a Surface with New from its configuration and the few
// things only it knows (Deps), and calls it.
//
// A Surface serves, under Config.BasePath (default /privacy-choices):
//
//	GET, HEAD  BasePath                 the "Your Privacy Choices" page (works without JavaScript)
//	POST       BasePath                 its form: action=accept_all|reject_all|save, one
//	                                    checkbox per purpose, persistent, token, return_to;
//	                                    answers 303 to return_to (a same-site path only) or
//	                                    BasePath?saved=1
//	GET, HEAD  BasePath/api             the visitor's state as JSON
//	POST       BasePath/api             a decision: {"all": bool} or {"purposes": {...},
//	                                    "persistent": bool}, optional "source"; answers the new
//	                                    state, or 400, 403, 405, 413, 415 with {"error": "..."}
//	GET, HEAD  BasePath/consent.js      the client, cached for a year under ?v=<content hash>
//	GET, HEAD  /.well-known/gpc.json    the site's Global Privacy Control support
//
// BasePath is a path as the handler sees requests. Under a route that
// strips a prefix (Caddy's handle_path, uri strip_prefix; Deps.Prefix
// says which), the endpoints answer there all the same, and every URL the
// surface gives the browser (the client's configuration, the consent.js
// <script>, the page's form action and its 303, the placeholders' links)
// carries the prefix, so the browser comes back through the same route.
// return_to is a path as the browser sees it and is kept as given.
// gpc.json describes the whole site at the origin's /.well-known/: under a
// prefix it is not served.
//
// Every POST is refused across sites: by Origin or Sec-Fetch-Site when the
// browser sends them, else, for the page's form, by a form token
// (double-submit cookie, SameSite=Strict). A decision sets the consent
// cookie (HttpOnly, SameSite=Lax, Path=/; named with the __Host- prefix
// over TLS), expires the cookies of purposes just withdrawn (Deps.Expire),
// and records a receipt (Deps.Record).
//
// For the site's pages it builds, per request, the block inserted first in
// <head> (Insert: the Google Consent Mode v2 default, and update once the
// visitor decided, the client's configuration with the texts in the
// visitor's language, and the <script> that loads consent.js, all carrying
// the page's CSP nonce) and the placeholder shown in place of a held
// iframe or embed (Placeholder).
//
// Unknown third-party tags are "Other services" (Config.UnknownTags): under
// ask, the page, its form, the API and the banner offer them as "unknown"
// beside the purposes, and the page lists each unknown host with the page
// it was first seen on; under keep or block the page says what happens to
// them and offers no choice.
//
// The visitor-facing strings are data: one JSON file per language in
// i18n/, chosen by Accept-Language (Language). An operator's description
// of a purpose (Config.Descriptions) replaces the built-in one in every
// language, on the page, in the banner and wherever consent.js shows it.
//
// A Surface is safe for concurrent use. It never reads the consent cookie
// itself: the request's state comes from Deps.State, resolved once by the
// gateway, so the page, the API and the enforcement agree.
package choices
