#!/usr/bin/env python3
"""Every metric name the rules and dashboards use must exist.

usage: metric_names.py EXPOSITION_FILE

Reads prometheus/rules/*.yml (alert and record expressions) and grafana/dashboards/*.json
(targets[].expr and templating queries), pulls the metric names out of the PromQL, and fails
listing any name that is not in EXPOSITION_FILE (a /metrics scrape: `# TYPE` lines and
samples), not recorded by a rule, not `up` or `ALERTS`, and not one of the blackbox exporter's
probe metrics (tests/blackbox.sh sees the exporter produce them). Histogram series (_bucket, _sum,
_count) count as their base name. The parsing is deliberately simple: string literals, label
matchers {…}, ranges […] and label lists after by/without/on/ignoring/group_left/group_right
are removed; what remains and is an identifier not followed by "(" and not a keyword is a name.
"""
import glob
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYWORDS = {
    "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
    "bool", "offset", "atmodifier", "inf", "nan", "start", "end",
}
BUILTIN = {"up", "ALERTS", "ALERTS_FOR_STATE"}
# The blackbox exporter's, not the app's (job blackbox-tls; tests/blackbox.sh asserts both).
BLACKBOX = {"probe_success", "probe_ssl_earliest_cert_expiry"}
IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def names_in(expr):
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    e = re.sub(r"\{[^{}]*\}", " ", e)
    e = re.sub(r"\[[^\[\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", " ", e)
    e = re.sub(r"\$\{?\w+\}?", " ", e)  # Grafana variables outside strings
    found = set()
    for m in IDENT.finditer(e):
        word = m.group(0)
        before = e[m.start() - 1] if m.start() else " "
        if before.isdigit() or before == ".":  # 1e3, 5m, 0.5
            continue
        rest = e[m.end():].lstrip()
        if rest.startswith("("):  # a function or an aggregation
            continue
        if word.lower() in KEYWORDS:
            continue
        found.add(word)
    return found


def base(name):
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def exposition(path):
    known = set()
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("# TYPE ") or line.startswith("# HELP "):
            known.add(line.split()[2])
        elif line and not line.startswith("#"):
            known.add(IDENT.match(line).group(0))
    return known | {base(n) for n in known}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    known = exposition(sys.argv[1]) | BUILTIN | BLACKBOX
    used = {}  # name -> first place it is used
    for path in sorted(glob.glob(os.path.join(ROOT, "prometheus/rules/*.yml"))):
        for group in yaml.safe_load(open(path))["groups"]:
            for rule in group["rules"]:
                if "record" in rule:
                    known.add(rule["record"])
                where = f"{os.path.relpath(path, ROOT)}: {rule.get('record') or rule.get('alert')}"
                for n in names_in(rule["expr"]):
                    used.setdefault(n, where)
    exprs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "grafana/dashboards/*.json"))):
        board = json.load(open(path))
        panels = list(board.get("panels", []))
        while panels:
            p = panels.pop()
            panels.extend(p.get("panels", []))
            for t in p.get("targets", []):
                if t.get("expr"):
                    exprs.append((f"{os.path.basename(path)}: {p.get('title')}", t["expr"]))
        for v in board.get("templating", {}).get("list", []):
            q = v.get("query")
            q = q.get("query") if isinstance(q, dict) else q
            if v.get("type") == "query" and q:
                m = re.match(r"\s*label_values\((.*),\s*\w+\s*\)\s*$", q)
                exprs.append((f"{os.path.basename(path)}: ${v.get('name')}", m.group(1) if m else q))
    for where, expr in exprs:
        for n in names_in(expr):
            used.setdefault(n, where)
    unknown = sorted(n for n in used if n not in known and base(n) not in known)
    print(f"metric_names.py: {len(used)} names used, {len(known)} known")
    for n in unknown:
        print(f"UNKNOWN {n}  (first used in {used[n]})")
    if unknown:
        sys.exit(1)


if __name__ == "__main__":
    main()
