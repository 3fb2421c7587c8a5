# OCI Monitoring alarms: one per page-severity Prometheus alert (deploy/monitoring/prometheus/rules), on the metrics each serving process posts, to the alerts topic.
#
# Why both: Prometheus/Alertmanager run inside the estate and page through them; these alarms
# page from OCI itself, so a cluster outage that takes Prometheus with it still pages.
#
# The metric contract (the poster in the binary; VS_OCI_MONITORING_NAMESPACE = monitoring_namespace,
# VS_OCI_MONITORING_COMPARTMENT_ID = the app's compartment, no resourceGroup), posted every 60 s,
# dimensions role (web|customers|hotels|bookings|relay|all), track (stable|canary), instance:
#   heartbeat = 1 | ready = 1/0 (/readyz) | http_requests, http_5xx_ratio (health/metrics routes
#   excluded; ratio only when requests > 0) | journey_requests, journey_error_ratio,
#   journey_slow_ratio (+ journey = search|hotel_page|booking; only when the journey had requests)
#   | db_pool_utilisation (in use / max) | outbox_oldest_pending_seconds (+ outbox = emails|events|webhooks).
# deploy/oci/tests/parse_terraform.py fails when a page alert has no alarm here (freeform tag
# vs_alert) or a query names a metric outside this contract.
#
# MQL differs from PromQL: an alarm sees one metric per query, joined only with && / ||, no
# arithmetic between series, windows of at most 1h, pending_duration of 1 min to 1 h. Where an
# alarm cannot say what the Prometheus rule says, the comment above it says how it differs.
# Detection also lags Prometheus by up to a posting interval (60 s).

