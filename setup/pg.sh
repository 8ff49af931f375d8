#!/usr/bin/env bash
# A private PostgreSQL cluster under .work/pg: our own port, TCP on loopback only, trust
# auth, never the system service. PostgreSQL refuses to run as root, so under root the
# cluster belongs to an unprivileged system user created for it.
. "$(dirname "$0")/env.sh"

PGBIN=${PGBIN:-}
if [ -z "$PGBIN" ]; then
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/1[6-9]/bin; do
        [ -x "$d/pg_ctl" ] && PGBIN=$d && break
    done
fi
ensure_binaries() {
    [ -n "$PGBIN" ] && return 0
    [ "$(id -u)" = 0 ] || die "PostgreSQL 15 is not installed. Fix: sudo apt-get install postgresql-15 (or set PGBIN to its bin folder)."
    say "installing PostgreSQL 15 from Debian"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null; } \
        || die "PostgreSQL 15 could not be installed with apt-get. Fix: install postgresql-15 by hand, or set PGBIN."
    PGBIN=/usr/lib/postgresql/15/bin
}

RUNAS=()
if [ "$(id -u)" = 0 ]; then
    OWNER=crm_lifecycle_pg
    id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER" \
        || die "cannot create the unprivileged user $OWNER for PostgreSQL."
    RUNAS=(runuser -u "$OWNER" --)
    # A checkout the owner cannot enter (root's home, a mktemp -d folder: mode 0700): the
    # cluster lives in a folder of the owner's instead, one per checkout (keyed by its
    # .work path), so that two checkouts never share one by accident.
    if ! "${RUNAS[@]}" test -x "$WORK" 2>/dev/null || ! "${RUNAS[@]}" test -x "$ROOT" 2>/dev/null; then
        key=$(printf '%s' "$WORK" | sha1sum | cut -c1-12)
        CLUSTER=/var/lib/crm_lifecycle_pg/$key
        mkdir -p "$CLUSTER" && chown "$OWNER" /var/lib/crm_lifecycle_pg "$CLUSTER" \
            || die "cannot create $CLUSTER for the PostgreSQL cluster."
        chmod 0700 "$CLUSTER"
        PGDATA=$CLUSTER/data
        PGLOG=$CLUSTER/server.log
        echo "$WORK" > "$CLUSTER/checkout"
    fi
fi
pgc() { "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" "$@"; }
running() { [ -n "$PGBIN" ] && pgc status >/dev/null 2>&1; }

start() {
    ensure_binaries
    running && return 0
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        rm -rf "$PGDATA"; mkdir -p "$PGDATA"
        [ "$(id -u)" = 0 ] && chown -R "$OWNER" "$(dirname "$PGDATA")"
        "${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
            || die "initdb failed in $PGDATA."
    fi
    rm -f "$PGDATA/postmaster.pid"   # a crashed run may leave it behind; pg_ctl status said not running
    if (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; then
        die "port $PGPORT is already in use by another program. Fix: PGPORT=<free port> make ..."
    fi
    pgc -l "$PGLOG" -w -t 60 start -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=256MB" >/dev/null \
        || { tail -5 "$PGLOG" >&2; die "PostgreSQL did not start (log: $PGLOG)."; }
}
stop() { running && pgc -w -m fast stop >/dev/null; return 0; }

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) running && echo "running on 127.0.0.1:$PGPORT" || echo "stopped" ;;
    data) echo "$PGDATA" ;;
    clean) stop; [ -n "${CLUSTER:-}" ] && rm -rf "$CLUSTER"; rm -rf "$WORK/pg" ;;
    *) die "usage: setup/pg.sh start|stop|status|data|clean" ;;
esac
