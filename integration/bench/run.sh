#!/usr/bin/env bash
# bench/run.sh: plain reverse_proxy against the consent gateway, side by
# side in one run, on loopback, bounded in time. Prints requests per second
# of each and the ratio gateway / plain for a 100 KB tracker-laden HTML
# page and for non-HTML responses (JSON, CSS, JPEG).
#
#   integration/bench/run.sh [seconds per measurement, default 2]
#
# ROUNDS (default 8) is how many times each side is measured.
# ONLY=regexp limits the run to the responses whose file name matches
# (e.g. ONLY=page.html).
# BEFORE=<git revision> also builds that revision's gateway and measures it
# in the same rounds beside this one's, each in a gateway-only process, so
# a change is compared with what it replaces on the same machine at the
# same time: columns before, after (requests/s) and after/before (e.g.
# BEFORE=main, BEFORE=HEAD~3).
#
# Needs wrk (Debian: apt-get install wrk). Builds cmd/caddy first.
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
pid="" bpid="" apid=""
cleanup() {
	kill $pid $bpid $apid 2>/dev/null; wait $pid $bpid $apid 2>/dev/null
	[ -z "${BEFORE:-}" ] || git worktree remove --force "$work/before-src" 2>/dev/null || true
	[ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/caddy" ./cmd/caddy
if [ -n "${BEFORE:-}" ]; then
	git worktree add -q --detach "$work/before-src" "$BEFORE"
	(cd "$work/before-src" && go build -o "$work/caddy-before" ./cmd/caddy)
fi

# Two 100 KB pages. page.html: the staging home page (GTM, GA4, Google
# Ads, Meta Pixel, LinkedIn, Clarity, Hotjar, Bing UET, YouTube, X: about
# 30 tracker elements) followed by the main content of the staging site's
# other pages (privacy notice, login and account forms; the account page
# carries a marked YouTube embed and LinkedIn pixel) repeated up to 100 KB:
# about 60 tracker elements and 2,900 tags in all. dense.html: the whole
# home page repeated, about 200 tracker elements per 100 KB, a worst case.
mkdir -p "$work/site"
python3 - "$work/site" <<'PY'
import sys, re
src = open("integration/staging/index.html", encoding="utf-8").read()
head, body = src.split("<body", 1)
body = "<body" + body.replace("</body>", "").replace("</html>", "")
filler = ""
for name in ("privacy-notice.html", "login.html", "account.html"):
    f = open("integration/staging/" + name, encoding="utf-8").read()
    m = re.search(r"<main.*?</main>", f, re.S)
    filler += m.group(0) if m else ""
page = head + body
while len(page.encode()) < 100_000:
    page += filler
open(sys.argv[1] + "/page.html", "w", encoding="utf-8").write(page + "</body></html>\n")
dense = head + body
while len(dense.encode()) < 100_000:
    dense += re.sub(r"</?(html|body)[^>]*>", "", body)
open(sys.argv[1] + "/dense.html", "w", encoding="utf-8").write(dense + "</body></html>\n")
PY
cp integration/staging/assets/data.json integration/staging/assets/site.css integration/staging/assets/photo.jpg "$work/site/"

pick() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
UP=$(pick); PLAIN=$(pick); GW=$(pick); ADMIN=$(pick); BGW=$(pick); BADMIN=$(pick); AGW=$(pick); AADMIN=$(pick)
cat > "$work/Caddyfile" <<CF
{
	admin 127.0.0.1:$ADMIN
	persist_config off
	auto_https off
	storage file_system $work/data
	log {
		level ERROR
	}
}
http://:$UP {
	bind 127.0.0.1
	root * $work/site
	file_server
}
http://:$PLAIN {
	bind 127.0.0.1
	reverse_proxy 127.0.0.1:$UP
}
http://:$GW {
	bind 127.0.0.1
	consent {
		policy_version bench
	}
	reverse_proxy 127.0.0.1:$UP
}
CF
# On a machine with 2+ cores, Caddy gets core 0 and wrk core 1, so the load
# generator does not steal the server's CPU and the ratio is steadier.
pin_server=() pin_client=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	pin_server=(taskset -c "${SERVER_CPU:-0}") pin_client=(taskset -c "${CLIENT_CPU:-1}")
fi
GOMAXPROCS=1 "${pin_server[@]}" "$work/caddy" run --config "$work/Caddyfile" --adapter caddyfile >"$work/log" 2>&1 &
pid=$!
for i in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$GW/page.html" && break; sleep 0.1; done
if [ -n "${BEFORE:-}" ]; then
	# The revision before and this one, each as a gateway-only process in
	# front of the same upstream, on the same core: the two differ in
	# nothing but the code (the in-process gateway above is compared with
	# plain reverse_proxy, which shares its process with the upstream).
	gateway_process() { # gateway_process <binary> <port> <admin port> <name>
		cat > "$work/Caddyfile.$4" <<CF
{
	admin 127.0.0.1:$3
	persist_config off
	auto_https off
	storage file_system $work/data-$4
	log {
		level ERROR
	}
}
http://:$2 {
	bind 127.0.0.1
	consent {
		policy_version bench
	}
	reverse_proxy 127.0.0.1:$UP
}
CF
		GOMAXPROCS=1 "${pin_server[@]}" "$1" run --config "$work/Caddyfile.$4" --adapter caddyfile >"$work/log.$4" 2>&1 &
	}
	gateway_process "$work/caddy-before" "$BGW" "$BADMIN" before
	bpid=$!
	gateway_process "$work/caddy" "$AGW" "$AADMIN" after
	apid=$!
	for port in $BGW $AGW; do
		for i in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/page.html" && break; sleep 0.1; done
	done
