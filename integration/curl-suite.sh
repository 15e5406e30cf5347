#!/usr/bin/env bash
# curl-suite.sh: checks a running caddy-consent gateway in front of the
# bundled staging site with plain curl, the way an operator checks staging.
#
#   integration/curl-suite.sh [BASE_URL]      (default http://localhost:8080)
#
# Start the gateway first:  go run ./cmd/caddy run --config Caddyfile.example
# Exits non-zero when a check fails; prints "N passed, N failed".
set -u
BASE=${1:-http://localhost:8080}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # check <description> <command...>: the command must succeed
	local what=$1; shift
	if "$@"; then pass=$((pass + 1)); echo "ok   - $what"
	else fail=$((fail + 1)); echo "FAIL - $what"; fi
}
# headers <file> <curl args...>: fetch, keep the response headers in <file>
headers() { local f=$1; shift; curl -sS -o /dev/null -D "$f" "$@"; }
# has_cookie <file> <name>: the response sets cookie <name> (not a deletion)
has_cookie() { grep -i "^set-cookie: $2=" "$1" | grep -viq 'max-age=0' ; }
no_cookie() { ! grep -iq "^set-cookie: $2=" "$1"; }
expires_cookie() { grep -i "^set-cookie: $2=" "$1" | grep -iq 'max-age=0'; }
session_cookie() { grep -i "^set-cookie: $2=" "$1" | grep -viqE 'max-age|expires' && ! grep -i "^set-cookie: $2=" "$1" | grep -iqE 'max-age=[1-9]|expires='; }
status_is() { [ "$(curl -s -o /dev/null -w '%{http_code}' "${@:2}")" = "$1" ]; }
# decide <json> [curl args]: post a decision, print the consent cookie pair
decide() {
	curl -sS -o /dev/null -D - -H 'Content-Type: application/json' -d "$1" "${@:2}" "$BASE/privacy-choices/api" |
		tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(privacy_choices=[^;]*\).*/\1/p' | head -1
}

# 1. Before any choice (opt_in): only necessary cookies.
headers "$tmp/h1" "$BASE/"
check "undecided: AWSALB (necessary) is set" has_cookie "$tmp/h1" AWSALB
check "undecided: __cf_bm (necessary) is set" has_cookie "$tmp/h1" __cf_bm
for c in _ga _ga_NWH12345 _gid _fbp _gcl_au _uetvid _hjSessionUser_123 li_fat_id lang; do
	check "undecided: $c is stripped" no_cookie "$tmp/h1" "$c"
done
headers "$tmp/h1b" "$BASE/blog/healthy-habits.html"
check "undecided: the site's own deletion passes" expires_cookie "$tmp/h1b" old_tracker
check "undecided: no consent cookie before a decision" no_cookie "$tmp/h1" privacy_choices

# 2. Accept all.
all=$(decide '{"all":true}')
check "accept all: the API sets the consent cookie" test -n "$all"
headers "$tmp/h2" -H "Cookie: $all" "$BASE/"
for c in _ga _fbp _gcl_au _uetvid li_fat_id lang AWSALB; do
	check "accept all: $c is set" has_cookie "$tmp/h2" "$c"
done
check "accept all: _ga stays persistent" grep -iq '^set-cookie: _ga=.*max-age=63072000' "$tmp/h2"

# 3. Analytics only, persistent cookies declined.
an=$(decide '{"purposes":{"analytics":true},"persistent":false}')
headers "$tmp/h3" -H "Cookie: $an" "$BASE/"
check "analytics only: _ga is set" has_cookie "$tmp/h3" _ga
check "analytics only: _ga downgraded to a session cookie" session_cookie "$tmp/h3" _ga
check "analytics only: _fbp is stripped" no_cookie "$tmp/h3" _fbp
check "analytics only: AWSALB stays persistent" grep -iq '^set-cookie: AWSALB=.*expires=' "$tmp/h3"

# 4. Withdrawal: cookies the browser still has are expired.
headers "$tmp/h4" -H "Cookie: $an; _fbp=fb.1.2.3; _gcl_au=1.1; PHPSESSID=x" "$BASE/assets/site.css"
check "request side: _fbp is expired in the browser" expires_cookie "$tmp/h4" _fbp
check "request side: _gcl_au is expired in the browser" expires_cookie "$tmp/h4" _gcl_au
check "request side: PHPSESSID is left alone" no_cookie "$tmp/h4" PHPSESSID

# 5. A tampered consent cookie counts as no choice.
bad="${all%?????}AAAAA"
headers "$tmp/h5" -H "Cookie: $bad" "$BASE/"
check "tampered: page still served" grep -q '^HTTP/1.1 200' "$tmp/h5"
check "tampered: _ga stripped" no_cookie "$tmp/h5" _ga

# 6. Global Privacy Control.
headers "$tmp/h6" -H "Cookie: $all" -H 'Sec-GPC: 1' "$BASE/"
check "GPC: retargeting cookie _fbp stripped" no_cookie "$tmp/h6" _fbp
check "GPC: analytics cookie _ga kept" has_cookie "$tmp/h6" _ga

# 7. Sensitive paths deny everything but necessary.
headers "$tmp/h7" -H "Cookie: $all" "$BASE/secure/claims.html"
check "sensitive: _ga stripped on /secure/" no_cookie "$tmp/h7" _ga
headers "$tmp/h7b" -H "Cookie: $all" "$BASE/medical-record/summary.html"
check "sensitive: _fbp stripped on /medical-record/" no_cookie "$tmp/h7b" _fbp
check "sensitive: AWSALB kept on /secure/" has_cookie "$tmp/h7" AWSALB

# 8. Account page: an unknown first-party cookie is kept, a functional one
#    (operator rule) is not before a decision.
headers "$tmp/h8" "$BASE/account.html"
check "unknown first-party nw_member_pref kept" has_cookie "$tmp/h8" nw_member_pref
check "functional theme stripped before a decision" no_cookie "$tmp/h8" theme
check "PHPSESSID (necessary) set on sign-in pages" has_cookie "$tmp/h8" PHPSESSID

# 9. The API and GPC endpoints.
check "API GET answers JSON" sh -c "curl -s '$BASE/privacy-choices/api' | grep -q '\"policy_version\"'"
check "API refuses text/plain" status_is 415 -H 'Content-Type: text/plain' -d '{"all":true}' "$BASE/privacy-choices/api"
check "API refuses cross-site" status_is 403 -H 'Content-Type: application/json' -H 'Origin: https://evil.example' -d '{"all":true}' "$BASE/privacy-choices/api"
check "gpc.json is served" sh -c "curl -s '$BASE/.well-known/gpc.json' | grep -q '\"gpc\": true'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
