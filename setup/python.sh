# Sourced: finds the interpreter the series needs and sets BASE_PY, or dies saying how to get one.
find_python() {
    local want=$1 c
    if [ "$want" = 11 ]; then
        for c in python3.7 "$(pyenv prefix 3.7.16 2>/dev/null)/bin/python3.7" \
                 "$(pyenv root 2>/dev/null)"/versions/3.7*/bin/python3.7; do
            if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null; then
                BASE_PY=$(command -v "$c"); return 0
            fi
        done
        if PYENV_VERSION=$(pyenv versions --bare 2>/dev/null | grep '^3\.7' | tail -1) python3.7 -c '' 2>/dev/null; then
            BASE_PY=$(PYENV_VERSION=$(pyenv versions --bare | grep '^3\.7' | tail -1) pyenv which python3.7); return 0
        fi
        die "Odoo 11 needs Python 3.7, none found. Fix: 'pyenv install 3.7.16' (or your distribution's python3.7), then rerun."
    fi
    for c in python3.12 python3.11 python3.10 python3; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; assert (3, 10) <= sys.version_info[:2] <= (3, 12)' 2>/dev/null; then
            BASE_PY=$(command -v "$c"); return 0
        fi
    done
    die "Odoo $want needs Python 3.10 to 3.12, none found. Fix: install python3.11 (apt-get install python3.11 python3.11-venv)."
}
