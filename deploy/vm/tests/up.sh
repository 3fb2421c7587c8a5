#!/usr/bin/env bash
# Rehearsal of the web VM: a real systemd + nginx in a podman container, set up by the REAL install.sh with BIN.
#
#   up.sh BIN API_URL HOST_PORT
#
# BIN: the vision-stays binary; API_URL: the services (all three APIs) as the container reaches
# them, e.g. http://127.0.0.1:3900 on the host (--network host); HOST_PORT: where nginx listens
# (plain HTTP, 127.0.0.1). Needs CONTAINERS_CONF (runc + ulimits, see reference/shipping.md) and
# the local base image localhost/debian-base:bookworm (debootstrap import); builds
# localhost/vision-stays-vm:test from tests/Containerfile on first use (~1 min, cached after).
# Overrides: VS_VM_NAME (vision-stays-vm), VS_VM_IMAGE, VS_VM_BASE_IMAGE, VS_WEB_PORTS
# ("18081 18082": the host's 8081/8082 may be taken), VS_METRICS_PORT_BASE (19464), UP_TIMEOUT_SECS (120).
set -euo pipefail
if [ $# -ne 3 ]; then echo "usage: up.sh BIN API_URL HOST_PORT" >&2; exit 2; fi
bin=$(realpath "$1") api_url=$2 host_port=$3
: "${CONTAINERS_CONF:?set CONTAINERS_CONF to a containers.conf with runtime = runc and default_ulimits}"
export CONTAINERS_CONF
name=${VS_VM_NAME:-vision-stays-vm}
image=${VS_VM_IMAGE:-localhost/vision-stays-vm:test}
base_image=${VS_VM_BASE_IMAGE:-localhost/debian-base:bookworm}
ports=${VS_WEB_PORTS:-18081 18082}
metrics_base=${VS_METRICS_PORT_BASE:-19464}
timeout=${UP_TIMEOUT_SECS:-120}
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '%s up.sh: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
t_start=$SECONDS

[ -x "$bin" ] || { echo "up.sh: $bin is not executable" >&2; exit 2; }
read -r p1 p2 <<<"$ports"
[ -n "${p2:-}" ] || { echo "up.sh: VS_WEB_PORTS needs two ports" >&2; exit 2; }

# The image: OS packages only (kit and binary come in at run time), so a rebuild is a cache hit.
podman build -q -t "$image" --build-arg BASE_IMAGE="$base_image" -f "$here/tests/Containerfile" "$here/tests" >/dev/null
log "image $image ready ($((SECONDS - t_start))s)"

# The kit as the rehearsal needs it: the instances' ports moved, plain HTTP on HOST_PORT instead of
# 443/80 (host network), and the host's loopback as the "LB" whose X-Forwarded-For is believed.
# install.sh and the units are the real ones, unchanged.
kit=${TMPDIR:-/tmp}/$name-kit
rm -rf "$kit"
cp -r "$here" "$kit"
sed -i -e "s/127.0.0.1:8081 /127.0.0.1:$p1 /" -e "s/127.0.0.1:8082 /127.0.0.1:$p2 /" "$kit/nginx/vision-stays/upstream.conf"
grep -q "127.0.0.1:$p1 " "$kit/nginx/vision-stays/upstream.conf" || { echo "up.sh: upstream ports not rewritten" >&2; exit 1; }
sed "s/@HOST_PORT@/$host_port/" "$here/tests/nginx-rehearsal.conf" >"$kit/nginx/vision-stays.conf"
printf '# Rehearsal: the host itself stands in for the LB.\nset_real_ip_from 127.0.0.1;\n' >"$kit/nginx/vision-stays/trusted-lb.conf"
# What cloud-init writes on a VM (no OCI here: no VS_OCI_AUTH, no vault references).
cat >"$kit/web.env" <<ENV
VS_API_URL=$api_url
VS_TRUSTED_PROXIES=127.0.0.1
VS_PUBLIC_URL=http://127.0.0.1:$host_port
VS_LOG_FORMAT=json
# The rehearsal's traffic comes from one client address: measure the release, not the limiter.
VS_RATE_LIMIT_PER_MINUTE=0
ENV

if podman container exists "$name"; then log "removing an old $name"; podman rm -f -t 10 "$name" >/dev/null; fi
podman run -d --name "$name" --systemd=always --cap-add SYS_ADMIN --network host \
  -v "$kit:/kit:ro" -v "$bin:/incoming/vision-stays:ro" "$image" >/dev/null
log "container $name started"

# systemd as PID 1 up (degraded is fine: a few host-ish units fail in a container).
deadline=$((SECONDS + timeout))
until state=$(podman exec "$name" systemctl is-system-running 2>/dev/null) ||
  [ "$state" = degraded ]; do
  [ $SECONDS -lt $deadline ] || { echo "up.sh: systemd not up in ${timeout}s (state: ${state:-none})" >&2; exit 1; }
  sleep 1
done
log "systemd in $name: $state ($((SECONDS - t_start))s)"

podman exec "$name" sh -c 'mkdir -p /etc/vision-stays && install -m 0640 /kit/web.env /etc/vision-stays/web.env'
podman exec -e VS_WEB_PORTS="$ports" -e VS_METRICS_PORT_BASE="$metrics_base" -e HEALTH_TIMEOUT_SECS="$timeout" \
  "$name" /kit/install.sh /incoming/vision-stays rehearsal-1

# Ready: both instances answer directly, and nginx answers /healthz.
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p1/healthz")" = 200 ] &&
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p2/healthz")" = 200 ] &&
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$host_port/healthz")" = 200 ]; do
  [ $SECONDS -lt $deadline ] || { echo "up.sh: nginx/instances not answering /healthz in ${timeout}s" >&2; exit 1; }
  sleep 1
done
log "up in $((SECONDS - t_start))s: nginx http://127.0.0.1:$host_port -> 127.0.0.1:$p1, 127.0.0.1:$p2 -> $api_url"
