#!/usr/bin/env python3
"""Writes grafana/dashboards/*.json (run after editing; the JSON is committed). Queries use only
contract metrics and the recording rules of prometheus/rules/slo-recording.yml."""
import json
import os

DS = {"type": "prometheus", "uid": "vision-stays-prometheus"}
R = 'job="vision-stays",role=~"$role",track=~"$track"'


def panel(i, title, exprs, unit="short", kind="timeseries", w=12, desc=""):
    return {
        "id": i, "type": kind, "title": title, "description": desc, "datasource": DS,
        "gridPos": {"h": 8, "w": w, "x": 0, "y": 0},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}} if kind == "timeseries" else {},
        "targets": [{"refId": chr(65 + n), "datasource": DS, "expr": e, "legendFormat": l}
                    for n, (e, l) in enumerate(exprs)],
    }


def board(uid, title, panels):
    x = y = 0
    for p in panels:  # two per row, or full width
        w = p["gridPos"]["w"]
        if x + w > 24:
            x, y = 0, y + 8
        p["gridPos"].update(x=x, y=y)
        x += w
    var = lambda name, q: {
        "name": name, "type": "query", "datasource": DS, "refresh": 2, "includeAll": True,
        "multi": True, "current": {"text": "All", "value": "$__all"}, "allValue": ".*",
        "query": {"query": q, "refId": name}, "definition": q,
    }
    return {
        "uid": uid, "title": title, "tags": ["vision-stays"], "schemaVersion": 39, "version": 1,
        "editable": False, "time": {"from": "now-6h", "to": "now"}, "refresh": "1m",
        "timezone": "utc", "panels": panels,
        "templating": {"list": [var("role", 'label_values(up{job="vision-stays"}, role)'),
                                var("track", 'label_values(up{job="vision-stays"}, track)')]},
        "annotations": {"list": []},
    }


RR = "sum by (journey) "
guest = board("vs-guest-journey", "Vision Stays — guest journey", [
    panel(1, "Availability per journey (1h, 5xx-free share)", [("1 - journey:vs_request_errors:ratio_rate1h", "{{journey}}")], "percentunit",
          desc="Objectives: search and hotel page 99.5%, booking 99.9% (README: Service-level objectives)."),
    panel(2, "Error budget burn rate (1h; 14.4 pages)", [("journey:vs_request_errors:ratio_rate1h / on (journey) (1 - journey:vs_availability:objective)", "{{journey}} availability"),
                                                       ("journey:vs_request_slow:ratio_rate1h / on (journey) (1 - journey:vs_latency:objective)", "{{journey}} latency")]),
    panel(3, "Share slower than the threshold (1 s; booking 2.5 s)", [("journey:vs_request_slow:ratio_rate5m", "{{journey}}")], "percentunit"),
    panel(4, "p99 latency per route", [(f'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{{{R},route=~"/search|/api/v1/search|/hotels/{{slug}}|/api/v1/hotels/{{slug}}|/hotels/{{slug}}/book|/api/v1/bookings"}}[$__rate_interval])))', "{{route}}")], "s"),
    panel(5, "Requests per second per route", [(f'sum by (route, method) (rate(http_requests_total{{{R},route!~"/healthz|/readyz"}}[$__rate_interval]))', "{{method}} {{route}}")], "reqps"),
    panel(6, "5xx per second per route and role", [(f'sum by (route, role) (rate(http_requests_total{{{R},status=~"5.."}}[$__rate_interval]))', "{{role}} {{route}}")], "reqps"),
])

bookings = board("vs-bookings", "Vision Stays — bookings", [
    panel(1, "Bookings confirmed per hour, per hotel", [("sum by (hotel) (increase(bookings_confirmed_total{job=\"vision-stays\"}[1h]))", "{{hotel}}")]),
    panel(2, "Sold out per hour, per hotel (409: demand we could not serve)", [("sum by (hotel) (increase(bookings_sold_out_total{job=\"vision-stays\"}[1h]))", "{{hotel}}")]),
    panel(3, "Cancellations per hour, per hotel", [("sum by (hotel) (increase(bookings_cancelled_total{job=\"vision-stays\"}[1h]))", "{{hotel}}")]),
    panel(4, "Booking attempts by status (web form + API)", [('sum by (status) (rate(http_requests_total{job="vision-stays",method="POST",route=~"/api/v1/bookings|/hotels/{slug}/book"}[$__rate_interval]))', "{{status}}")], "reqps"),
    panel(5, "Booking failures (5xx share; sold out excluded)", [('sum(rate(http_requests_total{job="vision-stays",method="POST",route=~"/api/v1/bookings|/hotels/{slug}/book",status=~"5.."}[$__rate_interval])) / sum(rate(http_requests_total{job="vision-stays",method="POST",route=~"/api/v1/bookings|/hotels/{slug}/book"}[$__rate_interval]))', "failed")], "percentunit"),
    panel(6, "Idempotent replays per minute (retried submissions answered once)", [('sum(rate(bookings_idempotent_replays_total{job="vision-stays"}[$__rate_interval])) * 60', "replays")]),
    panel(7, "Confirmed bookings today, all hotels", [('sum(increase(bookings_confirmed_total{job="vision-stays"}[1d]))', "confirmed")], kind="stat"),
    panel(8, "Booked value per day in minor units, net of cancellations, per hotel and currency", [
        ('sum by (hotel, currency) (increase(bookings_value_minor_total{job="vision-stays"}[1d])) - sum by (hotel, currency) (increase(bookings_cancelled_value_minor_total{job="vision-stays"}[1d]) or 0 * increase(bookings_value_minor_total{job="vision-stays"}[1d]))', "{{hotel}} {{currency}}")],
          desc="What guests pay (taxes included) for bookings confirmed in the last 24 h, minus the value of those cancelled, in each currency's minor unit (cents; yen and krónur have none). A dashboard figure: the bookings and their prices in the database are the books."),
    panel(9, "Booked value today in minor units, per currency", [('sum by (currency) (increase(bookings_value_minor_total{job="vision-stays"}[1d]))', "{{currency}}")], kind="stat"),
])

