#!/usr/bin/env bash
# Offline check of cloud-init.yaml: template variables, YAML + #cloud-config after rendering, the bootstrap script, cloud-init's schema.
# Rendering stands in for Terraform's templatefile() with sample values: only plain variable
# interpolations are used in the file, so a string replace is faithful. The schema check needs
# cloud-init's own code: CLOUD_INIT (a command, default `cloud-init` when installed), e.g. from
# Debian's .deb without installing it (see README.md "Checks"); without it that step is skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$here/cloud-init.yaml" "$tmp" <<'PY'
import json, re, sys, yaml
src, out = sys.argv[1], sys.argv[2]
text = open(src).read()
assert text.splitlines()[0] == "#cloud-config", "first line must be #cloud-config"
expected = {"region", "services_url", "public_url", "lb_subnet_cidr", "release_url",
            "release_sha256", "release_version", "vault_secrets_json", "compartment_id",
            "monitoring_namespace"}
# Every interpolation in the file must be a documented variable (shell must not use them).
used = set(re.findall(r"\$\{([^}]*)\}", text))
assert used == expected, f"template variables {sorted(used)} != {sorted(expected)}"
assert "%{" not in text, "template directives are not used (escape as %%{ if needed)"
sample = {
    "region": "eu-frankfurt-1",
    "services_url": "http://10.0.20.10",
    "public_url": "https://stays.example.com",
    "lb_subnet_cidr": "10.0.1.0/24",
    "release_url": "https://objectstorage.eu-frankfurt-1.oraclecloud.com/p/TOKEN/n/ns/b/releases/o/vision-stays-1.4.0.tar.gz",
    "release_sha256": "0" * 64,
    "release_version": "1.4.0",
    "compartment_id": "ocid1.compartment.oc1..aaaaaaaaexample",
    "monitoring_namespace": "vision_stays",
    "vault_secrets_json": json.dumps({"VS_WEBHOOK_SECRETS_KEY": "ocid1.vaultsecret.oc1.eu-frankfurt-1.amaaaaaaexample"}),
}
rendered = re.sub(r"\$\{([^}]*)\}", lambda m: sample[m.group(1)], text)
open(f"{out}/user_data.yaml", "w").write(rendered)
doc = yaml.safe_load(rendered)
assert isinstance(doc, dict) and {"packages", "write_files", "runcmd"} <= doc.keys(), "missing sections"
files = {f["path"]: f for f in doc["write_files"]}
env = files["/etc/vision-stays/web.env"]["content"]
assert "VS_TRUSTED_PROXIES=127.0.0.1" in env and "VS_OCI_AUTH=instance-principal" in env
assert "VS_LOG_FORMAT=json" in env, "the agent's JSON parser needs JSON lines"
assert "VS_OCI_MONITORING_NAMESPACE=vision_stays" in env and "VS_OCI_MONITORING_COMPARTMENT_ID=ocid1.compartment." in env
for line in env.splitlines():
    if line and not line.startswith("#"):
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*=\S*", line), f"web.env line {line!r}"
open(f"{out}/bootstrap.sh", "w").write(files["/usr/local/sbin/vision-stays-bootstrap"]["content"])
print("check-cloud-init: #cloud-config, variables, YAML and web.env OK")
PY
bash -n "$tmp/bootstrap.sh"
if command -v shellcheck >/dev/null; then
  shellcheck -s bash "$tmp/bootstrap.sh"
  echo "check-cloud-init: bootstrap script shellcheck-clean"
fi
cloud_init=${CLOUD_INIT:-$(command -v cloud-init || true)}
if [ -n "$cloud_init" ]; then
  $cloud_init schema --config-file "$tmp/user_data.yaml"
else
  echo "check-cloud-init: cloud-init not available: schema check skipped"
fi
