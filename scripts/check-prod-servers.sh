#!/usr/bin/env bash
# `make test-prod` runs Debian's PostgreSQL, Redis and nginx on loopback; it installs nothing itself.
# This only checks that they are there and says how to get them.
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL refuses root: it is run as the package's postgres user
  id postgres >/dev/null 2>&1 || missing+=("postgresql (its postgres user)")
  command -v runuser >/dev/null || [ -x /usr/sbin/runuser ] || missing+=(util-linux)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "make test-prod needs: ${missing[*]}" >&2
  echo "Install Debian's packages with: sudo apt-get install postgresql redis-server nginx" >&2
  exit 1
fi