outbox = board("vs-outbox", "Vision Stays — outbox", [
    panel(1, "Oldest undelivered item (SLO: emails/events 5 min, webhooks 15 min)", [("outbox:vs_oldest_pending_seconds:max", "{{outbox}}")], "s"),
    panel(2, "Pending", [("outbox:vs_pending:max", "{{outbox}}")]),
    panel(3, "Parked / given up (needs a person)", [("outbox:vs_parked:max", "{{outbox}}")]),
    panel(4, "Share of time late (lag SLI, 1h)", [("outbox:vs_lag_over_threshold:ratio_avg1h", "{{outbox}}")], "percentunit"),
    panel(5, "Emails: sent, failed, attempts by outcome", [('sum(rate(vs_emails_sent_total{job="vision-stays"}[$__rate_interval]))', "sent"),
                                                           ('sum(rate(vs_emails_failed_total{job="vision-stays"}[$__rate_interval]))', "given up"),
                                                           ('sum by (outcome) (rate(vs_email_attempts_total{job="vision-stays"}[$__rate_interval]))', "attempt {{outcome}}")], "ops"),
    panel(6, "Events: written vs published, attempts by outcome", [('sum(rate(vs_events_written_total{job="vision-stays"}[$__rate_interval]))', "written"),
                                                                  ('sum by (sink) (rate(vs_events_published_total{job="vision-stays"}[$__rate_interval]))', "published {{sink}}"),
                                                                  ('sum by (sink, outcome) (rate(vs_event_publish_attempts_total{job="vision-stays"}[$__rate_interval]))', "attempt {{sink}} {{outcome}}")], "ops"),
    panel(7, "Webhooks: deliveries and attempts by outcome", [('sum by (outcome) (rate(vs_webhook_deliveries_total{job="vision-stays"}[$__rate_interval]))', "delivery {{outcome}}"),
                                                             ('sum by (outcome) (rate(vs_webhook_attempts_total{job="vision-stays"}[$__rate_interval]))', "attempt {{outcome}}")], "ops"),
])

roles = board("vs-roles", "Vision Stays — per-role resources", [
    panel(1, "Targets up per role and track", [(f"sum by (role, track) (up{{{R}}})", "{{role}} {{track}}")],
          desc="process_* metrics are not exported: no CPU or memory here (see the OCI / Kubernetes metrics)."),
    panel(2, "Ready instances per role (vs_ready)", [(f"sum by (role, track) (vs_ready{{{R}}})", "{{role}} {{track}}")]),
    panel(3, "Requests per second per role", [("sum by (role, track) (role_track:vs_http_requests:rate5m{role=~\"$role\",track=~\"$track\"})", "{{role}} {{track}}")], "reqps"),
    panel(4, "5xx share per role", [("role_track:vs_http_5xx:ratio_rate5m{role=~\"$role\",track=~\"$track\"}", "{{role}} {{track}}")], "percentunit"),
    panel(5, "p50 / p99 latency per role", [(f'histogram_quantile(0.5, sum by (le, role) (rate(http_request_duration_seconds_bucket{{{R}}}[$__rate_interval])))', "p50 {{role}}"),
                                           (f'histogram_quantile(0.99, sum by (le, role) (rate(http_request_duration_seconds_bucket{{{R}}}[$__rate_interval])))', "p99 {{role}}")], "s"),
    panel(6, "Database pool in use / max per instance", [(f'vs_db_pool_connections{{{R},state="in_use"}} / ignoring (state) vs_db_pool_max_connections{{{R}}}', "{{role}} {{instance}}")], "percentunit"),
    panel(7, "Versions running (vs_build_info)", [(f"count by (version, revision, role, track) (vs_build_info{{{R}}})", "{{role}} {{track}} {{version}} {{revision}}")], w=24),
])

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards")
for name, b in [("guest-journey", guest), ("bookings", bookings), ("outbox", outbox), ("roles", roles)]:
    with open(os.path.join(here, name + ".json"), "w") as f:
        json.dump(b, f, indent=2)
        f.write("\n")
