#!/usr/bin/env bash
# Installs or upgrades Vision Stays' web front end on a VM: new release, atomic `current` flip, rolling restart with rollback.
#
#   install.sh /path/to/vision-stays [VERSION]
#
# 1. copies the binary to /opt/vision-stays/releases/<VERSION>/ and checks that it runs;
# 2. installs the kit beside this script (systemd units, nginx site) where they changed;
# 3. points /opt/vision-stays/current at the release (ln -sfn to a temp name + mv -T: atomic);
# 4. first install: enables and starts both instances and nginx. Upgrade: restarts the instances
#    ONE AT A TIME while the other serves: each is first taken out of nginx (`down` + reload,
#    so no request is on its way to it when it gets SIGTERM), restarted, waited for until
#    `vision-stays healthcheck` says ready, and put back. If one does not become ready, `current` goes back
#    to the previous release, the instances already restarted are restarted on it, exit 1;
# 5. keeps the last KEEP_RELEASES releases.
# VERSION defaults to the binary's version plus a UTC timestamp, so each upload is its own release.
#
# Overrides for rehearsals (defaults are the real system): PREFIX (a root to install under),
# SYSTEMCTL, NGINX, VS_WEB_PORTS ("8081 8082"), VS_METRICS_PORT_BASE (9464: instance n gets
# base+n), HEALTH_TIMEOUT_SECS (90), DRAIN_TIMEOUT_SECS (40), KEEP_RELEASES (3).
set -euo pipefail

PREFIX=${PREFIX:-}
SYSTEMCTL=${SYSTEMCTL:-systemctl}
NGINX=${NGINX:-nginx}
VS_WEB_PORTS=${VS_WEB_PORTS:-8081 8082}
VS_METRICS_PORT_BASE=${VS_METRICS_PORT_BASE:-9464}
HEALTH_TIMEOUT_SECS=${HEALTH_TIMEOUT_SECS:-90}
DRAIN_TIMEOUT_SECS=${DRAIN_TIMEOUT_SECS:-40}
KEEP_RELEASES=${KEEP_RELEASES:-3}

KIT=$(cd "$(dirname "$0")" && pwd)
BASE=$PREFIX/opt/vision-stays
ETC=$PREFIX/etc/vision-stays
UNITS=$PREFIX/etc/systemd/system
NGINX_ETC=$PREFIX/etc/nginx

log() { printf '%s install.sh: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then die "usage: install.sh /path/to/vision-stays [VERSION]"; fi
new_bin=$1
if [ ! -f "$new_bin" ] || [ ! -x "$new_bin" ]; then die "$new_bin is not an executable file"; fi
if [ -z "$PREFIX" ] && [ "$(id -u)" -ne 0 ]; then die "run as root (or set PREFIX for a trial)"; fi
[ -f "$ETC/web.env" ] || die "$ETC/web.env is missing (cloud-init writes it: services URL, public URL, vault references)"

version=${2:-$("$new_bin" --version | awk '{print $NF}')-$(date -u +%Y%m%dT%H%M%SZ)}
case $version in
  '' | *[!A-Za-z0-9._+-]*) die "version '$version' may only hold letters, digits and . _ + -" ;;
esac

# --- 1. the release --------------------------------------------------------------------------
release=$BASE/releases/$version
mkdir -p "$BASE/releases"
if [ -e "$release/vision-stays" ]; then
  # Re-running the same install (cloud-init retry) is fine; reusing a version for another binary is not.
  cmp -s "$new_bin" "$release/vision-stays" || die "release $version exists with a different binary"
  log "release $version already present"
else
  mkdir -p "$release"
  install -m 0755 "$new_bin" "$release/.vision-stays.tmp"
  mv -f "$release/.vision-stays.tmp" "$release/vision-stays"
  log "copied $new_bin to $release"
fi
"$release/vision-stays" --version >/dev/null || die "$release/vision-stays does not run"
"$release/vision-stays" healthcheck --help >/dev/null || die "$release/vision-stays has no healthcheck"

