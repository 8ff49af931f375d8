#!/usr/bin/env bash
# The browser check's tools (tests/test_browser.py): Debian's chromium, installed when it is
# missing and this runs as root, and Playwright's Python package in the series' environment,
# driving that chromium (never a browser of its own: nothing is downloaded but the package).
# Playwright 1.35 is the last release for Python 3.7 (Odoo 11); 17+ take a current one.
. "$(dirname "$0")/env.sh"
case "$SERIES" in
    11) PLAYWRIGHT=playwright==1.35.0 ;;
    *) PLAYWRIGHT=playwright==1.55.0 ;;
esac
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    if [ "$(id -u)" != 0 ]; then
        say "no chromium: the browser check will be skipped. Fix: sudo apt-get install chromium (or set CRM_LIFECYCLE_CHROMIUM)"
    else
        say "installing chromium (Debian) for the browser check"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
            || die "chromium could not be installed. Fix: apt-get install chromium, then rerun."
    fi
fi
# One install at a time per environment (two series' runs share nothing, two runs of one do).
exec 9>"$WORK/.browser-$SERIES.lock"
flock 9
if [ "$("$PY" -m pip --disable-pip-version-check show playwright 2>/dev/null | sed -n 's/^Version: //p')" != "${PLAYWRIGHT#*==}" ]; then
    say "installing $PLAYWRIGHT into $VENV (drives the system chromium)"
    "$PY" -m pip --disable-pip-version-check -q install "$PLAYWRIGHT" 2>&1 | grep -v 'is ignored: it is neither' || true
    "$PY" -c "import playwright.sync_api" || die "$PLAYWRIGHT did not install into $VENV. Fix: check pip's message above, then rerun."
fi
