#!/usr/bin/env bash
# Odoo 11 compiles its web client's stylesheets with the LESS compiler: without lessc every
# page (make serve, the browser check's screenshots) comes unstyled. Installs Debian's
# node-less when it is missing and this runs as root; env.sh points NODE_PATH at it.
. "$(dirname "$0")/env.sh"
[ "$SERIES" = 11 ] || exit 0
command -v lessc >/dev/null 2>&1 && exit 0
[ "$(id -u)" = 0 ] || die "Odoo 11's web client needs lessc. Fix: sudo apt-get install node-less"
say "installing the LESS compiler (Debian node-less) for Odoo 11's web client"
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq node-less >/dev/null; } \
    || die "node-less could not be installed. Fix: apt-get install node-less"
