#!/usr/bin/env python3
"""Offline checks of deploy/oci/terraform: every .tf parses (python-hcl2) and follows the estate's rules.

Run: target/ship-venv/bin/python deploy/oci/tests/parse_terraform.py [TERRAFORM_DIR]
Checks: no timestamp() anywhere; every variable has a description; a variable whose name says
password/secret/token/private_key holds an OCID (validated) or is sensitive; no sensitive
variable and no secret-named variable reaches user_data or an output; no output is named like a
secret value; every key of ../api-gateway/deployment.json is mapped in functions.tf;
every file opens with a comment line and stays under 400 lines; every page-severity alert of
deploy/monitoring/prometheus/rules has an alarm in monitoring.tf (freeform tag vs_alert) with
pending_duration = its `for:`, a body naming its runbook anchor, and queries that use only the
metrics and dimensions of the poster's contract (CONTRACT_METRICS below).
"""
import pathlib
import re
import sys

import hcl2

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "terraform")
files = sorted(root.glob("*.tf"))
errors = []
parsed = {}
if not files:
    errors.append(f"no .tf files in {root}")
for f in files:
    text = f.read_text()
    try:
        parsed[f.name] = hcl2.loads(text)
    except Exception as e:  # python-hcl2 raises lark errors of several types
        errors.append(f"{f.name}: does not parse: {e}")
        continue
    if "timestamp(" in text:
        errors.append(f"{f.name}: uses timestamp() (plans must be stable; pass times in as variables)")
    first = text.splitlines()[0] if text else ""
    if not first.startswith("#"):
        errors.append(f"{f.name}: must open with a comment line saying what it is for")
    if len(text.splitlines()) > 400:
        errors.append(f"{f.name}: {len(text.splitlines())} lines (keep files under 400)")

SECRET_NAME = re.compile(r"password|secret|token|private_key|smtp_url|database_url", re.I)
variables = {}
for name, doc in parsed.items():
    for block in doc.get("variable", []):
        for vname, body in block.items():
            variables[vname] = (name, body)

sensitive = set()
for vname, (fname, body) in variables.items():
    if not str(body.get("description", "")).strip():
        errors.append(f"{fname}: variable {vname} has no description")
    if body.get("sensitive") is True:
        sensitive.add(vname)
    elif SECRET_NAME.search(vname) and not re.search(r"\b(bool|number)\b", str(body.get("type", ""))):
        # Allowed only when it carries OCIDs of Vault secrets, never a value.
        blob = repr(body.get("validation", "")) + repr(body.get("description", ""))
        if "ocid" not in blob.lower():
            errors.append(f"{fname}: variable {vname} looks secret: mark it sensitive or make it a Vault secret OCID")

def refs(expr):
    return set(re.findall(r"var\.([A-Za-z0-9_]+)", repr(expr)))

def walk(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk(v, path + (k,))
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v, path)
    else:
        yield path, obj

for fname, doc in parsed.items():
    for path, value in walk(doc.get("resource", [])):
        if "user_data" in path:
            bad = {v for v in refs(value) if v in sensitive or (SECRET_NAME.search(v) and v not in ("secret_ids",))}
            if bad:
                errors.append(f"{fname}: user_data uses secret variable(s) {sorted(bad)}")
            if "secret_ids" in refs(value):
                errors.append(f"{fname}: user_data should carry Vault references through vault_secrets_json only")
    for block in doc.get("output", []):
        for oname, body in block.items():
            value = body.get("value")
            bad = {v for v in refs(value) if v in sensitive}
            if bad:
                errors.append(f"{fname}: output {oname} exposes sensitive variable(s) {sorted(bad)}")
            if re.search(r"password|secret(?!s_)|token|private_key", oname, re.I):
                errors.append(f"{fname}: output {oname} is named like a secret: outputs carry no secrets")
            if re.search(r"key", oname, re.I) and not oname.endswith("_id"):
                errors.append(f"{fname}: output {oname} mentions a key but is not an OCID (_id)")

# The API Gateway spec: functions.tf maps deployment.json field by field into the provider's
# snake_case blocks, so every JSON key must be read there (a new key would be dropped silently).
import json

spec_path = root.parent / "api-gateway" / "deployment.json"
functions_tf = (root / "functions.tf").read_text() if (root / "functions.tf").exists() else ""
if spec_path.exists():
    rendered = re.sub(r"(?<!\$)\$\{[a-z_]+\}", "x", spec_path.read_text()).replace("$${", "${")
    keys = set()

    def collect(o):
        if isinstance(o, dict):
            for k, v in o.items():
                keys.add(k)
                collect(v)
        elif isinstance(o, list):
            for v in o:
                collect(v)

    collect(json.loads(rendered))
    for k in sorted(keys):
        if not re.search(rf"\b{re.escape(k)}\b", functions_tf):
            errors.append(f"functions.tf: deployment.json key {k} is not mapped into oci_apigateway_deployment")

