#!/usr/bin/env python3
"""Every alert in prometheus/rules/*.yml has a promtool test where it fires and one where it
stays silent (tests/*.test.yml). Fails listing the alerts that lack either."""
import glob
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
alerts = set()
for path in glob.glob(os.path.join(ROOT, "prometheus/rules/*.yml")):
    for group in yaml.safe_load(open(path))["groups"]:
        alerts |= {r["alert"] for r in group["rules"] if "alert" in r}
fires, silent = set(), set()
for path in glob.glob(os.path.join(ROOT, "tests/*.test.yml")):
    for test in yaml.safe_load(open(path))["tests"]:
        for case in test.get("alert_rule_test", []):
            (fires if case.get("exp_alerts") else silent).add(case["alertname"])
missing = sorted(a for a in alerts if a not in fires or a not in silent)
for a in missing:
    print(f"UNTESTED {a}: fires={a in fires} silent={a in silent}")
print(f"alert_coverage.py: {len(alerts)} alerts, {len(alerts) - len(missing)} tested both ways")
sys.exit(1 if missing else 0)
