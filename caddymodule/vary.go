package caddymodule

import "net/http"

// addConsentVary marks a response as differing by what decides the
// visitor's state (the consent cookie, GPC) and by language (the inserted
// strings and placeholders are localized).
func addConsentVary(hdr http.Header) {
	hdr.Add("Vary", "Cookie, Sec-GPC, Accept-Language")
}
