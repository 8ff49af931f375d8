#!/usr/bin/env bash
# Odoo shell on the demo database. Piped input is run as a script with `env` bound, then
# committed: `echo "print(env['res.partner'].search_count([]))" | make shell`.
. "$(dirname "$0")/env.sh"
DB=${DB:-$DEMO_DB}
bash "$ROOT/setup/pg.sh" start
check_db_series "$DB"
if [ -t 0 ]; then
    exec bash "$ROOT/setup/odoo.sh" shell -d "$DB" --no-http
fi
script=$(mktemp); trap 'rm -f "$script"' EXIT
cat > "$script"
# The shell reads stdin as an interactive console; feed it an exec() of the script so that
# multi-line code keeps its structure, then commit; an exception exits non-zero.
printf 'try:\n    exec(compile(open("%s").read(), "<stdin>", "exec"))\nexcept BaseException:\n    import os, traceback; traceback.print_exc(); os._exit(1)\n\nenv.cr.commit()\n' "$script" \
    | bash "$ROOT/setup/odoo.sh" shell -d "$DB" --no-http
