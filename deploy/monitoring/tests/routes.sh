#!/bin/sh
# Routing tests for alertmanager/alertmanager.yml: each line gives an alert's labels and the
# receivers it must reach (amtool prints them comma-separated, in route order). Fails on any
# mismatch. Run from anywhere: sh deploy/monitoring/tests/routes.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
config="$here/../alertmanager/alertmanager.yml"
amtool=${AMTOOL:-amtool}
failures=0

expect() {
    want=$1
    shift
    got=$("$amtool" config routes test --config.file="$config" "$@" 2>/dev/null) || true
    if [ "$got" = "$want" ]; then
        echo "ok   $* -> $got"
    else
        echo "FAIL $* -> got '$got', want '$want'"
        failures=$((failures + 1))
    fi
}

# Pages reach the on-call mailbox and the OCI Notifications bridge.
expect page-email,page-oci-notifications alertname=RoleDown severity=page role=bookings track=stable
expect page-email,page-oci-notifications alertname=SLOAvailabilityFastBurn severity=page journey=booking slo=availability
expect page-email,page-oci-notifications alertname=OutboxLagFastBurn severity=page outbox=emails
expect page-email,page-oci-notifications alertname=CanaryWorseThanStable severity=page role=web track=canary
expect page-email,page-oci-notifications alertname=DatabaseUnreachable severity=page
expect page-email,page-oci-notifications alertname=CertificateExpiresVerySoon severity=page instance=smtp.example:587 endpoint=email-delivery
# Tickets, and anything without a severity, wait for the daily digest.
expect digest-email alertname=InstanceDown severity=ticket role=web instance=w1
expect digest-email alertname=SLOLatencySlowBurn severity=ticket journey=search slo=latency
expect digest-email alertname=OutboxParked severity=ticket outbox=webhooks
expect digest-email alertname=CertificateExpiresSoon severity=ticket instance=smtp.example:587 endpoint=email-delivery
expect digest-email alertname=ProbeFailing severity=ticket instance=smtp.example:587 module=smtp_starttls
expect digest-email alertname=SomethingNew
expect digest-email alertname=Odd severity=info

if [ "$failures" -ne 0 ]; then
    echo "routes.sh: $failures routing test(s) failed" >&2
    exit 1
fi
echo "routes.sh: all routing tests passed"
