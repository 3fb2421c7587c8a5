#!/usr/bin/env bash
# API fuzzing for Vision Stays: runs schemathesis against the JSON REST API, generating requests
# from the server's own OpenAPI document (/api/v1/openapi.json), and fails on any server error
# (5xx) or any response that breaks the document (status code, content type, headers, body
# schema), plus schemathesis' other conformance checks (see CHECKS below).
#
# Run by `cargo xtask test` (step "API fuzzing (schemathesis)"); also runs on its own from
# anywhere: `bash end2end/fuzz/run.sh`. Needs python3 (with venv) and the server binary.
#
# What it does: keeps a venv in $TARGET/fuzz-venv (rebuilt only when requirements.txt or the
# Python version change), starts the server on a free 127.0.0.1 port with a fresh temporary data
# dir and no rate limit, seeds it (prepare.py: a customer, a bearer token, two bookings and
# schemathesis.toml with dictionaries of real slugs, dates and references), runs schemathesis
# with a fixed seed and a bounded number of examples per operation under a hard time limit, then
# stops the server. Exit status: 0 when no check failed, non-zero otherwise.
#
# Environment (all optional):
#   VS_BIN            server binary              (default target/debug/vision-stays)
#   FUZZ_SEED         schemathesis seed          (default 1)
#   FUZZ_EXAMPLES     max examples per operation (default 50)
#   FUZZ_TIME_LIMIT   hard limit for the schemathesis run, in seconds (default 600)
#   FUZZ_SETUP_ONLY   1: only make (or check) the venv, then exit
#   FUZZ_REPORT_DIR   JUnit reports, summary.txt, schemathesis-{guest,admin}.log and server.log
#                     (default $TARGET/fuzz-report)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VS_BIN="${VS_BIN:-$TARGET/debug/vision-stays}"
SEED="${FUZZ_SEED:-1}"
EXAMPLES="${FUZZ_EXAMPLES:-50}"
TIME_LIMIT="${FUZZ_TIME_LIMIT:-600}"
REPORT_DIR="${FUZZ_REPORT_DIR:-$TARGET/fuzz-report}"
VENV="$TARGET/fuzz-venv"
REQUIREMENTS="$HERE/requirements.txt"

# Every check schemathesis 4.32 has, but one:
# - positive_data_acceptance expects every schema-valid request to be accepted (2xx). The API
#   has rules no JSON Schema can state (check-out after check-in, dates not in the past, a stay
#   of limited length, the room type belonging to the hotel, guests within the room's capacity),
#   so schema-valid requests are rightly refused with a documented 422.
CHECKS="all"
EXCLUDED_CHECKS="positive_data_acceptance"

say() { printf '    fuzz: %s\n' "$*"; }
die() { printf '    fuzz: ERROR: %s\n' "$*" >&2; exit 2; }

command -v python3 >/dev/null || die "python3 is not installed (Debian: apt-get install python3 python3-venv)"
command -v curl >/dev/null || die "curl is not installed (Debian: apt-get install curl)"
[ "${FUZZ_SETUP_ONLY:-}" = 1 ] || [ -x "$VS_BIN" ] || die "server binary $VS_BIN is missing: build it with 'cargo build -p server' or set VS_BIN"

# Only 127.0.0.1 is ever contacted by the fuzzer: never route it through a proxy.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

mkdir -p "$REPORT_DIR"
rm -f "$REPORT_DIR"/{junit-guest.xml,junit-admin.xml,summary.txt,server.log,schemathesis-guest.log,schemathesis-admin.log}