locals {
  # The roles an OCI estate runs (role "all", the one-process site, is not deployed on OCI).
  alarm_roles = ["web", "customers", "hotels", "bookings", "relay"]
  # Fast-burn thresholds: 14.4 × the error budget of each journey's 30-day objective (slo-recording.yml).
  availability_burn = { search = 0.072, hotel_page = 0.072, booking = 0.0144 } # 99.5 %, 99.5 %, 99.9 %
  latency_burn      = { search = 0.144, hotel_page = 0.144, booking = 0.144 }  # 99 % under 1 s / 1 s / 2.5 s
  runbook           = "deploy/monitoring/README.md#"

  page_alarms = merge(
    # RoleDown: Prometheus fires when every scraped instance of a role (per track) fails its
    # scrape. Without discovery, OCI only sees heartbeats stop. Stable track only: a canary that
    # the release pipeline removed stops posting exactly like one that crashed (the canary stage
    # watches its own pods). 2 m interval: one 60 s post arriving late must not page.
    { for r in local.alarm_roles : "RoleDown-${r}" => {
      alert   = "RoleDown", role = r, pending = "PT1M", per_dimension = false
      query   = "heartbeat[2m]{role = \"${r}\", track = \"stable\"}.grouping().absent()"
      summary = "Every stable ${r} instance has stopped posting its heartbeat: the role is down."
    } },
    # RoleMissing: in Prometheus "no target at all" (scaled to 0, deleted, discovery broken)
    # differs from "targets down"; to OCI both are missing heartbeats. This is the slower second
    # signal of the same fact (5 m window, 5 m pending), kept so each page alert has its alarm.
    { for r in local.alarm_roles : "RoleMissing-${r}" => {
      alert   = "RoleMissing", role = r, pending = "PT5M", per_dimension = false
      query   = "heartbeat[5m]{role = \"${r}\", track = \"stable\"}.grouping().absent()"
      summary = "No stable ${r} instance has posted a heartbeat for 5 minutes: scaled to zero, deleted, or not posting (IAM policy, namespace)."
    } },
    {
      # Same rule: the best of the role's instances (per track) reports not ready.
      RoleNotReady = {
        alert   = "RoleNotReady", role = "", pending = "PT3M", per_dimension = true
        query   = "ready[1m].groupBy(role, track).max() == 0"
        summary = "No instance of a role (per track) is ready (/readyz: database reachable, migrations applied): its traffic has nowhere to go."
      }
      # Prometheus: the role's 5xx share of all its requests > 5 % and >= 5 errors in 5 m. Here:
      # the mean of the instances' per-minute ratios (not weighted by requests) and >= 100
      # requests in 5 m (5 % of 100 = 5 errors); no 5xx count is posted.
      High5xxRate = {
        alert   = "High5xxRate", role = "", pending = "PT5M", per_dimension = true
        query   = "http_5xx_ratio[5m].groupBy(role, track).mean() > 0.05 && http_requests[5m].groupBy(role, track).sum() >= 100"
        summary = "More than 5% of a role's requests (probes excluded) answer 5xx."
      }
      # Prometheus: > 5 % of booking POSTs 5xx and >= 3 of them in 5 m. Here: unweighted mean of
      # the per-minute ratios, and >= 60 booking requests (5 % of 60 = 3).
      BookingFailures = {
        alert   = "BookingFailures", role = "", pending = "PT5M", per_dimension = false
        query   = "journey_error_ratio[5m]{journey = \"booking\"}.grouping().mean() > 0.05 && journey_requests[5m]{journey = \"booking\"}.grouping().sum() >= 60"
        summary = "More than 5% of booking attempts (web form and API) fail with 5xx: guests cannot book."
      }
      # Same rule: every role but web (the roles with a database) reports not ready.
      DatabaseUnreachable = {
        alert   = "DatabaseUnreachable", role = "", pending = "PT2M", per_dimension = false
        query   = "ready[1m]{role != \"web\"}.grouping().max() == 0"
        summary = "No instance of any database role is ready: sign-in, hotel pages and bookings fail."
      }
      # Same rule per instance: in use >= max (utilisation 1).
      DatabasePoolExhausted = {
        alert   = "DatabasePoolExhausted", role = "", pending = "PT5M", per_dimension = true
        query   = "db_pool_utilisation[1m].groupBy(role, track, instance).max() >= 1"
        summary = "An instance has no free database connection: requests queue and time out."
      }
      # Prometheus compares the canary with stable: canary ratio > 2 × stable + 1 point. MQL has
      # no arithmetic between two series, so stable is taken at its objective (0.5 % 5xx):
      # canary > 2 × 0.5 % + 1 point = 2 %, with >= 250 canary requests in 5 m (>= 5 errors).
      # A stable track that is itself failing makes this fire where Prometheus would not.
      CanaryWorseThanStable = {
        alert   = "CanaryWorseThanStable", role = "", pending = "PT10M", per_dimension = true
        query   = "http_5xx_ratio[5m]{track = \"canary\"}.groupBy(role).mean() > 0.02 && http_requests[5m]{track = \"canary\"}.groupBy(role).sum() >= 250"
        summary = "The canary answers more than 2% of its requests with 5xx (stable's objective is 0.5%): stop the rollout."
      }
    },
    # Burn rates: same windows (1 h and 5 m) and thresholds as slo-alerts.yml, but each window's
    # ratio is the mean of the instances' per-minute ratios, not requests-weighted.
    { for j, t in local.availability_burn : "SLOAvailabilityFastBurn-${j}" => {
      alert   = "SLOAvailabilityFastBurn", role = "", pending = "PT2M", per_dimension = false
      query   = "journey_error_ratio[1h]{journey = \"${j}\"}.grouping().mean() > ${t} && journey_error_ratio[5m]{journey = \"${j}\"}.grouping().mean() > ${t}"
      summary = "Guests' ${j} requests fail (5xx) 14.4x faster than the 30-day error budget allows, over 1 h and 5 m."
    } },
    { for j, t in local.latency_burn : "SLOLatencyFastBurn-${j}" => {
      alert   = "SLOLatencyFastBurn", role = "", pending = "PT2M", per_dimension = false
      query   = "journey_slow_ratio[1h]{journey = \"${j}\"}.grouping().mean() > ${t} && journey_slow_ratio[5m]{journey = \"${j}\"}.grouping().mean() > ${t}"
      summary = "Guests' ${j} requests are slower than the journey's threshold 14.4x more often than the budget allows, over 1 h and 5 m."
    } },
    {
      # Prometheus: the share of time the oldest item is older than 5 min, over 1 h and 5 m, >
      # 14.4 × 1 % = 14.4 %. Here: over 1 h, more than 14.4 % of the per-minute values exceed
      # 300 s exactly when their 85.6th percentile does; over 5 m (5 values) "more than 14.4 %"
      # is "any", so the max. Several relays post the same database value, so the share holds.
      OutboxLagFastBurn = {
        alert   = "OutboxLagFastBurn", role = "", pending = "PT2M", per_dimension = true
        query   = "outbox_oldest_pending_seconds[1h]{outbox != \"webhooks\"}.groupBy(outbox).percentile(0.856) > 300 && outbox_oldest_pending_seconds[5m]{outbox != \"webhooks\"}.groupBy(outbox).max() > 300"
        summary = "Emails or booking events have waited in the outbox for more than 5 minutes for much of the last hour."
      }
    },
  )
}

resource "oci_monitoring_alarm" "page" {
  for_each              = local.page_alarms
  compartment_id        = var.compartment_ocid
  metric_compartment_id = var.compartment_ocid
  namespace             = var.monitoring_namespace
  display_name          = "${var.name} ${each.key}"
  query                 = each.value.query
  resolution            = "1m"
  severity              = "CRITICAL"
  pending_duration      = each.value.pending
  is_enabled            = var.alarms_enabled
  destinations          = [oci_ons_notification_topic.alerts.id]
  message_format        = "ONS_OPTIMIZED"
  # Alarms grouped by role/track/outbox/instance notify once per firing group.
  is_notifications_per_metric_dimension_enabled = each.value.per_dimension
  repeat_notification_duration                  = var.alarm_repeat_duration
  body = "${each.value.summary} Runbook: ${local.runbook}${lower(each.value.alert)} (Prometheus alert ${each.value.alert}, severity page)."
  freeform_tags = merge(
    { vs_alert = each.value.alert, vs_severity = "page" },
    each.value.role == "" ? {} : { vs_role = each.value.role },
  )
}
