#!/usr/bin/env bash
# Odoo prints PDF reports (crm_lifecycle_report's Customer 360 and Lifecycle review) with
# wkhtmltopdf. Installs Debian's package when it is missing and this runs as root;
# otherwise says how to install it. Never fatal: only PDF printing needs it.
. "$(dirname "$0")/env.sh"
command -v wkhtmltopdf >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
    say "wkhtmltopdf is missing: PDF reports cannot be printed. Fix: sudo apt-get install wkhtmltopdf"
    exit 0
fi
say "installing wkhtmltopdf (Debian package) for PDF reports"
if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wkhtmltopdf >/dev/null; }; then
    exit 0
fi
say "wkhtmltopdf could not be installed: PDF reports cannot be printed. Fix: apt-get install wkhtmltopdf"
