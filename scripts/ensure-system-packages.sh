#!/usr/bin/env bash
# Debian packages the tests need and npm cannot provide: PostgreSQL (when no server answers, the
# TypeScript provisioning in scripts/lib/postgres.ts installs and starts it), pgTAP + pg_prove, and
# Chromium for Playwright (never `playwright install`: the browser comes from Debian).
set -euo pipefail
missing=()
command -v pg_prove >/dev/null 2>&1 || missing+=(libtap-parser-sourcehandler-pgtap-perl)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
	for v in $(ls /usr/lib/postgresql); do
		[ -f "/usr/share/postgresql/${v}/extension/pgtap.control" ] || missing+=("postgresql-${v}-pgtap")
	done
else
	missing+=(postgresql postgresql-15-pgtap)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "Missing system packages: ${missing[*]}. Install them (Debian: apt-get install ${missing[*]})." >&2
	exit 1
fi
echo "installing ${missing[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