# --- 2. the kit: units and nginx site (only where they changed) -------------------------------
# put SRC DEST: copies when different; prints the destination when it did.
put() {
  if ! cmp -s "$1" "$2"; then
    mkdir -p "$(dirname "$2")"
    install -m 0644 "$1" "$2.tmp" && mv -f "$2.tmp" "$2"
    echo "$2"
  fi
}
# The instances' JSON logs (the units append to them; the unified monitoring agent tails them)
# and their rotation. Root-only directory: systemd opens the files as root for the instances.
mkdir -p "$PREFIX/var/log/vision-stays"
chmod 0750 "$PREFIX/var/log/vision-stays"
put "$KIT/logrotate/vision-stays" "$PREFIX/etc/logrotate.d/vision-stays" >/dev/null
units_changed=$(
  put "$KIT/systemd/vision-stays-web@.service" "$UNITS/vision-stays-web@.service"
  put "$KIT/systemd/vision-stays-web.target" "$UNITS/vision-stays-web.target"
)
nginx_changed=$(
  put "$KIT/nginx/vision-stays.conf" "$NGINX_ETC/conf.d/vision-stays.conf"
  put "$KIT/nginx/vision-stays/upstream.conf" "$NGINX_ETC/vision-stays/upstream.conf"
  put "$KIT/nginx/vision-stays/site.conf" "$NGINX_ETC/vision-stays/site.conf"
  # Per VM (cloud-init writes the LB subnet): only the first time.
  [ -e "$NGINX_ETC/vision-stays/trusted-lb.conf" ] ||
    put "$KIT/nginx/vision-stays/trusted-lb.conf" "$NGINX_ETC/vision-stays/trusted-lb.conf"
)
# Each instance's own metrics port (two processes cannot share one), written once.
n=0
for port in $VS_WEB_PORTS; do
  f=$ETC/web-$port.env
  if [ ! -e "$f" ]; then
    printf '# Settings of vision-stays-web@%s only (install.sh)\nVS_METRICS_ADDR=127.0.0.1:%s\n' \
      "$port" "$((VS_METRICS_PORT_BASE + n))" >"$f"
    log "wrote $f"
  fi
  n=$((n + 1))
done
[ -z "$units_changed" ] || { log "units changed: $(echo "$units_changed" | tr '\n' ' ')"; $SYSTEMCTL daemon-reload; }

# Before the flip: a site nginx refuses stops the install while the old release still runs.
if [ -n "$nginx_changed" ]; then
  log "nginx site changed: $(echo "$nginx_changed" | tr '\n' ' ')"
  $NGINX -t -q || { log "nginx -t failed; the site files above need fixing"; exit 1; }
  if $SYSTEMCTL is-active --quiet nginx.service; then $SYSTEMCTL reload nginx.service; fi
fi

# --- 3. the atomic flip ------------------------------------------------------------------------
previous=$(readlink "$BASE/current" 2>/dev/null || true)
flip() { # flip RELATIVE_TARGET
  ln -sfn "$1" "$BASE/.current.tmp"
  mv -T "$BASE/.current.tmp" "$BASE/current"
  log "current -> $1"
}
flip "releases/$version"

# --- 4. start or roll --------------------------------------------------------------------------
# The health checker is the running (previous) release's binary when there is one: a new
# release that is broken must not also be the judge of the instances that still work.
checker=$release/vision-stays
if [ -n "$previous" ] && [ -x "$BASE/$previous/vision-stays" ]; then checker=$BASE/$previous/vision-stays; fi
ready() { "$checker" healthcheck --addr "127.0.0.1:$1" --timeout-secs 2 >/dev/null 2>&1; }
healthy() { # healthy PORT: bounded wait until the instance on PORT is ready
  local port=$1 deadline=$((SECONDS + HEALTH_TIMEOUT_SECS))
  while [ $SECONDS -lt $deadline ]; do
    if ready "$port"; then return 0; fi
    # A unit that failed (crash loop, bad config) will not become ready: stop waiting.
    if $SYSTEMCTL is-failed --quiet "vision-stays-web@$port.service"; then return 1; fi
    sleep 0.5
  done
  return 1
}

