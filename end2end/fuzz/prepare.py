#!/usr/bin/env python3
"""Seeds a running Vision Stays server for the API fuzzer and writes schemathesis' config.

Usage: prepare.py BASE_URL OUT_DIR

Creates a customer and a bearer token, books two real stays, and writes OUT_DIR/token,
OUT_DIR/admin_token (the demo platform admin's) and OUT_DIR/schemathesis.toml. The config binds parameters (hotel and room-type slugs, cities, future
dates, booking references, a well-formed email) to dictionaries of real values, drawn for part of
the generated cases only, so the fuzzer reaches past the validation layer into the handlers while
still sending arbitrary data the rest of the time. Standard library only; talks to BASE_URL only.
"""
import datetime
import json
import os
import sys
import urllib.error
import urllib.request

EMAIL = "fuzz@example.com"
# The demo platform admin (loaded with the demo data), for the admin operations' pass; run.sh
# gives the server and this script one random password.
ADMIN_EMAIL = "admin@visionstays.test"
ADMIN_PASSWORD = os.environ["VS_DEMO_PASSWORD"]
PASSWORD = "fuzz-password-123"
# Share of generated values taken from the dictionaries (the rest stay random).
PROBABILITY = 0.5


def call(base, method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as err:
        raise SystemExit(f"prepare: {method} {path} -> {err.code}: {err.read()[:500]!r}")


def toml_list(values):
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def main():
    base, out = sys.argv[1].rstrip("/"), sys.argv[2]
    call(base, "POST", "/api/v1/customers", {"email": EMAIL, "password": PASSWORD, "name": "Fuzz"})
    _, session = call(base, "POST", "/api/v1/sessions", {"email": EMAIL, "password": PASSWORD})
    token = session["access_token"]
    auth = {"Authorization": f"Bearer {token}"}

    _, page = call(base, "GET", "/api/v1/hotels")
    hotels = [h["slug"] for h in page["items"]]
    cities = sorted({h["city_name"] for h in page["items"]})
    if not hotels:
        raise SystemExit("prepare: the server lists no hotels (demo data missing?)")
    _, detail = call(base, "GET", f"/api/v1/hotels/{hotels[0]}")
    room_types = sorted({r["slug"] for r in detail["room_types"]})

    today = datetime.date.today()
    dates = [(today + datetime.timedelta(days=d)).isoformat() for d in (40, 41, 42, 44, 47, 60)]
    references = []
    for n, (check_in, check_out) in enumerate([(dates[0], dates[2]), (dates[3], dates[4])]):
        booking = {
            "hotel": hotels[0],
            "room_type": room_types[0],
            "check_in": check_in,
            "check_out": check_out,
            "guests": 1,
            "guest": {"name": "Fuzz Guest", "email": EMAIL, "phone": None},
            "special_requests": None,
        }
        _, made = call(base, "POST", "/api/v1/bookings", booking, {**auth, "Idempotency-Key": f"fuzz-seed-{n}"})
        references.append(made["reference"])

    dictionaries = {
        "hotels": hotels,
        "cities": cities,
        "book_hotel": [hotels[0]],
        "room_types": room_types,
        "dates": dates,
        "guest_counts": ["1", "2", "3"],
        "party_sizes": [1, 2],
        "references": references,
        "emails": ["guest@example.com", EMAIL],
        # Addresses on a hotel's lists (the demo's confirmed alert recipient and hotel admin), so
        # removing a recipient, re-sending its link or unassigning an admin reach the handler.
        "listed_emails": ["manager@casa-do-tejo.test", "guest@example.com"],
        "actions": ["check-in", "check-out", "no-show", "cancel"],
    }
    bindings = {
        "query.hotel": "hotels",
        "path.slug": "hotels",
        "body.hotel": "book_hotel",
        "query.city": "cities",
        "body.room_type": "room_types",
        "query.check_in": "dates",
        "query.check_out": "dates",
        "body.check_in": "dates",
        "body.check_out": "dates",
        "query.guests": "guest_counts",
        "body.guests": "party_sizes",
        "path.reference": "references",
        "path.room_type": "room_types",
        "path.action": "actions",
        "body.email": "emails",
        "path.email": "listed_emails",
        "body.guest.email": "emails",
    }
    lines = ["# Written by end2end/fuzz/prepare.py for one fuzzing run.", ""]
    for name, values in dictionaries.items():
        lines += [f"[dictionaries.{name}]", f"values = {toml_list(values)}", ""]
    lines.append("[parameters]")
    for key, name in bindings.items():
        lines.append(f'"{key}" = {{ dictionary = "{name}", probability = {PROBABILITY} }}')
    with open(f"{out}/schemathesis.toml", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(f"{out}/token", "w", encoding="utf-8") as f:
        f.write(token)
    _, admin = call(base, "POST", "/api/v1/sessions", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    with open(f"{out}/admin_token", "w", encoding="utf-8") as f:
        f.write(admin["access_token"])
    print(f"prepare: {len(hotels)} hotels, {len(room_types)} room types, bookings {', '.join(references)}")


if __name__ == "__main__":
    main()
