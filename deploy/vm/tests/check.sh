#!/usr/bin/env bash
# Every offline check of the web VM kit (no systemd, no network, no root config touched): ~5 s.
set -euo pipefail
tests=$(cd "$(dirname "$0")" && pwd)
"$tests/verify-units.sh"
"$tests/check-nginx.sh"
"$tests/check-cloud-init.sh"
if command -v shellcheck >/dev/null; then
  shellcheck "$tests/../install.sh" "$tests/../package.sh" "$tests"/*.sh
  echo "check: shellcheck clean"
else
  echo "check: shellcheck not installed (apt-get install shellcheck): skipped"
fi
