#!/usr/bin/env bash
# `make lint`: ruff (pyflakes, pycodestyle, isort in Odoo's section order, bugbear,
# super() without arguments) over every Python file of the checkout, then pylint-odoo's
# Odoo checks over the three addons. Configuration: ruff.toml and .pylintrc at the top.
# Exits non-zero on any finding. `--fix` (make lint-fix) first applies ruff's automatic
# fixes, then reports what is left.
# The tools live in their own small virtualenv ($WORK/venv-lint, pinned by
# setup/requirements-lint.txt), built on first use and reused while the pins are unchanged.
unset ODOO_SOURCE  # the linters do not depend on the Odoo series
. "$(dirname "$0")/env.sh"
. "$ROOT/setup/python.sh"

fix=()
case "${1:-}" in
    "") ;;
    --fix) fix=(--fix) ;;
    *) die "usage: setup/lint.sh [--fix]" ;;
esac

LINT_VENV=$WORK/venv-lint
mkdir -p "$WORK" || die "cannot create $WORK. Fix: make the checkout writable."
stamp=$(cat "$ROOT/setup/lint.sh" "$ROOT/setup/requirements-lint.txt" | sha1sum | cut -c1-40)
exec 9>"$WORK/.install-lint.lock"
flock 9
if [ ! -x "$LINT_VENV/bin/ruff" ] || [ "$(cat "$LINT_VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
    find_python 17  # any Python the tools run on; the code is checked as Python 3.7 (ruff.toml)
    say "building the lint environment in $LINT_VENV (Python: $BASE_PY)"
    rm -rf "$LINT_VENV"
    "$BASE_PY" -m venv "$LINT_VENV" || die "could not create a virtualenv with $BASE_PY. Fix: install its venv module (e.g. apt-get install python3-venv)."
    "$LINT_VENV/bin/python" -m pip --disable-pip-version-check -q install --no-deps \
        -r "$ROOT/setup/requirements-lint.txt" 2>&1 | grep -v 'is ignored: it is neither' || true
    "$LINT_VENV/bin/python" -c 'import pylint_odoo' && [ -x "$LINT_VENV/bin/ruff" ] \
        || die "the lint tools did not install (see pip's messages above). Fix: rerun 'make lint'."
    echo "$stamp" > "$LINT_VENV/.stamp"
fi
exec 9>&-

cd "$ROOT"
rc=0
say "ruff"
"$LINT_VENV/bin/ruff" check "${fix[@]}" . || rc=1
say "pylint-odoo"
"$LINT_VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" \
    crm_lifecycle crm_lifecycle_survey crm_lifecycle_report || rc=1
[ "$rc" = 0 ] && say "lint: no finding"
exit "$rc"
