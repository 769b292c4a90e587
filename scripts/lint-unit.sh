#!/usr/bin/env bash
# Lint deploy/kpd.service with systemd-analyze verify (CI). The unit names
# /usr/local/bin/kpd, which verify wants to exist: a copy of the unit names
# the kpd built here instead. Any warning fails the lint.
set -euo pipefail
kpd=$(realpath "${1:-build/kpd}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s|/usr/local/bin/kpd|$kpd|g" deploy/kpd.service >"$dir/kpd.service"
out=$(systemd-analyze verify --man=no "$dir/kpd.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "$out"; exit 1; fi
echo "deploy/kpd.service: systemd-analyze verify found nothing to say"
