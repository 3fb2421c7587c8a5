"""The OCI stand-in's Monitoring ingestion (20180401 PostMetricData), checked as OCI documents it.

Rules from the PostMetricData reference and the SDKs' MetricDataDetails: namespace starts with a
letter, lowercase letters, digits and underscores, not `oci_` or `oracle_`; name starts with a
letter, then letters, digits, `.`, `_`, `-`, `$`; 1 to 20 dimensions, keys printable ASCII without
spaces (≤ 256), values non-empty (≤ 512); at least one datapoint, each timestamped less than two
hours in the past and less than ten minutes in the future; at most 50 unique metric streams per
call. A malformed request is refused whole (400); a metric that breaks a rule is reported in
`failedMetrics` and the others are kept, unless `batchAtomicity` is ATOMIC.
"""
import datetime
import json
import math
import re
import threading

from standin_auth import Refused

NAMESPACE = re.compile(r"[a-z][a-z0-9_]*")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9._$-]*")
MAX_STREAMS = 50
MAX_DIMENSIONS = 20
PAST = datetime.timedelta(hours=2)
FUTURE = datetime.timedelta(minutes=10)


def invalid(message):
    return Refused(message, status=400, code="InvalidParameter")


def parse_time(text):
    if not isinstance(text, str):
        return None
    try:
        t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else None


def problems_of(metric, now):
    """What is wrong with one MetricDataDetails (empty when it is fine)."""
    problems = []
    ns = metric.get("namespace")
    if not isinstance(ns, str) or not NAMESPACE.fullmatch(ns) or ns.startswith(("oci_", "oracle_")):
        problems.append(f"namespace {ns!r} is not a valid custom namespace")
    if not isinstance(metric.get("compartmentId"), str) or not metric["compartmentId"].startswith(
        "ocid1.compartment."
    ) and not metric["compartmentId"].startswith("ocid1.tenancy."):
        problems.append("compartmentId is not a compartment OCID")
    name = metric.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name) or len(name) > 255:
        problems.append(f"name {name!r} is not a valid metric name")
    dims = metric.get("dimensions")
    if not isinstance(dims, dict) or not 1 <= len(dims) <= MAX_DIMENSIONS:
        problems.append("dimensions must hold 1 to 20 key-value pairs")
    else:
        for k, v in dims.items():
            if not k or len(k) > 256 or any(c == " " or not c.isprintable() or ord(c) > 126 for c in k):
                problems.append(f"dimension key {k!r} is not printable ASCII without spaces")
            if not isinstance(v, str) or not v or len(v) > 512:
                problems.append(f"dimension {k!r} has an empty or too long value")
    points = metric.get("datapoints")
    if not isinstance(points, list) or not points:
        problems.append("at least one datapoint is required")
    else:
        for p in points:
            t = parse_time(p.get("timestamp") if isinstance(p, dict) else None)
            value = p.get("value") if isinstance(p, dict) else None
            if t is None:
                problems.append("a datapoint's timestamp is not RFC 3339 with a zone")
            elif not now - PAST < t < now + FUTURE:
                problems.append(f"datapoint timestamp {p['timestamp']} is not near the current time")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                problems.append("a datapoint's value is not a finite number")
    return problems


class Monitoring:
    """Posted metrics, kept for the tests to read back."""

    def __init__(self):
        self.lock = threading.Lock()
        self.posted = []  # accepted MetricDataDetails, each with "receivedAt"

    def post_metric_data(self, body):
        try:
            details = json.loads(body)
        except ValueError:
            raise invalid("the body is not JSON") from None
        metrics = details.get("metricData") if isinstance(details, dict) else None
        if not isinstance(metrics, list) or not metrics:
            raise invalid("metricData must be a non-empty list")
        atomicity = details.get("batchAtomicity", "NON_ATOMIC")
        if atomicity not in ("ATOMIC", "NON_ATOMIC"):
            raise invalid(f"batchAtomicity {atomicity!r} is not ATOMIC or NON_ATOMIC")
        streams = {
            (m.get("namespace"), m.get("name"), json.dumps(m.get("dimensions"), sort_keys=True))
            for m in metrics
            if isinstance(m, dict)
        }
        if len(streams) > MAX_STREAMS:
            raise invalid(f"{len(streams)} metric streams in one call; the limit is {MAX_STREAMS}")
        now = datetime.datetime.now(datetime.timezone.utc)
        failed, kept = [], []
        for m in metrics:
            problems = problems_of(m, now) if isinstance(m, dict) else ["not an object"]
            if problems:
                failed.append({"metricData": m, "message": "; ".join(problems)})
            else:
                kept.append(dict(m, receivedAt=now.isoformat()))
        if failed and atomicity == "ATOMIC":
            raise invalid(failed[0]["message"])
        with self.lock:
            self.posted.extend(kept)
        return {"failedMetricsCount": len(failed), "failedMetrics": failed}

    def dump(self):
        with self.lock:
            return list(self.posted)
