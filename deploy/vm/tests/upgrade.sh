#!/usr/bin/env bash
# Rehearsal of an upgrade on the web VM container from up.sh: copies NEW_BIN in and runs the REAL install.sh (rolling restart).
#
#   upgrade.sh NEW_BIN
#
# Each run is a new release (rehearsal-<UTC timestamp>), so a copy of the running binary is an
# upgrade too. Needs CONTAINERS_CONF; VS_VM_NAME, VS_WEB_PORTS, VS_METRICS_PORT_BASE as for up.sh.
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: upgrade.sh NEW_BIN" >&2; exit 2; fi
new_bin=$1
: "${CONTAINERS_CONF:?set CONTAINERS_CONF (see up.sh)}"
export CONTAINERS_CONF
name=${VS_VM_NAME:-vision-stays-vm}
ports=${VS_WEB_PORTS:-18081 18082}
metrics_base=${VS_METRICS_PORT_BASE:-19464}
version=rehearsal-$(date -u +%Y%m%dT%H%M%SZ)
log() { printf '%s upgrade.sh: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
t0=$SECONDS
podman exec "$name" mkdir -p /incoming
podman cp "$new_bin" "$name:/incoming/$version"
log "copied $new_bin into $name as /incoming/$version ($((SECONDS - t0))s)"
podman exec -e VS_WEB_PORTS="$ports" -e VS_METRICS_PORT_BASE="$metrics_base" \
  "$name" /kit/install.sh "/incoming/$version" "$version"
podman exec "$name" rm -f "/incoming/$version"
log "upgraded to $version in $((SECONDS - t0))s"
