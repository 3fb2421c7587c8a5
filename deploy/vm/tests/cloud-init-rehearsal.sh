#!/usr/bin/env bash
# Rehearsal of a web VM's first boot: cloud-init.yaml's files and bootstrap script (the real ones) in a systemd container, then checks.
#
#   cloud-init-rehearsal.sh BIN       needs CONTAINERS_CONF and localhost/debian-base:bookworm (as up.sh)
#
# What stands in for the cloud: Terraform's templatefile() is a string replace (only plain
# variables are used); the PAR URL is a file:// URL of the tarball package.sh makes; cloud-init's
# write_files is done by this script; the services (OKE) are one all-in-one process inside the
# container. The container has its own network (not the host's): nginx binds 80 and 443 there.
# It checks: HTTPS (HTTP/2) on 443 and /healthz on 80 answer 200 through nginx, other paths on 80
# are 404, and the client address the app sees is the one the "LB" (loopback here: the sample
# lb_subnet_cidr is 127.0.0.0/8) appended, not what a client wrote before it.
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: cloud-init-rehearsal.sh BIN" >&2; exit 2; fi
bin=$(realpath "$1")
: "${CONTAINERS_CONF:?set CONTAINERS_CONF (see up.sh)}"
export CONTAINERS_CONF
name=${VS_VM_NAME:-vision-stays-vm}-cloud-init
image=${VS_VM_IMAGE:-localhost/vision-stays-vm:test}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() { podman rm -f -t 10 "$name" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
log() { printf '%s cloud-init-rehearsal: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
t0=$SECONDS

podman build -q -t "$image" --build-arg BASE_IMAGE="${VS_VM_BASE_IMAGE:-localhost/debian-base:bookworm}" \
  -f "$here/tests/Containerfile" "$here/tests" >/dev/null
sha=$("$here/package.sh" "$bin" "$tmp/release.tar.gz")
log "release tarball packed ($((SECONDS - t0))s)"

# user_data as Terraform would render it, then write_files as a script (paths, modes, contents).
python3 - "$here/cloud-init.yaml" "$sha" "$tmp" <<'PY'
import json, re, shlex, sys, yaml
src, sha, out = sys.argv[1:4]
values = {
    "region": "eu-frankfurt-1", "services_url": "http://127.0.0.1:3900",
    "public_url": "https://stays.example.com", "lb_subnet_cidr": "127.0.0.0/8",
    "release_url": "file:///incoming/release.tar.gz", "release_sha256": sha,
    "release_version": "1.0.0-rehearsal", "vault_secrets_json": json.dumps({}),
}
doc = yaml.safe_load(re.sub(r"\$\{([^}]*)\}", lambda m: values[m.group(1)], open(src).read()))
with open(f"{out}/write_files.sh", "w") as f:
    f.write("set -e\n")
    for wf in doc["write_files"]:
        p = shlex.quote(wf["path"])
        f.write(f"mkdir -p $(dirname {p})\ncat > {p} <<'CLOUD_INIT_EOF'\n{wf['content']}CLOUD_INIT_EOF\n")
        f.write(f"chmod {wf['permissions']} {p}\n")
with open(f"{out}/runcmd", "w") as f:
    f.write(" ".join(doc["runcmd"][0]))
PY
# The VM would have no OCI here: the instance principal is not reachable, and no oci-vault reference is set.
sed -i 's/^VS_OCI_AUTH=instance-principal$/# VS_OCI_AUTH=instance-principal (no OCI in the rehearsal)/' "$tmp/write_files.sh"

podman rm -f -t 10 "$name" >/dev/null 2>&1 || true
podman run -d --name "$name" --systemd=always --cap-add SYS_ADMIN \
  -v "$tmp/release.tar.gz:/incoming/release.tar.gz:ro" -v "$bin:/incoming/vision-stays:ro" "$image" >/dev/null
until podman exec "$name" systemctl is-system-running >/dev/null 2>&1; do
  [ $((SECONDS - t0)) -lt 120 ] || { log "systemd did not come up"; exit 1; }
  sleep 1
done
# The services the web role calls (OKE in the cloud).
podman exec "$name" systemd-run -q --unit vs-services /incoming/vision-stays serve --addr 127.0.0.1:3900 \
  --metrics-addr 127.0.0.1:0 --data-dir /var/tmp/svc --demo-data
podman exec -i "$name" bash <"$tmp/write_files.sh"
log "container up, user_data files written ($((SECONDS - t0))s); running $(cat "$tmp/runcmd")"
podman exec "$name" "$(cat "$tmp/runcmd")"
log "bootstrap done ($((SECONDS - t0))s)"

fail=0
check() { # check WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then log "ok: $1 = $3"; else log "FAIL: $1 = $3 (expected $2)"; fail=1; fi
}
inside() { podman exec "$name" curl -s -o /dev/null "$@"; }
check "https://127.0.0.1/healthz (status, HTTP version)" "200 2" "$(inside -k -w '%{http_code} %{http_version}' https://127.0.0.1/healthz)"
check "https://127.0.0.1/ (home page)" 200 "$(inside -k -w '%{http_code}' https://127.0.0.1/)"
check "http://127.0.0.1/healthz (LB health check)" 200 "$(inside -w '%{http_code}' http://127.0.0.1/healthz)"
check "http://127.0.0.1/ (nothing else on 80)" 404 "$(inside -w '%{http_code}' http://127.0.0.1/)"
check "both instances active" "active active" "$(podman exec "$name" systemctl is-active vision-stays-web@8081 vision-stays-web@8082 | tr '\n' ' ' | sed 's/ $//')"
# The "LB" appends the guest's address to what the guest sent; the app must see only the guest.
inside -k -H 'X-Forwarded-For: 198.51.100.1, 203.0.113.9' https://127.0.0.1/healthz
sleep 0.5
# The instances append JSON lines to /var/log/vision-stays/ (what the unified monitoring agent tails).
client=$(podman exec "$name" sh -c 'cat /var/log/vision-stays/web-*.log' | grep '"path":"/healthz"' | tail -1 | grep -o '"client":"[^"]*"' | head -1)
check "client seen by the app (guest wrote 198.51.100.1, LB appended 203.0.113.9)" '"client":"203.0.113.9"' "$client"
log "finished in $((SECONDS - t0))s"
exit "$fail"
