#!/usr/bin/env bash
# Odoo on http://127.0.0.1:8069 (HTTP_PORT overrides) on the demo database.
. "$(dirname "$0")/env.sh"
DB=${DB:-$DEMO_DB}
PORT=${HTTP_PORT:-8069}
bash "$ROOT/setup/install.sh"
bash "$ROOT/setup/wkhtmltopdf.sh"
bash "$ROOT/setup/pg.sh" start
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" \
    | grep -q 1 || die "database $DB does not exist. Fix: run 'make demo' first."
check_db_series "$DB"
bash "$ROOT/setup/lessc.sh"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already in use. Fix: stop the other server, or HTTP_PORT=<free port> make serve"
fi
say "Odoo $SERIES.0 on http://127.0.0.1:$PORT (database $DB, login admin / admin); Ctrl-C stops it"
HTTP_PORT=$PORT exec bash "$ROOT/setup/odoo.sh" server -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" \
    --log-level="${ODOO_LOG_LEVEL:-info}"
