#!/bin/sh
# A real check of blackbox/blackbox.yml with Debian's prometheus-blackbox-exporter: the config
# passes --config.check; then the exporter (on a free loopback port) probes
#   (a) `openssl s_server` with a throwaway self-signed certificate that expires in 2 days, through
#       module tls_connect, and
#   (b) an SMTP server offering STARTTLS (aiosmtpd) with another throwaway certificate, through
#       module smtp_starttls,
# and each must give probe_success 1 and probe_ssl_earliest_cert_expiry = the certificate's
# notAfter (±60 s). The modules are used as shipped plus only tls_config.ca_file (the throwaway
# certificate) and server_name (localhost); with the shipped modules untouched the same probe
# must fail (the chain is verified). Needs openssl, curl, python3 with PyYAML and aiosmtpd.
# Everything it starts is stopped by pid on exit; every wait is bounded.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
exporter=${BLACKBOX_EXPORTER:-prometheus-blackbox-exporter}
tmp=$(mktemp -d)
pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
    for pid in $pids; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "blackbox.sh: FAIL: $*" >&2; exit 1; }

"$exporter" --config.file="$here/blackbox/blackbox.yml" --config.check >"$tmp/check.log" 2>&1 ||
    { cat "$tmp/check.log" >&2; fail "--config.check rejected blackbox.yml"; }
echo "blackbox.sh: blackbox.yml passes --config.check"
python3 -c 'import aiosmtpd, yaml' 2>/dev/null || fail "python3 needs aiosmtpd and PyYAML (deploy/tests/requirements.txt)"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_port PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
wait_port() {
    python3 - "$1" <<'PY' || fail "nothing listens on 127.0.0.1:$1 after 10 s"
import socket, sys, time
deadline = time.time() + 10
while time.time() < deadline:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
}
# cert NAME: a self-signed certificate for localhost valid for 2 days; prints its notAfter (epoch).
cert() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost" -keyout "$tmp/$1.key" -out "$tmp/$1.crt" 2>/dev/null
    date -u -d "$(openssl x509 -in "$tmp/$1.crt" -noout -enddate | cut -d= -f2)" +%s
}
tls_expiry=$(cert tls)
smtp_expiry=$(cert smtp)

# (a) a TLS server.
tls_port=$(free_port)
openssl s_server -accept "127.0.0.1:$tls_port" -cert "$tmp/tls.crt" -key "$tmp/tls.key" -www -quiet \
    </dev/null >"$tmp/s_server.log" 2>&1 &
pids="$pids $!"
wait_port "$tls_port"

# (b) an SMTP server that offers STARTTLS (aiosmtpd), in the foreground of its own python3.
smtp_port=$(free_port)
python3 - "$smtp_port" "$tmp/smtp.crt" "$tmp/smtp.key" >"$tmp/smtp.log" 2>&1 <<'PY' &
import signal, ssl, sys, threading
from aiosmtpd.controller import Controller
port, crt, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(crt, key)
class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
controller = Controller(Sink(), hostname="127.0.0.1", port=port, tls_context=ctx, require_starttls=True)
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
stop.wait(300)  # never outlives a stuck test by more than 5 minutes
controller.stop()
PY
pids="$pids $!"
wait_port "$smtp_port"

# The shipped modules, plus the throwaway certificates as CA and localhost as the name to verify.
python3 - "$here/blackbox/blackbox.yml" "$tmp" <<'PY'
import sys, yaml
src, tmp = sys.argv[1], sys.argv[2]
cfg = yaml.safe_load(open(src))
for name, crt in (("tls_connect", "tls"), ("smtp_starttls", "smtp")):
    tls = cfg["modules"][name]["tcp"].setdefault("tls_config", {})
    tls.update(ca_file=f"{tmp}/{crt}.crt", server_name="localhost")
yaml.safe_dump(cfg, open(f"{tmp}/blackbox-test.yml", "w"))
PY

# start_exporter CONFIG PORT: one exporter on 127.0.0.1:PORT (not in a $(…): its pid must
# reach this shell's cleanup list).
start_exporter() {
    "$exporter" --config.file="$1" --web.listen-address="127.0.0.1:$2" >>"$tmp/exporter.log" 2>&1 &
    pids="$pids $!"
    wait_port "$2"
}
# probe PORT MODULE TARGET: the exporter's answer (metrics text).
probe() {
    curl -fsS --max-time 30 "http://127.0.0.1:$1/probe?module=$2&target=$3" ||
        fail "the exporter did not answer the $2 probe of $3"
}
# check METRICS MODULE EXPECTED_EXPIRY: probe_success 1 and the expiry within 60 s.
check() {
    printf '%s\n' "$1" | python3 -c '
import re, sys
text, module, want = sys.stdin.read(), sys.argv[1], float(sys.argv[2])
def value(name):
    m = re.search(rf"^{name} (\S+)$", text, re.M)
    return float(m.group(1)) if m else None
ok, got = value("probe_success"), value("probe_ssl_earliest_cert_expiry")
if ok != 1 or got is None or abs(got - want) > 60:
    sys.exit(f"{module}: probe_success {ok}, probe_ssl_earliest_cert_expiry {got}, want 1 and {want:.0f} (notAfter) +-60 s")
print(f"blackbox.sh: {module}: probe_success 1, certificate expiry {got:.0f} = notAfter {want:.0f}")
' "$2" "$3" || fail "$2 probe"
}

bb=$(free_port)
start_exporter "$tmp/blackbox-test.yml" "$bb"
check "$(probe "$bb" tls_connect "127.0.0.1:$tls_port")" tls_connect "$tls_expiry"
check "$(probe "$bb" smtp_starttls "127.0.0.1:$smtp_port")" smtp_starttls "$smtp_expiry"

# The shipped modules verify the chain: the same self-signed servers must fail there.
shipped=$(free_port)
start_exporter "$here/blackbox/blackbox.yml" "$shipped"
for module_port in "tls_connect:$tls_port" "smtp_starttls:$smtp_port"; do
    module=${module_port%%:*}
    if probe "$shipped" "$module" "127.0.0.1:${module_port#*:}" | grep -q '^probe_success 1$'; then
        fail "$module with the shipped config accepted a self-signed certificate (no verification?)"
    fi
done
echo "blackbox.sh: the shipped modules reject an unverifiable certificate"
echo "blackbox.sh: all blackbox checks passed"
