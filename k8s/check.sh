#!/usr/bin/env bash
# The offline checks of k8s/ that CI runs: every overlay and test renders, validates against
# Kubernetes 1.30 schemas, passes checkov, and the DevOps-stage renders name no namespace.
set -euo pipefail
cd "$(dirname "$0")"
BIN=${TOOLS_BIN:-/work/tools-venv/bin}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for d in overlays/* tests/*; do
  [ -f "$d/kustomization.yaml" ] || continue
  echo "== $d"
  "$BIN/kubectl" kustomize "$d" | "$BIN/kubernetes-validate" --strict -k 1.30 - >"$OUT/validate.log" \
    || { cat "$OUT/validate.log"; exit 1; }
  "$BIN/kubectl" kustomize "$d" >"$OUT/x.yaml"
  "$BIN/checkov" -f "$OUT/x.yaml" --framework kubernetes --compact --quiet --skip-download
  case "$d" in
    # Applied by OCI DevOps stages (or podman) that choose the namespace themselves.
    overlays/blue|overlays/green|overlays/canary|overlays/local|tests/blue-*|tests/green-*|tests/local-*)
      "$BIN/python" no-namespace.py <"$OUT/x.yaml"
      echo "no metadata.namespace, no Namespace object" ;;
  esac
done
echo "k8s: all renders valid"
