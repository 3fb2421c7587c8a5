#!/bin/bash
# Screenshot of /admin/events as a platform admin sees it: the SSR page with the site's CSS.
set -e
D=/tmp/events-shot; rm -rf $D; mkdir -p $D
BIN=/work/wt-events/target/debug/vision-stays
PORT=39181
VS_DEMO_PASSWORD=vision-stays-demo $BIN serve --addr 127.0.0.1:$PORT --metrics-addr 127.0.0.1:0 --data-dir $D/data --demo-data > $D/server.log 2>&1 &
PID=$!
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.3; done
DB=$D/data/vision-stays.db
H1=$(sqlite3 $DB "SELECT id FROM hotels ORDER BY id LIMIT 1"); N1=$(sqlite3 $DB "SELECT name FROM hotels WHERE id=$H1")
H2=$(sqlite3 $DB "SELECT id FROM hotels ORDER BY id LIMIT 1 OFFSET 1"); N2=$(sqlite3 $DB "SELECT name FROM hotels WHERE id=$H2")
sqlite3 $DB <<SQL
INSERT INTO booking_events (event_id, hotel_id, seq, booking_reference, hotel_name, type, document, created_at, stream_status, stream_attempts, stream_last_error, stream_last_attempt_at, parked_at)
VALUES ('5b7e0c52-0d43-4d0b-a2f4-3f1f0c1d2e01', $H1, 1, 'VS-7K2M9Q', '$N1', 'com.visionstays.booking.created.v1', '{}', '2026-12-04T07:40:02.118Z', 'parked', 12,
        'MessageRejected: the message was refused by the stream', '2026-12-04T07:58:41.530Z', '2026-12-04T07:58:41.530Z'),
       ('5b7e0c52-0d43-4d0b-a2f4-3f1f0c1d2e02', $H2, 1, 'VS-P4X8TR', '$N2', 'com.visionstays.booking.checked_out.v1', '{}', '2026-12-04T07:41:10.002Z', 'parked', 12,
        'OCI PutMessages failed: HTTP 400 InvalidParameter: key too long (opc-request-id 7F2C)', '2026-12-04T07:59:03.907Z', '2026-12-04T07:59:03.907Z');
INSERT INTO admin_alerts (hotel_id, booking_reference, hotel_name, kind, topic_id, title, body, status, attempts, next_attempt_at, created_at, last_error, last_attempt_at, parked_at)
VALUES ($H1, 'VS-7K2M9Q', '$N1', 'admin_new_booking', 'ocid1.onstopic.oc1.phx.example', 'New booking', 'body', 'parked', 12, '2026-12-04T07:40:02.118Z', '2026-12-04T07:40:02.118Z',
        'OCI PublishMessage failed: HTTP 404 NotAuthorizedOrNotFound: topic not found (opc-request-id 9A1B)', '2026-12-04T08:00:12.004Z', '2026-12-04T08:00:12.004Z');
SQL
J=$D/jar
curl -s -c $J -b $J -o /dev/null -H "Origin: http://127.0.0.1:$PORT" -d "email=admin%40visionstays.test&password=vision-stays-demo&next=%2Fadmin" http://127.0.0.1:$PORT/signin
curl -s -c $J -b $J http://127.0.0.1:$PORT/admin/events > $D/page.html
# Retry the second one (as the form does) to show the notice too.
ID=$(sqlite3 $DB "SELECT id FROM booking_events WHERE booking_reference='VS-P4X8TR'")
curl -s -c $J -b $J -o /dev/null -X POST -H "Origin: http://127.0.0.1:$PORT" http://127.0.0.1:$PORT/admin/events/stream/$ID/retry
curl -s -c $J -b $J http://127.0.0.1:$PORT/admin/events > $D/after.html
kill $PID
for f in page after; do
  sed -e 's#href="/pkg/vision-stays-admin.css"#href="file:///work/wt-events/style/admin.css"#' \
      -e 's#href="/pkg/vision-stays.css"#href="file:///work/wt-events/style/main.css"#' \
      -e 's#<script[^>]*>[^<]*</script>##g' $D/$f.html > $D/$f-local.html
  /usr/bin/chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --screenshot=$D/$f.png --window-size=1280,900 file://$D/$f-local.html 2>/dev/null
done
ls -la $D/*.png
grep -o "Parked events" $D/page.html | head -1
