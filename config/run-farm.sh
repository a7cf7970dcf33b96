#!/usr/bin/env bash
# The docker-compose.yml topology with plain processes on loopback: a throwaway PostgreSQL, the DevProvider,
# three engine nodes (AuthActors.Node) and two web frontends (AuthActors.Web in frontend mode).
#   config/run-farm.sh          start the farm; Ctrl+C stops everything
# Frontends: http://127.0.0.1:5001 and http://127.0.0.1:5002 (put any load balancer in front; no stickiness needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
farm="${FARM_DIR:-$(mktemp -d /tmp/authactors-farm.XXXXXX)}"
pg_port="${FARM_PG_PORT:-55432}"
pids=()

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pg_bin/initdb" ] || { echo "farm: PostgreSQL is missing: sudo apt-get install -y postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  trap - EXIT INT TERM
  echo "farm: stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_pg "$pg_bin/pg_ctl" -D "$farm/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

echo "farm: building"
dotnet build AuthActors.sln -v q -nologo >/dev/null

echo "farm: PostgreSQL on 127.0.0.1:$pg_port (data in $farm/pg)"
mkdir -p "$farm"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$farm"
if [ ! -d "$farm/pg" ]; then as_pg "$pg_bin/initdb" -D "$farm/pg" -U postgres --auth=trust -E UTF8 >/dev/null; fi
as_pg "$pg_bin/pg_ctl" -D "$farm/pg" -l "$farm/pg.log" -w -o "-p $pg_port -h 127.0.0.1 -k $farm" start >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='authactors'" | grep -q 1 \
  || "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE authactors" >/dev/null

export DOTNET_ENVIRONMENT=Cluster
export AuthActors__Encryption__Key="${AUTHACTORS_KEY:-$(head -c 32 /dev/urandom | base64)}"
export AuthActors__Cluster__SeedNodes__0="akka.tcp://authactors@127.0.0.1:4053"
export AuthActors__Persistence__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=authactors"
bin() { echo "$root/src/$1/bin/Debug/net10.0/$1.dll"; }

dotnet "$(bin AuthActors.DevProvider)" --urls http://127.0.0.1:5100 >"$farm/devprovider.log" 2>&1 & pids+=($!)
start_engine() {
  AuthActors__Cluster__Role=engine AuthActors__Cluster__Port="$1" AuthActors__DataDirectory="$farm/engine-$1" \
    dotnet "$(bin AuthActors.Node)" >"$farm/engine-$1.log" 2>&1 & pids+=($!)
}
start_engine 4053
sleep 5   # the first engine is the seed and creates the journal tables; the others join it
start_engine 4054
start_engine 4055
for i in 1 2; do
  AuthActors__Cluster__Role=frontend AuthActors__Cluster__Port=$((4055 + i)) AuthActors__DataDirectory="$farm/frontends" \
    dotnet "$(bin AuthActors.Web)" --urls "http://127.0.0.1:500$i" >"$farm/web-$i.log" 2>&1 & pids+=($!)
done

echo "farm: up. Frontends http://127.0.0.1:5001 and http://127.0.0.1:5002; DevProvider http://127.0.0.1:5100; logs in $farm"
wait -n "${pids[@]}"
echo "farm: a process exited; see the logs in $farm" >&2
