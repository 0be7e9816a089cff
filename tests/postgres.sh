# Sourced by tests/run-all.sh and tests/bench.sh (from the repository's root, with set -euo pipefail).
# PostgreSQL for the PostgreSQL state store's tests: Debian's cluster on 127.0.0.1 only, started when it is not
# running, with a role and database "connectorhost" (the tests make a database of their own per test class).
# A CONNECTORHOST_TEST_POSTGRES already set is used as it is.
if [ -n "${CONNECTORHOST_TEST_POSTGRES:-}" ]; then
  echo "== PostgreSQL: using CONNECTORHOST_TEST_POSTGRES as set"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "Run as root to start the tests' PostgreSQL, or set CONNECTORHOST_TEST_POSTGRES to an admin-capable connection string" >&2; exit 1
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "== Installing PostgreSQL"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_did=()
  pg_lsclusters -h | grep -q "^$pg_version main " || { pg_createcluster "$pg_version" main >/dev/null; pg_did+=("cluster created"); }
  pg_conf=/etc/postgresql/$pg_version/main/conf.d/connectorhost-tests.conf
  if [ ! -f "$pg_conf" ]; then
    printf "# ConnectorHost's tests: loopback only\nlisten_addresses = '127.0.0.1'\n" > "$pg_conf"
    if pg_lsclusters -h | grep -q "^$pg_version main .* online"; then pg_ctlcluster "$pg_version" main restart; pg_did+=("restarted on 127.0.0.1"); fi
  fi
  pg_lsclusters -h | grep -q "^$pg_version main .* online" || { pg_ctlcluster "$pg_version" main start; pg_did+=("started"); }
  pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
  for _ in $(seq 60); do pg_isready -h 127.0.0.1 -p "$pg_port" -q && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 -p "$pg_port" -q || { echo "PostgreSQL $pg_version does not answer on 127.0.0.1:$pg_port" >&2; exit 1; }
  pg_sql() { runuser -u postgres -- psql -p "$pg_port" -qtAc "$1"; }
  case "$(pg_sql "SELECT rolcreatedb FROM pg_roles WHERE rolname = 'connectorhost'")" in
    t) ;;
    f) pg_sql "ALTER ROLE connectorhost CREATEDB"; pg_did+=("role may create databases") ;;
    *) pg_sql "CREATE ROLE connectorhost LOGIN CREATEDB PASSWORD 'connectorhost'"; pg_did+=("role created") ;;
  esac
  pg_sql "SELECT 1 FROM pg_database WHERE datname = 'connectorhost'" | grep -q 1 ||
    { pg_sql "CREATE DATABASE connectorhost OWNER connectorhost"; pg_did+=("database created"); }
  export CONNECTORHOST_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=connectorhost;Password=connectorhost;Database=connectorhost"
  pg_what="already running"
  if ((${#pg_did[@]})); then pg_what=$(IFS=,; echo "${pg_did[*]}" | sed 's/,/, /g'); fi
  echo "== PostgreSQL $pg_version on 127.0.0.1:$pg_port ($pg_what); CONNECTORHOST_TEST_POSTGRES set for the tests"
fi