# --- venv (reused while requirements.txt and the Python version are unchanged) ---------------
stamp="$( (cat "$REQUIREMENTS"; python3 --version) | sha256sum | cut -d' ' -f1)"
if [ -x "$VENV/bin/st" ] && [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$stamp" ]; then
  say "reusing $VENV"
else
  say "creating $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$stamp" > "$VENV/.requirements.sha256"
fi
say "$("$VENV/bin/st" --version)"
[ "${FUZZ_SETUP_ONLY:-}" = 1 ] && exit 0

# --- server --------------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/vs-fuzz.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  if [ "$status" -ne 0 ] && [ -f "$REPORT_DIR/server.log" ]; then
    echo "    fuzz: last server log lines (all in $REPORT_DIR/server.log):"
    tail -n 20 "$REPORT_DIR/server.log" | sed 's/^/      /'
  fi
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
# The demo admins' password, shared with prepare.py: random, like a real demo's.
VS_DEMO_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
export VS_DEMO_PASSWORD
NO_COLOR=1 "$VS_BIN" serve --demo-data --addr "127.0.0.1:$PORT" --data-dir "$WORK/data" --rate-limit-per-minute 0 \
  --metrics-addr 127.0.0.1:0 \
  >"$REPORT_DIR/server.log" 2>&1 &
SERVER_PID=$!
say "server pid $SERVER_PID on $BASE, data dir $WORK/data"
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited before it was ready"
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/readyz" || die "the server was not ready after 60s"

# --- seed data, token and schemathesis config ----------------------------------------------
python3 "$HERE/prepare.py" "$BASE" "$WORK"
TOKEN="$(cat "$WORK/token")"
ADMIN_TOKEN="$(cat "$WORK/admin_token")"

# --- fuzz (printed curl lines show the token and Idempotency-Key as [Filtered]) -------------
# Two passes: every operation as a guest (admin operations must answer 401/403 as documented),
# then the admin operations as the demo platform admin, so they are exercised past the scope check.
# Runs one pass: NAME TOKEN [extra st args...]; leaves "<cases> <failures> <status>" in $pass_result.
fuzz_pass() {
  local name="$1" token="$2"
  shift 2
  local log="$REPORT_DIR/schemathesis-$name.log"
  local cmd=(
    "$VENV/bin/st" --config-file "$WORK/schemathesis.toml" run "$BASE/api/v1/openapi.json"
    --url "$BASE"
    --header "Authorization: Bearer $token"
    --checks "$CHECKS" --exclude-checks "$EXCLUDED_CHECKS"
    --max-examples "$EXAMPLES" --seed "$SEED" --workers 1
    --request-timeout 30 --generation-database none
    --report junit --report-junit-path "$REPORT_DIR/junit-$name.xml"
    --no-color "$@"
  )
  say "$name pass (seed $SEED, $EXAMPLES examples per operation, at most ${TIME_LIMIT}s):"
  say "st run $BASE/api/v1/openapi.json --checks $CHECKS --exclude-checks $EXCLUDED_CHECKS" \
    "--max-examples $EXAMPLES --seed $SEED --workers 1 $* (+ auth header, config, report)"
  local status=0
  (cd "$WORK" && timeout --kill-after=10 "$TIME_LIMIT" "${cmd[@]}") 2>&1 | tee "$log" || status=$?
  # "Test cases:" is followed by e.g. "1234 generated, 1234 passed" or "… 3 found 3 unique failures".
  local cases failures
  cases="$(grep -A1 '^Test cases:' "$log" | grep -oE '[0-9]+ generated' | grep -oE '[0-9]+' || echo 0)"
  failures="$(grep -oE '[0-9]+ unique failures' "$log" | grep -oE '[0-9]+' | tail -n1 || true)"
  pass_result="$cases ${failures:-0} $status"
}

fuzz_pass guest "$TOKEN"
read -r guest_cases guest_failures guest_status <<<"$pass_result"
fuzz_pass admin "$ADMIN_TOKEN" --include-path-regex '^/api/v1/admin/'
read -r admin_cases admin_failures admin_status <<<"$pass_result"

status=0
[ "$guest_status" -ne 0 ] && status=$guest_status
[ "$admin_status" -ne 0 ] && status=$admin_status
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  summary="schemathesis did not finish within ${TIME_LIMIT}s (seed $SEED)"
else
  summary="$((guest_cases + admin_cases)) test cases ($admin_cases as platform admin), $((guest_failures + admin_failures)) failures (seed $SEED)"
fi
echo "$summary" > "$REPORT_DIR/summary.txt"
say "$summary; JUnit reports: $REPORT_DIR/junit-{guest,admin}.xml"
if [ "$status" -ne 0 ]; then
  say "FAILED (schemathesis exit status $status): each failure above has a curl line to reproduce it"
  exit 1
fi
say "passed"
