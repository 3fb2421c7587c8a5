#!/usr/bin/env bash
# Offline check of the VM's systemd units with `systemd-analyze verify` (no systemd as PID 1 needed).
# verify insists that ExecStart's binary exists, and the real path (/opt/vision-stays/current)
# is not on a build machine: the units are copied to a temp dir with that path rewritten to a
# stand-in executable, and the instance file is named like an enabled instance (@8081).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/opt/current"
printf '#!/bin/sh\nexit 0\n' >"$tmp/opt/current/vision-stays"
chmod 0755 "$tmp/opt/current/vision-stays"
for unit in "$here"/systemd/*; do
  sed "s#/opt/vision-stays/current#$tmp/opt/current#g" "$unit" >"$tmp/$(basename "$unit")"
done
# A template is verified through an instance of it.
cp "$tmp/vision-stays-web@.service" "$tmp/vision-stays-web@8081.service"
out=$(cd "$tmp" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no \
  ./vision-stays-web@8081.service ./vision-stays-web.target 2>&1) || { echo "$out" >&2; exit 1; }
# verify exits 0 on some warnings (unknown settings, bad values): fail on any line about our units.
if printf '%s\n' "$out" | grep -E 'vision-stays-web' >&2; then
  echo "verify-units: warnings above" >&2
  exit 1
fi
# The sandbox must stay tight: exposure score above 2.0 (of 10; "OK" is below 5) fails.
(cd "$tmp" && systemd-analyze security --offline=yes --threshold=20 --no-pager \
  ./vision-stays-web@8081.service | tail -1)
echo "verify-units: OK (systemd $(systemd-analyze --version | head -1 | awk '{print $2}'))"
