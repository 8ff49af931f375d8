#!/usr/bin/env bash
# Runs the selected Odoo with the project's generated configuration: `setup/odoo.sh ARGS...`.
. "$(dirname "$0")/env.sh"
bash "$ROOT/setup/install.sh"
bash "$ROOT/setup/pg.sh" start

paths=$ROOT,$ADDONS_EXTRA/odoo/addons
if [ "$SERIES" = 11 ]; then
    paths=$paths,$("$PY" -c 'import os, odoo.addons; print(os.path.dirname(odoo.addons.__file__))')
else
    paths=$paths,$ODOO_SOURCE/odoo/addons
    # a tree's top-level addons/ counts when it holds modules (19's snapshot ships it empty)
    if compgen -G "$ODOO_SOURCE/addons/*/__manifest__.py" >/dev/null; then paths=$paths,$ODOO_SOURCE/addons; fi
fi
mkdir -p "$WORK/filestore"
cat > "$CONF" <<CONF
[options]
addons_path = $paths
data_dir = $WORK/filestore
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
list_db = True
http_interface = 127.0.0.1
http_port = ${HTTP_PORT:-8069}
limit_time_cpu = 3600
limit_time_real = 7200
log_level = ${ODOO_LOG_LEVEL:-warn}
CONF
[ "${1:-}" = "--config-only" ] && exit 0
# Odoo takes its sub-command (shell, server...) first, then options. As odoo-bin does: the
# server's timezone is UTC (11 and 17 set it on import, 18 and 19 in odoo-bin), and
# odoo.cli imported by name (19 no longer imports it with odoo).
cmd=()
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then cmd=("$1"); shift; fi
TZ=UTC exec "$PY" -c 'import odoo.cli; odoo.cli.main()' "${cmd[@]}" -c "$CONF" "$@"
