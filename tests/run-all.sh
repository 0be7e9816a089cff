#!/usr/bin/env bash
# Runs every test of ConnectorHost, installing first what the tests need when it is missing.
# Usage: bash tests/run-all.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests need from the machine, installed from Debian's packages when missing.
missing=()
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)   # a real SMTP server for the mail tests
[ -x /usr/bin/chromium ] || missing+=(chromium)                                    # the dashboard's browser tests (Playwright)
if [ -z "${CONNECTORHOST_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing+=(postgresql)                                                             # the PostgreSQL state store's tests
fi
if ((${#missing[@]})); then
  echo "== Installing test prerequisites: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "Run as root (or install: apt-get install ${missing[*]})" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL for the PostgreSQL state store's tests (sets CONNECTORHOST_TEST_POSTGRES).
source tests/postgres.sh

echo "== Building (Release)"
dotnet build ConnectorHost.sln -c Release -nologo -v quiet

echo "== Testing"
log=$(mktemp)
set +e
dotnet test ConnectorHost.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${skipped:-0}" != "0" ]; then echo "Skipped tests are not passes: remove the skip or fix the test." >&2; exit 1; fi
exit "$status"
