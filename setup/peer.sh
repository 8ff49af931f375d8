#!/usr/bin/env bash
# Odoo's own tests of the modules the addons extend, on a database without the addons and
# on one with them: the two summaries must match (same passes, same failures), which says
# the addons cost the ERP's own flows nothing they check (query counts included).
#   make peer                         sale, sale_stock, crm, survey, account, helpdesk_mgmt
#   PEER_MODULES="sale crm" make peer  a subset
#   PEER_VARIANTS=with make peer       one side only (to rerun it after a change)
#   PEER_MODULES=account PEER_FILES="test_account_payment.py" make peer   some files only
. "$(dirname "$0")/env.sh"
MODULES=${PEER_MODULES:-sale sale_stock crm survey account helpdesk_mgmt}
bash "$ROOT/setup/install.sh"
bash "$ROOT/setup/odoo.sh" --config-only
bash "$ROOT/setup/pg.sh" start
odoo_addons=$("$PY" -c 'import os, odoo.addons.base as b; print(os.path.dirname(os.path.dirname(b.__file__)))')
dirs=()
for module in $MODULES; do
    for base in "$odoo_addons" "$ADDONS_EXTRA/odoo/addons" "${ODOO_SOURCE:-/nonexistent}/addons"; do
        if [ -d "$base/$module/tests" ]; then dirs+=("$base/$module/tests"); break; fi
    done
done
[ ${#dirs[@]} -gt 0 ] || die "no test folder found for: $MODULES"
# PEER_FILES="test_a.py test_b.py": only those files of the modules' test folders.
if [ -n "${PEER_FILES:-}" ]; then
    files=()
    for dir in "${dirs[@]}"; do
        for file in $PEER_FILES; do [ -f "$dir/$file" ] && files+=("$dir/$file"); done
    done
    [ ${#files[@]} -gt 0 ] || die "none of PEER_FILES ($PEER_FILES) is in the test folders of: $MODULES"
    dirs=("${files[@]}")
fi
deps=sale_management,sale_stock,crm,survey,account,helpdesk_mgmt
# Odoo 11's pytest-odoo stops on the folders above its addons (see setup/peer_collect.py).
plugins=()
[ "$SERIES" = 11 ] && plugins=(-p peer_collect)
status=0
for variant in ${PEER_VARIANTS:-without with}; do
    db=crm_lifecycle_peer_${SERIES}_$variant
    install=$deps
    [ "$variant" = with ] && install=$deps,$ADDONS
    dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db"
    say "Odoo $SERIES.0, $variant the addons: installing $install"
    bash "$ROOT/setup/odoo.sh" -d "$db" -i "$install" --stop-after-init --no-http >/dev/null 2>&1 \
        || die "installing $install failed"
    say "running Odoo's own tests of: $MODULES"
    (cd "$WORK" && PYTHONPATH="$ROOT/setup" "$PY" -m pytest -p no:cacheprovider "${plugins[@]}" -q --odoo-config="$CONF" --odoo-database="$db" \
        "${dirs[@]}" > "$WORK/peer-$SERIES-$variant.log" 2>&1; tail -n 1 "$WORK/peer-$SERIES-$variant.log" | sed "s/^/$variant the addons: /") | tee -a "$WORK/peer-$SERIES.txt" || status=1
    dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db"
done
exit $status
