#!/bin/sh
# Every check of deploy/monitoring; fails on the first failure. Needs Debian's prometheus
# (promtool) and prometheus-alertmanager (amtool), python3 with PyYAML (and aiosmtpd for the
# blackbox check, run when prometheus-blackbox-exporter is installed). Run from anywhere.
set -eu
cd "$(dirname "$0")/.."

# Debian's Prometheus is built without Kubernetes discovery ("Kubernetes support has been
# completely removed", NEWS.Debian), so its promtool rejects kubernetes_sd_configs. Check a copy
# in which that block is swapped for an empty static_configs; the relabelling, the file_sd job
# and the rule files are checked as written. Upstream promtool checks the file itself.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r prometheus/rules prometheus/targets "$tmp/"
sed -e 's/^\(\s*\)kubernetes_sd_configs:/\1static_configs:/' -e 's/^\(\s*\)- role: pod$/\1- targets: []/' \
    prometheus/prometheus.yml > "$tmp/prometheus.yml"
if promtool check config --syntax-only prometheus/prometheus.yml >/dev/null 2>&1; then
    promtool check config prometheus/prometheus.yml
else
    echo "promtool without Kubernetes SD: checking prometheus.yml with kubernetes_sd_configs swapped out"
    promtool check config "$tmp/prometheus.yml"
fi
promtool check rules prometheus/rules/*.yml
promtool test rules tests/*.test.yml
python3 tests/alert_coverage.py
amtool check-config alertmanager/alertmanager.yml
sh tests/routes.sh
python3 tests/metric_names.py tests/exposition-sample.txt
for f in grafana/dashboards/*.json; do
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["uid"] and d["panels"], sys.argv[1]' "$f"
done
if command -v prometheus-blackbox-exporter >/dev/null; then
    sh tests/blackbox.sh
else
    echo "check.sh: prometheus-blackbox-exporter not installed: blackbox.sh skipped"
fi
echo "check.sh: all monitoring checks passed"
