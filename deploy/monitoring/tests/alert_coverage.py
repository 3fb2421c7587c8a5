#!/usr/bin/env python3
"""Every alert in prometheus/rules/*.yml has a promtool test where it fires and one where it
stays silent (tests/*.test.yml), a severity, a summary, a description and a runbook_url
whose anchor is a section of README.md. Fails listing the alerts that lack either."""
import glob
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
import re

alerts = set()
anchors = {h.lower() for h in re.findall(r"^### (\w+)", open(os.path.join(ROOT, "README.md")).read(), re.M)}
no_runbook = set()
for path in glob.glob(os.path.join(ROOT, "prometheus/rules/*.yml")):
    for group in yaml.safe_load(open(path))["groups"]:
        for r in group["rules"]:
            if "alert" in r:
                alerts.add(r["alert"])
                a = r.get("annotations", {})
                if not (a.get("summary") and a.get("description")) or \
                        a.get("runbook_url", "#").split("#")[1] not in anchors or \
                        r.get("labels", {}).get("severity") not in ("page", "ticket"):
                    no_runbook.add(r["alert"])
fires, silent = set(), set()
for path in glob.glob(os.path.join(ROOT, "tests/*.test.yml")):
    for test in yaml.safe_load(open(path))["tests"]:
        for case in test.get("alert_rule_test", []):
            (fires if case.get("exp_alerts") else silent).add(case["alertname"])
missing = sorted(a for a in alerts if a not in fires or a not in silent)
for a in missing:
    print(f"UNTESTED {a}: fires={a in fires} silent={a in silent}")
for a in sorted(no_runbook):
    print(f"INCOMPLETE {a}: needs severity page|ticket, summary, description, a runbook_url README anchor")
print(f"alert_coverage.py: {len(alerts)} alerts, {len(alerts) - len(missing)} tested both ways")
sys.exit(1 if missing or no_runbook else 0)