# OCI Monitoring alarms (monitoring.tf) against the Prometheus page alerts and the metric
# contract of the binary's OCI Monitoring poster (names exactly as it posts them).
CONTRACT_METRICS = {
    "heartbeat", "ready", "http_requests", "http_5xx_ratio", "journey_requests",
    "journey_error_ratio", "journey_slow_ratio", "db_pool_utilisation", "outbox_oldest_pending_seconds",
}
CONTRACT_DIMENSIONS = {"role", "track", "instance", "journey", "outbox"}
# Page alerts that no metric of the poster can measure, each with the reason it has no alarm.
NO_ALARM = {
    "CertificateExpiresVerySoon": "measured by the blackbox exporter beside Prometheus (deploy/monitoring/blackbox), not by the app",
}
rules_dir = root.parent.parent / "monitoring" / "prometheus" / "rules"
monitoring_tf = root / "monitoring.tf"
alarm_count = 0
if rules_dir.is_dir():
    import yaml

    def iso(duration):  # Prometheus `for:` (1m, 90s, 1h) -> ISO 8601 as OCI wants it (PT1M)
        m = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", duration)
        h, mi, se = (int(x or 0) for x in m.groups())
        total = h * 3600 + mi * 60 + se
        return "PT" + (f"{total // 3600}H" if total % 3600 == 0 else f"{total // 60}M" if total % 60 == 0 else f"{total}S")

    page = {}
    for path in sorted(rules_dir.glob("*.yml")):
        for group in yaml.safe_load(path.read_text())["groups"]:
            for r in group["rules"]:
                if "alert" in r and r.get("labels", {}).get("severity") == "page":
                    page[r["alert"]] = (iso(r.get("for", "0s")), r.get("annotations", {}).get("runbook_url", ""))
    text = monitoring_tf.read_text() if monitoring_tf.exists() else ""
    doc = parsed.get("monitoring.tf", {})
    alarms = [b["oci_monitoring_alarm"] for b in doc.get("resource", []) if "oci_monitoring_alarm" in b]
    resource = next(iter(alarms[0].values())) if alarms else {}
    if page and not resource:
        errors.append("monitoring.tf: no oci_monitoring_alarm for the page alerts")
    if resource and "vs_alert" not in repr(resource.get("freeform_tags")):
        errors.append("monitoring.tf: the alarms must carry the freeform tag vs_alert (the Prometheus alert name)")
    if resource and "runbook" not in repr(resource.get("body")):
        errors.append("monitoring.tf: the alarm body must name the runbook anchor")
    # One entry of local.page_alarms per alarm: `alert = "X", …, pending = "PTnM"` then `query = "…"`.
    entries = re.findall(r'alert\s*=\s*"(\w+)",[^\n]*?pending\s*=\s*"(\w+)"[^\n]*\n\s*query\s*=\s*"((?:[^"\\]|\\.)*)"', text)
    alarm_count = len(entries)
    covered = {}
    for alert, pending, query in entries:
        covered.setdefault(alert, set()).add(pending)
        query = query.replace('\\"', '"')
        if alert not in page:
            errors.append(f"monitoring.tf: alarm for {alert}, which is not a page alert in {rules_dir.name}/")
        elif pending != page[alert][0]:
            errors.append(f"monitoring.tf: {alert} pending {pending}, but its Prometheus for: is {page[alert][0]}")
        for metric in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\[\d+[mh]\]", query):
            if metric not in CONTRACT_METRICS:
                errors.append(f"monitoring.tf: {alert} queries metric {metric!r}, not in the poster's contract")
        if not re.search(r"[A-Za-z_][A-Za-z0-9_]*\[\d+[mh]\]", query):
            errors.append(f"monitoring.tf: {alert} query names no metric[interval]: {query}")
        dims = re.findall(r"(\w+)\s*(?:=~|!=|=)\s*\\?\"", " ".join(re.findall(r"\{([^}]*)\}", query)))
        dims += [d.strip() for g in re.findall(r"groupBy\(([^)]*)\)", query) for d in g.split(",")]
        for d in dims:
            if d not in CONTRACT_DIMENSIONS:
                errors.append(f"monitoring.tf: {alert} uses dimension {d!r}, not in the poster's contract")
    for alert in sorted(set(page) - set(covered) - set(NO_ALARM)):
        errors.append(f"monitoring.tf: page alert {alert} has no OCI alarm")
    for alert, (_, runbook) in page.items():
        if runbook.split("#")[-1] != alert.lower():
            errors.append(f"{alert}: runbook_url {runbook!r} is not README.md#{alert.lower()} (the alarm body links there)")

for e in errors:
    print("FAIL", e)
print(f"{len(files)} files, {len(variables)} variables ({len(sensitive)} sensitive), "
      f"{sum(len(d.get('resource', [])) for d in parsed.values())} resource blocks, {alarm_count} alarm definitions (page alerts covered): "
      + ("OK" if not errors else f"{len(errors)} problem(s)"))
sys.exit(1 if errors else 0)
