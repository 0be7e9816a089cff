#!/usr/bin/env bash
# Measures the host's hot paths with BenchmarkDotNet and prints the figures (mean time, allocations).
# Usage: bash tests/bench.sh [--filter '*Ledger*']   (default: all benchmarks)
#        bash tests/bench.sh queue-throughput [tasks=100000] [dossiers=2000] [postgres]   (postgres: starts a local PostgreSQL)
#        bash tests/bench.sh caseware-sync [clients=20000] [latency-ms=0]   (3 contact persons per client)
#        bash tests/bench.sh portal-import [rows=5000]
#        bash tests/bench.sh portal-import-users [rows=1000] [latency-ms=0]   (a user and a PIN letter per client)
#        bash tests/bench.sh clientonline [documents=10000] [latency-documents=1000]
#        bash tests/bench.sh dashboard [documents=100000] [tasks=200000] [postgres]   (every dashboard page on a seeded office)
#        bash tests/bench.sh office [scale=1.0] [kills=5]   (an office's year: host + four sandboxes as processes, OF-4)
#        bash tests/bench.sh built [pending=10000] [clients=1000] [latency-ms=50]   (OF-2 on the built host: import CPU per client, idle run, RSS)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "queue-throughput" ] && [ "${4:-}" = "postgres" ]; then
  source tests/postgres.sh
fi
if [ "${1:-}" = "dashboard" ] && [ "${4:-}" = "postgres" ]; then
  source tests/postgres.sh
fi
if [ "${1:-}" = "queue-throughput" ] || [ "${1:-}" = "caseware-sync" ] || [ "${1:-}" = "portal-import" ] || [ "${1:-}" = "portal-import-users" ] || [ "${1:-}" = "clientonline" ] || [ "${1:-}" = "dashboard" ] || [ "${1:-}" = "office" ] || [ "${1:-}" = "built" ]; then
  exec dotnet run -c Release --project tests/ConnectorHost.Benchmarks -- "$@"
fi
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--filter '*')
dotnet run -c Release --project tests/ConnectorHost.Benchmarks -- "${args[@]}" --join --exporters markdown
find BenchmarkDotNet.Artifacts/results -name '*-report-github.md' -newer tests/bench.sh -exec cat {} \; 2>/dev/null || true
