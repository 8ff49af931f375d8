#!/usr/bin/env bash
# Builds one wheel per addon from the setuptools-odoo layout under setup/<addon>/ into
# .work/dist: odoo11-addon-crm_lifecycle, -crm_lifecycle_survey, -crm_lifecycle_report.
# setuptools-odoo (fetched from PyPI at build time) takes name, version and dependencies
# from the manifests, and the files from git: only committed or staged files are packaged.
. "$(dirname "$0")/env.sh"
[ "$SERIES" = 11 ] || die "wheels are built for Odoo 11.0 only: setuptools-odoo supports series up to 16.0. Fix: unset ODOO_SOURCE; on $SERIES.0 put this checkout on the addons path instead."
bash "$ROOT/setup/install.sh"
mkdir -p "$WORK/dist"
cd "$ROOT"
# setup_requires leaves setuptools-odoo's eggs and the build tree in setup/<addon>/.
trap 'rm -rf setup/*/.eggs setup/*/build setup/*/*.egg-info' EXIT
"$PY" -m pip --disable-pip-version-check wheel --no-deps -w "$WORK/dist" \
    setup/crm_lifecycle setup/crm_lifecycle_survey setup/crm_lifecycle_report \
    || die "building the wheels failed (see pip's messages above). Fix: check access to PyPI, which provides setuptools-odoo."
say "wheels in $WORK/dist:"
ls -1 "$WORK"/dist/odoo11_addon_crm_lifecycle*.whl >&2