# nginx_route PORT down|up: takes an instance out of nginx's upstream or puts it back (reload).
# Why not just rely on the retry of refused connects: an instance that gets SIGTERM closes its
# idle keep-alive connections and resets connections it accepted but had not read yet; nginx
# may already have written a request on one of those, and a POST written is never retried
# (rehearsal without this step: 2 upgrades of 3 lost one POST, 502). Out of the upstream first, nothing
# is on its way when the signal comes. The reload lets old workers finish what they carry.
upstream_conf=$NGINX_ETC/vision-stays/upstream.conf
nginx_route() {
  local port=$1 state=$2 deadline=$((SECONDS + DRAIN_TIMEOUT_SECS))
  if ! $SYSTEMCTL is-active --quiet nginx.service; then return 0; fi
  # Drop any `down` of this server, then add it back when going down: idempotent either way.
  local unmark="s/^([[:space:]]*server 127\\.0\\.0\\.1:$port( [^;]*)?) down;/\\1;/"
  local mark="s/^([[:space:]]*server 127\\.0\\.0\\.1:$port( [^;]*)?);/\\1 down;/"
  if [ "$state" = down ]; then
    sed -i -E -e "$unmark" -e "$mark" "$upstream_conf"
  else
    sed -i -E -e "$unmark" "$upstream_conf"
  fi
  $NGINX -t -q || die "nginx -t failed after marking 127.0.0.1:$port $state in $upstream_conf"
  $SYSTEMCTL reload nginx.service
  # Old workers exit once their requests are answered (bounded by proxy_read_timeout).
  sleep 0.2
  while pgrep -f 'nginx: worker process is shutting down' >/dev/null; do
    [ $SECONDS -lt $deadline ] || { log "old nginx workers still busy after ${DRAIN_TIMEOUT_SECS}s; going on"; break; }
    sleep 0.2
  done
}

first_install=yes
for port in $VS_WEB_PORTS; do
  if $SYSTEMCTL is-enabled --quiet "vision-stays-web@$port.service" 2>/dev/null; then first_install=no; fi
done

if [ "$first_install" = yes ]; then
  log "first install: enabling vision-stays-web.target, instances $VS_WEB_PORTS, nginx"
  units=()
  for port in $VS_WEB_PORTS; do units+=("vision-stays-web@$port.service"); done
  $SYSTEMCTL enable vision-stays-web.target "${units[@]}" nginx.service
  $SYSTEMCTL start "${units[@]}"
  for port in $VS_WEB_PORTS; do
    healthy "$port" || die "vision-stays-web@$port is not ready after ${HEALTH_TIMEOUT_SECS}s (journalctl -u vision-stays-web@$port)"
    log "vision-stays-web@$port ready"
  done
  $SYSTEMCTL start nginx.service
else
  # drain PORT: out of nginx, but only when the others can take the traffic (else no one to drain to).
  drain() {
    local p
    for p in $VS_WEB_PORTS; do
      if [ "$p" != "$1" ] && ! ready "$p"; then
        log "WARNING: 127.0.0.1:$p is not ready: restarting vision-stays-web@$1 without draining" >&2
        return 0
      fi
    done
    nginx_route "$1" down
    log "127.0.0.1:$1 out of nginx"
  }
  restarted=()
  for port in $VS_WEB_PORTS; do
    t0=$SECONDS
    drain "$port"
    log "restarting vision-stays-web@$port ($((SECONDS - t0))s)"
    $SYSTEMCTL restart "vision-stays-web@$port.service" || true
    if healthy "$port"; then
      nginx_route "$port" up
      log "vision-stays-web@$port ready on $version and back in nginx after $((SECONDS - t0))s"
      restarted+=("$port")
      continue
    fi
    log "vision-stays-web@$port is not ready on $version after $((SECONDS - t0))s: rolling back" >&2
    [ -n "$previous" ] || die "no previous release to roll back to"
    flip "$previous"
    # The failed instance is out of nginx already; the ones on the new release are drained first.
    for p in "${restarted[@]}" "$port"; do
      [ "$p" = "$port" ] || drain "$p"
      $SYSTEMCTL reset-failed "vision-stays-web@$p.service" 2>/dev/null || true
      $SYSTEMCTL restart "vision-stays-web@$p.service" || true
      if healthy "$p"; then
        nginx_route "$p" up
        log "vision-stays-web@$p back on $previous"
      else
        log "vision-stays-web@$p not ready on $previous either (journalctl -u vision-stays-web@$p)" >&2
      fi
    done
    # Gone, so that a fixed build can be installed again under the same version.
    rm -rf "${release:?}"
    die "upgrade to $version failed (release removed); running $previous"
  done
fi

# --- 5. prune: the newest KEEP_RELEASES (by install time), never current or previous ---------------
current_target=$(readlink "$BASE/current")
# shellcheck disable=SC2012 # release names are checked above: no spaces or newlines
ls -1t "$BASE/releases" | tail -n +"$((KEEP_RELEASES + 1))" | while read -r old; do
  case "releases/$old" in "$current_target" | "$previous") continue ;; esac
  rm -rf "${BASE:?}/releases/$old"
  log "removed old release $old"
done
log "done: $version is current (previous: ${previous:-none})"
