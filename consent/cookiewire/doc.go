// Package cookiewire reads and writes cookies as they travel: Cookie
// header lines, Set-Cookie lines (names, lifetimes, domains, paths, the
// cookie-date and Max-Age grammars of RFC 6265 and of the browsers), and
// the Set-Cookie lines that expire a cookie everywhere a site could have set
// it. It works on raw lines, so nothing Go's parsed views drop is lost.
package cookiewire
