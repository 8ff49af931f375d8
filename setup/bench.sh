#!/usr/bin/env bash
# The scale benchmark (issue 8), Odoo 11.0: a fresh database with crm_lifecycle and the
# generic chart of accounts (no demo data), a seeded three-year ERP history bulk-loaded
# with COPY (tests/bench/generate.py), then the measurements (tests/bench/run.py).
#   BENCH_ORDERS   confirmed sale orders (default 20000, a few minutes; 1000000 = the full
#                  run, ~100k customers); customers = orders / 10
#   BENCH_SEED     the generator's seed (default 20261122)
#   BENCH_DB       database (default crm_lifecycle_bench; dropped and recreated)
#   BENCH_REUSE=1  keep an existing database generated with the same size and seed
#   BENCH_EXPLAIN=1  also write EXPLAIN ANALYZE of the engine's METRICS query to .work/bench/
# Progress goes to stderr; stdout ends with the result table and, as its last line, the
# JSON result object (also saved as .work/bench/result-<orders>.json). Not part of `make test`.
. "$(dirname "$0")/env.sh"
ORDERS=${BENCH_ORDERS:-20000}
SEED=${BENCH_SEED:-20261122}
DB=${BENCH_DB:-crm_lifecycle_bench}
[ "$SERIES" = 11 ] || die "the benchmark loads Odoo 11's own tables (account.invoice...). Fix: unset ODOO_SOURCE to run it on the bundled 11.0."
[[ "$ORDERS" =~ ^[0-9]+$ ]] && [ "$ORDERS" -ge 1000 ] || die "BENCH_ORDERS must be a number of orders >= 1000, got '$ORDERS'."
bash "$ROOT/setup/install.sh"
bash "$ROOT/setup/pg.sh" start
bash "$ROOT/setup/odoo.sh" --config-only
t0=$SECONDS
elapsed() { local s=$((SECONDS - t0)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
sql() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$1" -Atc "$2" 2>/dev/null; }
OUT=$WORK/bench
mkdir -p "$OUT"

reuse=0
if [ "${BENCH_REUSE:-0}" = 1 ] && [ "$(sql postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ]; then
    params=$(sql "$DB" "SELECT value FROM ir_config_parameter WHERE key = 'crm_lifecycle.bench'" || true)
    if grep -q "\"orders_requested\": $ORDERS," <<<"$params" && grep -q "\"seed\": $SEED[,}]" <<<"$params"; then
        reuse=1
        say "reusing $DB ($ORDERS orders, seed $SEED; earlier measurements have changed it a little); updating crm_lifecycle"
        # the code may have changed since the database was made: bring its schema along
        bash "$ROOT/setup/odoo.sh" -d "$DB" -u crm_lifecycle --stop-after-init --no-http 2>&1 \
            | grep -vE "Unmet dependencies|Running as user .root.|module test_exceptions: module not found|YAMLLoadWarning|yaml\.load\(yaml_string\)|should not have explicit access rules|^$" >&2 \
            || true
    fi
fi

if [ "$reuse" = 0 ]; then
    say "creating $DB on Odoo 11.0: crm_lifecycle + l10n_generic_coa, no demo data (1-2 min)"
    dropdb --if-exists --force -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$DB" \
        || die "could not drop $DB (is something using it?)."
    rm -rf "$WORK/filestore/filestore/$DB"
    # Odoo 11 installs no chart of accounts with `account` alone: the generic one comes along.
    bash "$ROOT/setup/odoo.sh" -d "$DB" -i crm_lifecycle,l10n_generic_coa --without-demo=all \
        --stop-after-init --no-http 2>&1 \
        | grep -vE "Unmet dependencies|Running as user .root.|module test_exceptions: module not found|YAMLLoadWarning|yaml\.load\(yaml_string\)|should not have explicit access rules|^$" >&2 \
        || true
    [ "$(sql "$DB" "SELECT count(*) FROM ir_module_module WHERE name = 'crm_lifecycle' AND state = 'installed'")" = 1 ] \
        || die "installing crm_lifecycle into $DB failed (see the log above)."
    [ "$(sql "$DB" "SELECT count(*) FROM account_account")" != 0 ] \
        || die "$DB has no chart of accounts after installing l10n_generic_coa."
    say "database ready ($(elapsed)); generating $ORDERS orders (seed $SEED)"
    "$PY" "$ROOT/tests/bench/generate.py" --conf "$CONF" --db "$DB" --orders "$ORDERS" --seed "$SEED" \
        || die "the generator failed (see above)."
    sync  # the loaded files reach the disk before anything is timed
fi

say "measuring ($(elapsed) so far)"
explain=()
[ "${BENCH_EXPLAIN:-0}" = 1 ] && explain=(--explain "$OUT")
"$PY" "$ROOT/tests/bench/run.py" --conf "$CONF" --db "$DB" --json "$OUT/result-$ORDERS.json" "${explain[@]}" \
    || die "the measurements failed (see above)."
