# Sourced by every setup script: which Odoo stack the commands run on and where it lives.
# Default: Odoo 11.0 from PyPI on Python 3.7. ODOO_SOURCE=/path switches to that source tree
# (17.0, 18.0 or 19.0; the series is read from the tree's odoo/release.py).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${CRM_LIFECYCLE_WORK:-$ROOT/.work}
PGPORT=${PGPORT:-55432}
PGHOST=127.0.0.1
PGUSER=crm_lifecycle
ADDONS=${CRM_LIFECYCLE_ADDONS:-crm_lifecycle,crm_lifecycle_survey,crm_lifecycle_report}
DEMO_DB=${DEMO_DB:-crm_lifecycle_demo}

# The series a source tree may be (11.0 comes from PyPI, never from a tree).
SOURCE_SERIES="17 18 19"

die() { echo "crm_lifecycle: $*" >&2; exit 1; }
say() { echo "==> $*" >&2; }

if [ -n "${ODOO_SOURCE:-}" ]; then
    ODOO_SOURCE=$(cd "$ODOO_SOURCE" 2>/dev/null && pwd) \
        || die "ODOO_SOURCE does not exist. Fix: point it at the folder that holds odoo-bin."
    [ -f "$ODOO_SOURCE/odoo/release.py" ] \
        || die "$ODOO_SOURCE is not an Odoo source tree (no odoo/release.py). Fix: point ODOO_SOURCE at the folder that holds odoo-bin."
    SERIES=$(sed -n 's/^version_info = (\([0-9]*\),.*/\1/p' "$ODOO_SOURCE/odoo/release.py")
    case " $SOURCE_SERIES " in
        *" $SERIES "*) ;;
        *) die "Odoo ${SERIES:-?}.0 at $ODOO_SOURCE is not supported. Supported: 11.0 (bundled: unset ODOO_SOURCE), $(printf '%s.0 ' $SOURCE_SERIES | sed 's/ $//; s/ /, /g') (ODOO_SOURCE=<tree>). Fix: point ODOO_SOURCE at one of those trees." ;;
    esac
else
    SERIES=11
fi
VENV=$WORK/venv$SERIES
PY=$VENV/bin/python
ADDONS_EXTRA=$WORK/addons$SERIES        # third-party addons (OCA helpdesk_mgmt) from PyPI
CONF=${CRM_LIFECYCLE_CONF:-$WORK/odoo$SERIES.conf}  # one per checkout when several share $WORK
PGDATA=$WORK/pg/data
PGLOG=$WORK/pg/server.log
export PGPORT PGHOST PGUSER
# Debian's node-less (Odoo 11's stylesheet compiler, setup/lessc.sh) lives in /usr/share/nodejs,
# where a node not from Debian does not look.
[ "$SERIES" = 11 ] && export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs

# Refuse a database made by the other Odoo series (they share the cluster, not schemas).
check_db_series() {
    local db=$1 version
    version=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -Atc \
        "SELECT latest_version FROM ir_module_module WHERE name = 'base'" 2>/dev/null) || return 0
    case "$version" in
        ""|"$SERIES".*) return 0 ;;
        *) die "database $db belongs to Odoo ${version%%.*}.0, not $SERIES.0. Fix: DEMO_DB=<another name> (or DB=...), or drop it: dropdb -h $PGHOST -p $PGPORT -U $PGUSER $db" ;;
    esac
}
