// Package consent is the consent model of caddy-consent: the site's modes,
// a visitor's choices and the signed cookie that carries them, the Global
// Privacy Control signal, and the resolution of all of them into the
// effective State of one request. It knows nothing of Caddy, of HTML or of
// the knowledge base; the vocabulary it speaks is package purpose.
package consent