fi

# Sanity: the gateway really rewrites the page.
page=$(curl -s -H 'Accept: text/html' "http://127.0.0.1:$GW/page.html")
case "$page" in *data-consent-src*) ;; *) echo "gateway did not rewrite the page" >&2; exit 1 ;; esac

rps() { # rps <url> [header] [seconds]: requests/s, 1 thread, 16 connections
	"${pin_client[@]}" wrk -t1 -c16 -d"${3:-$DUR}s" ${2:+-H "$2"} "$1" | awk '/Requests\/sec/ {print $2}'
}
printf '%-34s %12s %12s %8s %8s %10s' "response" "plain rps" "gateway rps" "best" "median" "range"
[ -z "${BEFORE:-}" ] || printf ' %10s %10s %8s %8s' "before" "after" "a/b best" "a/b med"
echo
for spec in "page.html|text/html|100 KB tracker-laden HTML page" "dense.html|text/html|100 KB, trackers repeated (worst)" "data.json||JSON" "site.css||CSS" "photo.jpg||JPEG image"; do
	IFS='|' read -r path accept label <<<"$spec"
	[[ -z "${ONLY:-}" || "$path" =~ $ONLY ]] || continue
	hdr=""; [ -n "$accept" ] && hdr="Accept: $accept"
	# Warm both, then alternate plain and gateway ROUNDS times. This VM's
	# neighbours slow whole seconds down at random, so two figures are
	# printed: the ratio of the best rates (what the code can do), and the
	# median of the per-round ratios (each round's two runs are adjacent in
	# time, so they share the machine's mood).
	rps "http://127.0.0.1:$PLAIN/$path" "$hdr" 2 >/dev/null; rps "http://127.0.0.1:$GW/$path" "$hdr" 2 >/dev/null
	[ -z "${BEFORE:-}" ] || { rps "http://127.0.0.1:$BGW/$path" "$hdr" 2 >/dev/null; rps "http://127.0.0.1:$AGW/$path" "$hdr" 2 >/dev/null; }
	ps=() gs=() bs=() as=()
	for r in $(seq "${ROUNDS:-8}"); do
		ps+=("$(rps "http://127.0.0.1:$PLAIN/$path" "$hdr")")
		# The two gateways take turns at going first, so neither always
		# follows the other's load.
		gs+=("$(rps "http://127.0.0.1:$GW/$path" "$hdr")")
		if [ -n "${BEFORE:-}" ]; then
			# Before and after take turns at going first.
			if [ $((r % 2)) = 1 ]; then
				bs+=("$(rps "http://127.0.0.1:$BGW/$path" "$hdr")")
				as+=("$(rps "http://127.0.0.1:$AGW/$path" "$hdr")")
			else
				as+=("$(rps "http://127.0.0.1:$AGW/$path" "$hdr")")
				bs+=("$(rps "http://127.0.0.1:$BGW/$path" "$hdr")")
			fi
		fi
	done
	python3 - "$label" "${ps[*]}" "${gs[*]}" "${bs[*]:-}" "${as[*]:-}" <<'PY'
import sys, statistics
label, ps, gs = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
bs, as_ = [float(x) for x in sys.argv[4].split()], [float(x) for x in sys.argv[5].split()]
ratios = [g / p for p, g in zip(ps, gs)]
line = '%-34s %12.0f %12.0f %8.2f %8.2f %5.2f-%.2f' % (label, max(ps), max(gs), max(gs) / max(ps), statistics.median(ratios), min(ratios), max(ratios))
if bs:
    bratios = [a / b for a, b in zip(as_, bs)]
    line += ' %10.0f %10.0f %8.2f %8.2f' % (max(bs), max(as_), max(as_) / max(bs), statistics.median(bratios))
print(line)
PY
done
