#!/usr/bin/env bash
# The whole suite: a fresh throwaway database with the three addons (and Odoo's demo
# data, which gives a chart of accounts), then pytest + pytest-odoo over the addons'
# tests and tests/. Stops the cluster afterwards if this run started it.
. "$(dirname "$0")/env.sh"
DB=${TEST_DB:-crm_lifecycle_test}
bash "$ROOT/setup/install.sh"
bash "$ROOT/setup/fixtures.sh"
bash "$ROOT/setup/wkhtmltopdf.sh"
bash "$ROOT/setup/lessc.sh" || say "without lessc the browser check's screenshots on 11 come unstyled"
bash "$ROOT/setup/browser.sh"
# As root (the setup scripts, CI) chromium is installed above: the browser check must run.
[ "$(id -u)" = 0 ] && export CRM_LIFECYCLE_BROWSER_REQUIRED=${CRM_LIFECYCLE_BROWSER_REQUIRED:-1}
started=0
[ "$(bash "$ROOT/setup/pg.sh" status)" = stopped ] && started=1
bash "$ROOT/setup/pg.sh" start
MARGIN_DB=${DB}_margin
cleanup() {
    for db in "$DB" "$MARGIN_DB"; do
        dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db" 2>/dev/null || true
        rm -rf "$WORK/filestore/filestore/$db"
    done
    if [ "$started" = 1 ]; then bash "$ROOT/setup/pg.sh" stop; fi
}
trap cleanup EXIT
for db in "$DB" "$MARGIN_DB"; do dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db"; done
# Odoo's Email Marketing (mass_mailing) too where the series' addons path has it, so that
# the segments' mailing-list action is tested against the real lists and contacts; the
# addons themselves do not depend on it.
bash "$ROOT/setup/odoo.sh" --config-only
modules=$ADDONS
IFS=, read -ra addon_dirs <<< "$(sed -n 's/^addons_path = //p' "$CONF")"
has_addon() {
    for dir in "${addon_dirs[@]}"; do [ -f "$dir/$1/__manifest__.py" ] && return 0; done
    return 1
}
has_addon mass_mailing && modules=$modules,mass_mailing
say "installing $modules on Odoo $SERIES.0 (database $DB)"
t0=$SECONDS
demo=()
[ "$SERIES" -ge 19 ] && demo=(--with-demo)  # 19 no longer installs demo data by default
bash "$ROOT/setup/odoo.sh" -d "$DB" -i "$modules" "${demo[@]}" --stop-after-init --no-http \
    || die "installing the addons failed (see the log above)."
say "installed in $((SECONDS - t0)) s; running pytest"
cd "$ROOT"
set +e
TZ=UTC "$VENV/bin/python" -m pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" \
    crm_lifecycle crm_lifecycle_survey crm_lifecycle_report tests "$@"
rc=$?
set -e
[ "$rc" = 5 ] && die "pytest collected no test."
# With Odoo's Margins addon (sale_margin) the engine takes each order line's own cost: that
# path is tested on a copy of the database with sale_margin added (the whole suite expects
# the standard cost). Only for a run of the whole suite.
if [ $# = 0 ] && has_addon sale_margin; then
    say "installing sale_margin into a copy of $DB ($MARGIN_DB) for the line-cost tests"
    createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -T "$DB" "$MARGIN_DB" || die "copying $DB failed."
    bash "$ROOT/setup/odoo.sh" -d "$MARGIN_DB" -i sale_margin --stop-after-init --no-http \
        || die "installing sale_margin failed (see the log above)."
    set +e
    TZ=UTC "$VENV/bin/python" -m pytest -p no:cacheprovider --odoo-config="$CONF" \
        --odoo-database="$MARGIN_DB" crm_lifecycle/tests/test_margin_line_cost.py
    margin_rc=$?
    set -e
    [ "$rc" = 0 ] && rc=$margin_rc
fi
exit "$rc"
