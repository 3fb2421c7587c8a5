#!/usr/bin/env bash
# Steady guest traffic through nginx for the upgrade rehearsal: PARALLEL loops of GET /, a Lisbon search and a POST, for SECS.
#
#   load.sh BASE_URL [SECS=30] [PARALLEL=20]     exit 1 if any request failed
#
# GETs fetch both pages over one keep-alive connection, as a browser behind the LB would; each
# must be 200. The POST (/signout without a page's Origin) is refused by the app itself (403):
# what matters is that the app answered, because nginx never retries a POST once sent - a POST
# lost on a closing connection shows up as 502 (or 000), which counts as failed.
set -euo pipefail
base=${1:?usage: load.sh BASE_URL [SECS] [PARALLEL]} secs=${2:-30} parallel=${3:-20}
ci=$(date -u -d '+30 days' +%F) co=$(date -u -d '+32 days' +%F)
search="$base/search?city=Lisbon&check_in=$ci&check_out=$co&guests=2"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
end=$((SECONDS + secs))
for w in $(seq "$parallel"); do
  (
    while [ $SECONDS -lt $end ]; do
      # 000 = no answer at all (connection refused/reset, timeout).
      curl -s --max-time 10 -o /dev/null -w 'GET %{http_code}\n' "$base/" -o /dev/null "$search" || true
      curl -s --max-time 10 -o /dev/null -w 'POST %{http_code}\n' -X POST -d 'x=1' "$base/signout" || true
    done >"$out/$w"
  ) &
done
wait
total=$(cat "$out"/* | wc -l)
bad=$(cat "$out"/* | grep -Evc '^GET 200$|^POST [1-4][0-9][0-9]$' || true)
echo "load.sh: $total requests in ${secs}s ($parallel parallel), failed (GET not 200, POST 5xx/000): $bad"
cat "$out"/* | sort | uniq -c | sed 's/^/load.sh:   /'
[ "$bad" -eq 0 ]
