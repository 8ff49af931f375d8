# Sourced: finds the interpreter the series needs and sets BASE_PY, or dies saying how to get one.
# Each series accepts a range of Python versions (Odoo's own MIN/MAX_PY_VERSION); the first
# one listed is the one the project tests the series with, so it is preferred.
python_versions() {
    case "$1" in
        11) echo "3.7" ;;
        17) echo "3.11 3.12 3.10" ;;
        18) echo "3.12 3.11 3.10" ;;
        19) echo "3.12 3.13 3.11 3.10" ;;
        *) die "no Python is known for Odoo $1.0." ;;
    esac
}

# The interpreters that claim to be Python $1 (X.Y): on PATH, then every pyenv install of it
# (pyenv's shims on PATH answer only for the selected version, so ask pyenv directly too).
python_candidates() {
    local v=$1 root
    echo "python$v"
    root=$(pyenv root 2>/dev/null) || root=${PYENV_ROOT:-$HOME/.pyenv}
    ls -d "$root"/versions/"$v".*/bin/python"$v" 2>/dev/null | sort -V -r
}

find_python() {
    local want=$1 v c
    for v in $(python_versions "$want"); do
        while read -r c; do
            [ -n "$c" ] || continue
            if command -v "$c" >/dev/null 2>&1 \
                && "$c" -c "import sys, venv; assert '%d.%d' % sys.version_info[:2] == '$v'" 2>/dev/null; then
                BASE_PY=$(command -v "$c"); return 0
            fi
        done < <(python_candidates "$v")
    done
    local list
    list=$(python_versions "$want" | sed 's/ /, /g')
    die "Odoo $want.0 needs Python $list (any of them), none found. Fix: 'pyenv install $(python_versions "$want" | cut -d' ' -f1)' (or your distribution's python$(python_versions "$want" | cut -d' ' -f1) with its venv module), then rerun."
}
