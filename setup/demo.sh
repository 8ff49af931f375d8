#!/usr/bin/env bash
# The demo database ($DEMO_DB): created with the three addons (no Odoo demo data) and a
# seeded demo company with two years of ERP history, or updated if it exists; then the
# lifecycle computation and a summary. Rerunning only updates the addons (when their sources
# changed) and recomputes. DEMO_SIZE=small|default|large|<customers> sets the company's size.
. "$(dirname "$0")/env.sh"
DB=$DEMO_DB
bash "$ROOT/setup/install.sh"
bash "$ROOT/setup/pg.sh" start
t0=$SECONDS
elapsed() { local s=$((SECONDS - t0)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
sql() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$1" -Atc "$2" 2>/dev/null; }

# Odoo logs at warn level are silent for minutes: show module loading as progress,
# and drop the known noise of Odoo 11's module list (addons whose dependencies are not shipped).
odoo_progress() {
    bash "$ROOT/setup/odoo.sh" "$@" --log-handler=odoo.modules.loading:DEBUG 2>&1 \
        | awk '
            /Loading module|loading module/ {
                if (match($0, /\([0-9]+\/[0-9]+\)/)) {
                    split(substr($0, RSTART + 1, RLENGTH - 2), nm, "/")
                    if (nm[1] % 10 == 0 || nm[1] == nm[2]) { printf "    modules %s/%s\n", nm[1], nm[2]; fflush() }
                }
                next
            }
            /odoo\.modules\.loading: / && !/WARNING|ERROR|CRITICAL/ { next }
            /Unmet dependencies|Running as user .root.|module test_exceptions: module not found|YAMLLoadWarning|yaml\.load\(yaml_string\)|^$/ { next }
            { print; fflush() }'
}

# What the addons are made of: a database whose addons were installed or updated from the
# same sources skips the update (a rerun takes seconds, not a minute of module loading).
source_hash() {
    (cd "$ROOT" && printf '%s\n' "$SERIES" "$ADDONS" \
        && find ${ADDONS//,/ } -type f ! -name '*.pyc' ! -path '*/tests/*' -print0 | sort -z \
        | xargs -0 sha1sum) | sha1sum | cut -c1-16
}
SOURCE_KEY=crm_lifecycle.demo_source
source_of() { sql "$1" "SELECT value FROM ir_config_parameter WHERE key = '$SOURCE_KEY'" || true; }
mark_source() {
    sql "$1" "INSERT INTO ir_config_parameter (key, value) VALUES ('$SOURCE_KEY', '$HASH')
              ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" >/dev/null
}
exists() { [ "$(sql postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
copy_db() {  # copy_db FROM TO: the database and its filestore
    createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -T "$1" "$2" || return 1
    rm -rf "$WORK/filestore/filestore/$2"
    if [ -d "$WORK/filestore/filestore/$1" ]; then cp -a "$WORK/filestore/filestore/$1" "$WORK/filestore/filestore/$2"; fi
}
HASH=$(source_hash)
# A new demo database starts as a copy of this series' template: the addons installed with
# a chart of accounts and nothing else, kept from the first `make demo` of the checkout
# (installing the modules takes minutes; copying the template takes seconds). DEMO_TEMPLATE
# names another one: a checkout whose sources differ from the others' keeps its own, instead of
# remaking the shared one from its sources at every new database.
TEMPLATE=${DEMO_TEMPLATE:-crm_lifecycle_demo_template$SERIES}
fresh=""

check_db_series "$DB"
if ! exists "$DB"; then
    fresh=1
    if exists "$TEMPLATE"; then
        say "creating database $DB on Odoo $SERIES.0 from the template $TEMPLATE"
        copy_db "$TEMPLATE" "$DB" || die "copying $TEMPLATE to $DB failed. Fix: dropdb -h $PGHOST -p $PGPORT -U $PGUSER $TEMPLATE, then rerun."
    fi
fi
# Which of the addons the database already has installed.
installed=""
if exists "$DB"; then
    installed=$(sql "$DB" "SELECT name FROM ir_module_module WHERE state = 'installed'" || true)
fi
to_install=()
to_update=()
for addon in ${ADDONS//,/ }; do
    if grep -qx "$addon" <<<"$installed"; then to_update+=("$addon"); else to_install+=("$addon"); fi
done
args=()
[ ${#to_install[@]} -gt 0 ] && args+=(-i "$(IFS=,; echo "${to_install[*]}")")
[ ${#to_update[@]} -gt 0 ] && args+=(-u "$(IFS=,; echo "${to_update[*]}")")
if [ ${#to_install[@]} = 0 ] && [ "$(source_of "$DB")" = "$HASH" ]; then
    say "addons in $DB are up to date with the sources: no update"
else
    if [ -z "$installed" ]; then
        say "creating database $DB on Odoo $SERIES.0 with $ADDONS (a few minutes, once: later databases copy it)"
    else
        say "updating $DB on Odoo $SERIES.0: ${args[*]}"
    fi
    odoo_progress -d "$DB" "${args[@]}" --without-demo=all --stop-after-init --no-http \
        || die "installing/updating the addons in $DB failed (see the log above)."
fi
say "addons ready ($(elapsed))"

# Invoices need a chart of accounts: Odoo 17 loads its generic one with `account`; Odoo 11
# only does when a localisation module is installed.
if [ "$(sql "$DB" "SELECT count(*) FROM account_account")" = 0 ]; then
    say "no chart of accounts in $DB: installing the generic one"
    if [ "$SERIES" = 11 ]; then
        odoo_progress -d "$DB" -i l10n_generic_coa --without-demo=all --stop-after-init --no-http \
            || die "installing l10n_generic_coa failed (see the log above)."
    else
        echo 'env["account.chart.template"].try_loading("generic_coa", env.company, install_demo=False)' \
            | DB=$DB bash "$ROOT/setup/shell.sh" || die "loading the generic chart of accounts failed."
    fi
    [ "$(sql "$DB" "SELECT count(*) FROM account_account")" != 0 ] \
        || die "$DB still has no chart of accounts. Fix: install a localisation (l10n_*) module in it."
fi
mark_source "$DB"
if [ -n "$fresh" ] && [ "$(source_of "$TEMPLATE")" != "$HASH" ]; then
    # the template follows the sources: (re)made from this new database before its company
    say "keeping $DB as the template $TEMPLATE for the next new demo database"
    if exists "$TEMPLATE"; then dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$TEMPLATE" || true; fi
    copy_db "$DB" "$TEMPLATE" || say "could not make the template (the next new database installs again)"
fi

say "demo company (${DEMO_SIZE:-default} size; a few minutes the first time) and lifecycle computation"
DB=$DB bash "$ROOT/setup/shell.sh" < "$ROOT/setup/demo.py" 2>&1 \
    | sed -u -e "/Running as user 'root'/d" -e '/Unmet dependencies/d' \
    || die "the demo script failed (see the traceback above)."
say "done in $(elapsed)"
serve="make serve"
[ "$DB" != crm_lifecycle_demo ] && serve="DEMO_DB=$DB $serve"
[ -n "${ODOO_SOURCE:-}" ] && serve="ODOO_SOURCE=$ODOO_SOURCE $serve"
cat >&2 <<EOF

To look at it:  $serve
then open http://127.0.0.1:8069, log in as admin / admin, and go to CRM > Lifecycle.
EOF
