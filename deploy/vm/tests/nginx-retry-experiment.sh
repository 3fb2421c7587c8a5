#!/usr/bin/env bash
# Experiment behind the zero-failure claim: what the real site.conf does with a POST when one instance refuses or dies mid-request.
# Runs a private nginx (loopback ports 18180-18183) with site.conf and two throwaway python
# backends, then prints counts. Expected: (1) refused connect -> every POST and GET answered 200
# by the other instance; (2) instance accepts the request then dies -> GETs retried (200), POSTs
# NOT retried (502), so a booking can never be sent twice.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() {
  if [ -f "$tmp/logs/nginx.pid" ]; then nginx -p "$tmp/" -c conf/nginx.conf -s stop 2>/dev/null || true; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
GOOD=18181 DEAD=18182 HANGUP=18183 FRONT=18180

# The good instance answers 200 and logs each method; the hang-up one reads the request and closes.
cat >"$tmp/backend.py" <<'PY'
import socket, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
mode, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
class H(BaseHTTPRequestHandler):
    def handle_one(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        with open(log, "a") as f: f.write(self.command + "\n")
        if mode == "hangup":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
    do_GET = do_POST = handle_one
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
python3 "$tmp/backend.py" ok $GOOD "$tmp/good.log" & pids+=($!)
python3 "$tmp/backend.py" hangup $HANGUP "$tmp/hangup.log" & pids+=($!)
sleep 1

mkdir -p "$tmp/conf/conf.d" "$tmp/conf/vision-stays" "$tmp/logs" "$tmp/tmp"
cp "$here/nginx/nginx.conf" "$tmp/conf/"; cp /etc/nginx/mime.types "$tmp/conf/"
cp "$here"/nginx/vision-stays/*.conf "$tmp/conf/vision-stays/"
run() { # $1 = the failing instance's port
  sed -e "s/127.0.0.1:8081/127.0.0.1:$1/" -e "s/127.0.0.1:8082/127.0.0.1:$GOOD/" \
    "$here/nginx/vision-stays/upstream.conf" >"$tmp/conf/vision-stays/upstream.conf"
  printf 'include vision-stays/upstream.conf;\nserver { listen 127.0.0.1:%s; include vision-stays/site.conf; }\n' \
    $FRONT >"$tmp/conf/conf.d/site.conf"
  if [ -f "$tmp/logs/nginx.pid" ]; then nginx -p "$tmp/" -c conf/nginx.conf -s reload 2>/dev/null; sleep 1
  else nginx -p "$tmp/" -c conf/nginx.conf; fi
  : >"$tmp/good.log"; : >"$tmp/hangup.log"; : >"$tmp/logs/error.log"
  for m in POST GET; do
    codes=$(for _ in $(seq 20); do
      curl -s -o /dev/null -w '%{http_code}\n' -X $m -d 'x=1' "http://127.0.0.1:$FRONT/book"
    done | sort | uniq -c | tr -s ' \n' ' ')
    echo "  20 x $m -> status counts:$codes"
  done
  echo "  good instance received: $(sort "$tmp/good.log" | uniq -c | tr -s ' \n' ' ')"
  echo "  failing instance received: $(sort "$tmp/hangup.log" | uniq -c | tr -s ' \n' ' ')"
  echo "  nginx error log: $(grep -c 'Connection refused' "$tmp/logs/error.log" || true) refused connects," \
    "$(grep -c 'prematurely closed' "$tmp/logs/error.log" || true) upstream closed mid-request"
}
echo "(1) one instance refuses connections (restarting):"; run $DEAD
echo "(2) one instance accepts, reads the request, closes without answering (dies mid-request):"; run $HANGUP
