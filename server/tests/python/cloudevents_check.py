"""Parses booking events with the CloudEvents SDK (PyPI `cloudevents` 2.2), so their format is
checked by someone else's code: one JSON event per line on stdin. Each is read with the SDK's
JSON format (`cloudevents.core`, which checks the attributes' types, e.g. `time` as RFC 3339)
and with its v1 HTTP API (`cloudevents.v1.http.from_json`); both must agree with the document
on the required attributes, which must be present in it (the SDK would make up a missing id or
time). Prints one JSON summary line per event; exits non-zero on the first that fails."""
import json
import sys

from cloudevents.core.formats.json import JSONFormat
from cloudevents.v1.http import from_json as v1_from_json

REQUIRED = ("id", "source", "type", "specversion")


def main() -> int:
    fmt = JSONFormat()
    for n, line in enumerate(sys.stdin, 1):
        line = line.strip()
        if not line:
            continue
        raw = json.loads(line)
        missing = [a for a in REQUIRED if not isinstance(raw.get(a), str) or not raw[a]]
        if missing or raw["specversion"] != "1.0":
            print(f"event {n}: missing {missing} or not 1.0: {line}", file=sys.stderr)
            return 1
        try:
            event = fmt.read(None, line)
            legacy = v1_from_json(line)
        except Exception as e:  # noqa: BLE001 - any SDK refusal fails the check
            print(f"event {n}: the CloudEvents SDK refused it: {e!r}", file=sys.stderr)
            return 1
        attrs = event.get_attributes()
        for a in REQUIRED:
            if attrs.get(a) != raw[a] or legacy[a] != raw[a]:
                print(f"event {n}: the SDK read {a} as {attrs.get(a)!r} / {legacy[a]!r}", file=sys.stderr)
                return 1
        if legacy.data != raw.get("data"):
            print(f"event {n}: the v1 SDK read other data", file=sys.stderr)
            return 1
        data = event.get_data()
        if not isinstance(data, dict):
            print(f"event {n}: data is not a JSON object: {data!r}", file=sys.stderr)
            return 1
        time = attrs.get("time")
        print(json.dumps({
            "id": attrs["id"],
            "type": attrs["type"],
            "source": attrs["source"],
            "subject": attrs.get("subject"),
            "time": time.isoformat() if time is not None else None,
            "datacontenttype": attrs.get("datacontenttype"),
            "sequence": attrs.get("sequence"),
            "reference": data.get("reference"),
        }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
