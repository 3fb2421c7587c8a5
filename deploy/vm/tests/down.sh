#!/usr/bin/env bash
# Stops and removes the rehearsal web VM container of up.sh (by name), bounded; succeeds when there is none.
set -euo pipefail
: "${CONTAINERS_CONF:?set CONTAINERS_CONF (see up.sh)}"
export CONTAINERS_CONF
name=${VS_VM_NAME:-vision-stays-vm}
if podman container exists "$name"; then
  # systemd gets SIGRTMIN+3 and stops the units (instances drain on SIGTERM); killed after 30 s.
  timeout 60 podman rm -f -t 30 "$name" >/dev/null
  echo "down.sh: removed $name"
else
  echo "down.sh: no container $name"
fi
rm -rf "${TMPDIR:-/tmp}/$name-kit"
