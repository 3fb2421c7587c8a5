#!/usr/bin/env python3
"""Every metric name the rules and dashboards use must exist.

usage: metric_names.py EXPOSITION_FILE
       metric_names.py --live SCRAPE_FILE

With --live, SCRAPE_FILE is a running binary's /metrics after guest traffic (the shipping lane's
live step): every name used must be in it, except the few in EVENT_ONLY, which appear only after
an event the traffic cannot cause; each of those must still be named in the server's source.

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
# Counters and gauges with an unbounded label (hotel, email kind) or a sink the live step does
# not configure: exported from their first event on, so a live scrape after ordinary traffic
# lacks them. Bounded label sets are declared at 0 at start instead (Metrics::declare_counters).
EVENT_ONLY = {
    "bookings_sold_out_total": "first refusal for lack of rooms at a hotel",
    "vs_emails_failed_total": "first email given up after its last try",
    "vs_events_written_total": "first booking event, with a stream configured",
    "vs_events_published_total": "declared at start only with an OCI stream or topic",
    "vs_event_publish_attempts_total": "declared at start only with an OCI stream or topic",
    "vs_events_pending": "set by the event relay, which runs only with a stream or topic",
    "vs_events_parked": "set by the event relay, which runs only with a stream or topic",
    "vs_events_oldest_pending_seconds": "set by the event relay, which runs only with a stream or topic",
}
SERVER_SRC = os.path.join(os.path.dirname(ROOT), "..", "server", "src")


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
    live = sys.argv[1:2] == ["--live"]
    args = sys.argv[2:] if live else sys.argv[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    known = exposition(args[0]) | BUILTIN | BLACKBOX
    if live:
        sources = "".join(
            open(p, encoding="utf-8").read()
            for p in glob.glob(os.path.join(SERVER_SRC, "**", "*.rs"), recursive=True)
        )
        missing = [n for n in EVENT_ONLY if f'"{n}"' not in sources]
        if missing:
            sys.exit(f"EVENT_ONLY names the server does not record: {missing}")
        absent = sorted(n for n in EVENT_ONLY if n not in known)
        known |= set(EVENT_ONLY)
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
    if live:
        print(
            f"metric_names.py: {len(used)} names used, "
            f"{len(used) - len(unknown) - len(set(absent) & set(used))} of them in the live "
            f"scrape or recorded by a rule; {len(set(absent) & set(used))} exported only after "
            f"their event ({', '.join(n for n in absent if n in used) or 'none'})"
        )
    else:
        print(f"metric_names.py: {len(used)} names used, {len(known)} known")
    for n in unknown:
        print(f"UNKNOWN {n}  (first used in {used[n]})")
    if unknown:
        sys.exit(1)


if __name__ == "__main__":
    main()
