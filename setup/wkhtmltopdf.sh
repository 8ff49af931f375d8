#!/usr/bin/env bash
# Odoo prints PDF reports (crm_lifecycle_report's Customer 360 and Lifecycle review) with
# wkhtmltopdf. Installs Debian's package when it is missing and this runs as root;
# otherwise says how to install it. Never fatal: only PDF printing needs it.
. "$(dirname "$0")/env.sh"
# Chinese customer names need a CJK font in the PDFs (fonts-noto-cjk).
packages=()
command -v wkhtmltopdf >/dev/null 2>&1 || packages+=(wkhtmltopdf)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    packages+=(fonts-noto-cjk)
fi
[ ${#packages[@]} = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    say "missing for PDF reports: ${packages[*]}. Fix: sudo apt-get install ${packages[*]}"
    exit 0
fi
say "installing ${packages[*]} (Debian) for PDF reports"
if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; }; then
    exit 0
fi
say "${packages[*]} could not be installed: PDF reports may not print. Fix: apt-get install ${packages[*]}"
