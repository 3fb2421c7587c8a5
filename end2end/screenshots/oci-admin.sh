#!/bin/bash
# Screenshots of the OCI-era admin pages (parked events, webhooks), not a test: starts the OCI
# stand-in with hotel $1's stream messages refused and a demo server wired to it, then
# end2end/screenshots/oci-admin.mjs books at casa-do-tejo and shoots. Needs `cargo xtask build`.
set -e
S=${SHOTS:-/tmp/shots}; cd "$(dirname "$0")/../.."
pkill -f "oci_standin.py --port 39300" || true; pkill -f "127.0.0.1:39301" || true; sleep 0.5
rm -rf $S/data $S/standin; mkdir -p $S/data
PY=${VS_TEST_PYTHON:-target/test-venv/bin/python}
TEN=ocid1.tenancy.oc1..aaaashots; USR=ocid1.user.oc1..aaaashots
openssl genrsa -out $S/key.pem 2048 2>/dev/null; openssl rsa -in $S/key.pem -pubout -out $S/pub.pem 2>/dev/null
FP=$(openssl rsa -in $S/key.pem -pubout -outform DER 2>/dev/null | openssl md5 -c | awk '{print $2}')
printf '[DEFAULT]\nuser=%s\nfingerprint=%s\nkey_file=%s\ntenancy=%s\nregion=eu-frankfurt-1\n' $USR $FP $S/key.pem $TEN > $S/oci-config
STREAM=ocid1.stream.oc1.eu-frankfurt-1.shots; TOPIC=ocid1.onstopic.oc1.eu-frankfurt-1.shots
$PY server/tests/python/oci_standin.py --port 39300 --dir $S/standin --api-key "$TEN/$USR/$FP=$S/pub.pem" --stream $STREAM --topic $TOPIC --region eu-frankfurt-1 > $S/standin.log 2>&1 &
sleep 2
# The Lisbon hotel's stream messages are refused, so its events get parked.
curl -s -X POST http://127.0.0.1:39300/_standin/fail-messages -d '{"key":"'"$1"'","error":"MessageRejected"}'
VS_DEMO_PASSWORD=vision-stays-demo VS_OCI_AUTH=api-key VS_OCI_CONFIG_FILE=$S/oci-config \
VS_OCI_STREAMING_ENDPOINT=http://127.0.0.1:39300 VS_OCI_NOTIFICATIONS_ENDPOINT=http://127.0.0.1:39300 \
VS_OCI_STREAM_ID=$STREAM VS_OCI_TOPIC_ID=$TOPIC VS_EVENTS_MAX_ATTEMPTS=2 VS_EVENTS_RETRY_BASE_MS=200 \
VS_WEBHOOKS_ALLOW_PRIVATE=1 VS_WEBHOOKS_RETRY_BASE_MS=500 VS_WEBHOOKS_MAX_ATTEMPTS=3 \
target/debug/vision-stays serve --addr 127.0.0.1:39301 --metrics-addr 127.0.0.1:0 --data-dir $S/data --demo-data --public-url http://127.0.0.1:39301 > $S/server.log 2>&1 &
for i in $(seq 1 100); do curl -sf http://127.0.0.1:39301/readyz >/dev/null && break; sleep 0.3; done
echo ready
(cd end2end && node screenshots/oci-admin.mjs casa-do-tejo)
pkill -f "oci_standin.py --port 39300" || true; pkill -f "127.0.0.1:39301" || true
