#!/usr/bin/env bash
# Every offline check of deploy/oci (no tenancy, no terraform binary): Terraform parse + rules, DevOps spec shapes, checkov, smoke.sh lint.
#   deploy/oci/tests/run.sh   (TOOLS=/work/tools-venv/bin by default: python with hcl2 + PyYAML, checkov)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tools=${TOOLS:-/work/tools-venv/bin}
"$tools/python" "$here/tests/parse_terraform.py" "$here/terraform"
"$tools/python" "$here/tests/check_build_spec.py"
"$tools/checkov" -d "$here/terraform" --framework terraform --compact --quiet --skip-download
bash -n "$here/smoke.sh"
if command -v shellcheck >/dev/null; then shellcheck "$here/smoke.sh" "$here/tests/run.sh"; fi
echo "deploy/oci offline checks: OK"
