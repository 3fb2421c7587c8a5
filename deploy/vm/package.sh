#!/usr/bin/env bash
# Packs the web VM's release tarball that cloud-init downloads: `vision-stays` + `vm/` (this kit, without its tests).
#
#   package.sh /path/to/vision-stays OUT.tar.gz      prints the tarball's SHA-256 (Terraform's release_sha256)
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: package.sh /path/to/vision-stays OUT.tar.gz" >&2; exit 2; fi
bin=$1 out=$2
kit=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
install -m 0755 "$bin" "$tmp/vision-stays"
mkdir -p "$tmp/vm"
cp -r "$kit/systemd" "$kit/nginx" "$kit/logrotate" "$kit/install.sh" "$kit/README.md" "$tmp/vm/"
# Owner and times fixed: the same inputs give the same tarball (and SHA-256).
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$tmp" -czf "$out" vision-stays vm
sha256sum "$out" | awk '{print $1}'
