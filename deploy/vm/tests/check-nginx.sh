#!/usr/bin/env bash
# Offline check of the VM's nginx site with `nginx -t` under a private prefix (no root config touched).
# Certificates are self-signed and made at check time (never committed). Also checks the
# rehearsal variant (tests/nginx-rehearsal.conf) that up.sh installs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A prefix laid out like /etc/nginx (the site's includes are relative to the config dir).
layout() {
  local p=$1
  mkdir -p "$p/conf/conf.d" "$p/conf/vision-stays/tls" "$p/logs" "$p/tmp"
  cp "$here/nginx/nginx.conf" "$p/conf/nginx.conf"
  cp /etc/nginx/mime.types "$p/conf/mime.types"
  cp "$here"/nginx/vision-stays/*.conf "$p/conf/vision-stays/"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=vision-stays-check" \
    -keyout "$p/conf/vision-stays/tls/backend.key" -out "$p/conf/vision-stays/tls/backend.crt" 2>/dev/null
}

layout "$tmp/site"
cp "$here/nginx/vision-stays.conf" "$tmp/site/conf/conf.d/vision-stays.conf"
nginx -t -q -p "$tmp/site/" -c conf/nginx.conf
echo "check-nginx: site OK"

layout "$tmp/rehearsal"
sed 's/@HOST_PORT@/18080/' "$here/tests/nginx-rehearsal.conf" >"$tmp/rehearsal/conf/conf.d/vision-stays.conf"
nginx -t -q -p "$tmp/rehearsal/" -c conf/nginx.conf
echo "check-nginx: rehearsal variant OK ($(nginx -v 2>&1))"
