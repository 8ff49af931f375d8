#!/usr/bin/env bash
# Test fixtures that come from package registries: the CDNOW purchase data (the standard
# CLV/churn benchmark) ships inside the Lifetimes wheel; the tests read it from the wheel.
. "$(dirname "$0")/env.sh"
FIXTURES=$WORK/fixtures
WHEEL=Lifetimes-0.11.3-py3-none-any.whl
[ -f "$FIXTURES/$WHEEL" ] && exit 0
mkdir -p "$FIXTURES"
# Downloaded aside, then moved in: two series' test runs at once never see half a file.
tmp=$(mktemp -d "$FIXTURES/.download.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$PY" -m pip download --disable-pip-version-check -q --no-deps -d "$tmp" lifetimes==0.11.3 2>&1 \
    | grep -v 'is ignored: it is neither' || true
[ -f "$tmp/$WHEEL" ] && mv -f "$tmp/$WHEEL" "$FIXTURES/$WHEEL"
[ -f "$FIXTURES/$WHEEL" ] || die "could not download the $WHEEL test fixture from PyPI. Fix: check the network, then rerun."
