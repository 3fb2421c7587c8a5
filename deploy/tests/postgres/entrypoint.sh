#!/bin/bash
# Makes the cluster on first start (PGDATA is an emptyDir in the rehearsal), then runs the server
# in the foreground. Only PGDATA and /tmp are written: the root file system is read-only.
set -euo pipefail
data=${PGDATA:-/var/lib/postgresql/data}
bin=/usr/lib/postgresql/15/bin
sockets=/tmp
if [ ! -s "$data/PG_VERSION" ]; then
  "$bin/initdb" --pgdata "$data" --username postgres --auth trust --encoding UTF8 --locale C.UTF-8 >/dev/null
  printf "host all all 0.0.0.0/0 trust\nhost all all ::/0 trust\n" >> "$data/pg_hba.conf"
  "$bin/pg_ctl" --pgdata "$data" --wait start \
    --options "-c listen_addresses='' -c unix_socket_directories=$sockets" >/dev/null
  "$bin/psql" --host "$sockets" --username postgres --quiet --command "CREATE ROLE vision LOGIN"
  "$bin/psql" --host "$sockets" --username postgres --quiet --command "CREATE DATABASE vision OWNER vision"
  "$bin/pg_ctl" --pgdata "$data" --mode fast --wait stop >/dev/null
fi
exec "$bin/postgres" -D "$data" -c listen_addresses='*' -c port=5432 -c unix_socket_directories=$sockets "$@"
