#!/usr/bin/env bash
# Smoke test of a deployed Vision Stays: sign up, sign in, list hotels, book a room (with a replayed Idempotency-Key), cancel it.
#
#   smoke.sh API_BASE_URL [SITE_URL]
#
# API_BASE_URL is where /api/v1/... answers (the API Gateway's https://<host>, or a one-machine
# http://127.0.0.1:3000). SITE_URL, when given, must answer GET /healthz with 200.
# Needs bash, curl and python3 (JSON is parsed with python3, no jq). Exit 0 only if every step passed.
# Env: SMOKE_EMAIL_DOMAIN (default example.com, whose null MX drops the sign-up email; use a
# domain you own to see it), SMOKE_DAYS_AHEAD (default 90: far enough that a night is free),
# SMOKE_TIMEOUT (curl seconds, default 20), SMOKE_KEEP=1 keeps the booking (default: cancelled).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: smoke.sh API_BASE_URL [SITE_URL]" >&2
  exit 2
fi
api=${1%/}
site=${2:-}
site=${site%/}
domain=${SMOKE_EMAIL_DOMAIN:-example.com}
ahead=${SMOKE_DAYS_AHEAD:-90}
timeout=${SMOKE_TIMEOUT:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_id="$(date -u +%Y%m%d%H%M%S)-$RANDOM$RANDOM"
email="smoke+${run_id}@${domain}"
# A throwaway password: this account exists only for this run (never printed).
password="smoke-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"

step() { printf '%-40s' "$1"; }
ok() { echo "ok${1:+ ($1)}"; }
fail() { echo "FAILED: $*"; [ -s "$work/body" ] && { echo "--- response body:"; head -c 2000 "$work/body"; echo; }; exit 1; }

# call METHOD PATH [JSON] [extra curl args...] -> sets $status, body in $work/body, headers in $work/headers
call() {
  local method=$1 path=$2 data=${3:-}
  shift $(( $# < 3 ? $# : 3 ))
  local args=(-sS -o "$work/body" -D "$work/headers" -w '%{http_code}' --max-time "$timeout" -X "$method"
    -H 'Accept: application/json')
  if [ -n "$data" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$data"); fi
  status=$(curl "${args[@]}" "$@" "$api$path") || fail "curl $method $path"
}

# json EXPR: evaluates a python expression over the last body (as `d`); prints the result.
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=eval(sys.argv[2]); print("" if r is None else r)' "$work/body" "$1"; }

if [ -n "$site" ]; then
  step "site /healthz"
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time "$timeout" "$site/healthz") || fail "curl $site/healthz"
  [ "$code" = 200 ] || fail "GET $site/healthz answered $code"
  ok
fi

step "sign up (POST /api/v1/customers)"
body=$(python3 -c 'import json,sys; print(json.dumps({"name":"Smoke Test","email":sys.argv[1],"password":sys.argv[2],"phone":None}))' "$email" "$password")
call POST /api/v1/customers "$body"
[ "$status" = 202 ] || fail "expected 202, got $status"
ok "$email"

step "sign in (POST /api/v1/sessions)"
body=$(python3 -c 'import json,sys; print(json.dumps({"email":sys.argv[1],"password":sys.argv[2]}))' "$email" "$password")
call POST /api/v1/sessions "$body"
[ "$status" = 200 ] || fail "expected 200, got $status"
token=$(json 'd["access_token"]')
[ -n "$token" ] || fail "no access_token"
ok

step "hotels (GET /api/v1/hotels)"
call GET /api/v1/hotels
[ "$status" = 200 ] || fail "expected 200, got $status"
slugs=$(json '" ".join(h["slug"] for h in d["items"])')
[ -n "$slugs" ] || fail "no hotels: load some (vision-stays demo-data) before the smoke test"
ok "$(wc -w <<<"$slugs") on the first page"

check_in=$(python3 -c 'import datetime,sys; print(datetime.date.today()+datetime.timedelta(days=int(sys.argv[1])))' "$ahead")
check_out=$(python3 -c 'import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1])+datetime.timedelta(days=1))' "$check_in")

step "a free room ($check_in, 1 night)"
hotel="" room=""
for slug in $slugs; do
  call GET "/api/v1/hotels/$slug?check_in=$check_in&check_out=$check_out&guests=1"
  [ "$status" = 200 ] || continue
  room=$(json 'next((r["slug"] for r in d["room_types"] if r.get("quote") and (r.get("rooms_left") or 0) > 0), None)')
  if [ -n "$room" ]; then hotel=$slug; break; fi
done
[ -n "$hotel" ] || fail "no hotel has a free room on $check_in"
ok "$hotel / $room"

step "book (POST /api/v1/bookings)"
key="smoke-$run_id"
body=$(python3 -c 'import json,sys; h,r,i,o,e=sys.argv[1:6]; print(json.dumps({"hotel":h,"room_type":r,"check_in":i,"check_out":o,"guests":1,"guest":{"name":"Smoke Test","email":e,"phone":None},"special_requests":"Automated smoke test; cancelled at once."}))' "$hotel" "$room" "$check_in" "$check_out" "$email")
call POST /api/v1/bookings "$body" -H "Authorization: Bearer $token" -H "Idempotency-Key: $key"
[ "$status" = 201 ] || fail "expected 201, got $status"
reference=$(json 'd["reference"]')
[ -n "$reference" ] || fail "no booking reference"
ok "$reference"

step "same key again (replay)"
call POST /api/v1/bookings "$body" -H "Authorization: Bearer $token" -H "Idempotency-Key: $key"
[ "$status" = 201 ] || fail "expected 201 (replay), got $status"
[ "$(json 'd["reference"]')" = "$reference" ] || fail "a replay made another booking"
grep -qi '^idempotent-replayed: *true' "$work/headers" || fail "no Idempotent-Replayed: true header"
ok

step "read it back (GET /api/v1/bookings/…)"
call GET "/api/v1/bookings/$reference" "" -H "Authorization: Bearer $token"
[ "$status" = 200 ] || fail "expected 200, got $status"
ok

if [ "${SMOKE_KEEP:-0}" != 1 ]; then
  step "cancel it"
  call POST "/api/v1/bookings/$reference/cancel" "" -H "Authorization: Bearer $token"
  case "$status" in 200|204) ok ;; *) fail "expected 200/204, got $status" ;; esac
fi
echo "smoke test passed against $api"
