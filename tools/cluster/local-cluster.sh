#!/usr/bin/env bash
# A real cluster on this machine: a redis-server for membership and grain state, N silo processes (each its own
# model replica on one torch thread), results in a local folder (or Azure Blob / Azurite: export ResultStore__* first).
# Prints what the CLI needs; Ctrl+C stops everything.
#
#   tools/cluster/local-cluster.sh [SILOS=2] [RESULTS_DIR=runs/cluster]
#
set -euo pipefail
cd "$(dirname "$0")/../.."
silos="${1:-2}"
results="$(realpath -m "${2:-runs/cluster}")"
redis_port="${NOKEN_REDIS_PORT:-6390}"
api_port="${NOKEN_API_PORT:-8080}"
export NOKEN_API_TOKEN="${NOKEN_API_TOKEN:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"   # 48 hex characters (a silo wants at least 16)

dotnet build src/Silo -c Release -v q -nologo >/dev/null
silo_dll="$PWD/src/Silo/bin/Release/net10.0/linux-x64/noken-silo.dll"
mkdir -p "$results" "$results/.redis"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$results/.redis" --appendonly yes --save "" >"$results/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.2; done

for i in $(seq 1 "$silos"); do
  Noken__Silo__Clustering=Redis Noken__Silo__GrainState=Redis Noken__Silo__Redis="127.0.0.1:$redis_port" \
  Noken__Silo__Name="silo-$i" Noken__Silo__SiloPort=$((11110 + i)) Noken__Silo__GatewayPort=$((30000 + i)) \
  Noken__Api__Urls="http://127.0.0.1:$((api_port + i - 1))" \
  ResultStore__Kind="${ResultStore__Kind:-Folder}" ResultStore__Folder="$results" \
  Noken__Campaigns__ModelsRoot="$PWD" NOKEN_TORCH_THREADS="${NOKEN_TORCH_THREADS:-1}" \
  dotnet "$silo_dll" >"$results/silo-$i.log" 2>&1 &
  pids+=($!)
done
until curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null; do sleep 0.5; done

echo "cluster up: $silos silo(s), redis 127.0.0.1:$redis_port, results in $results, logs there too"
echo "  export NOKEN_API_URL=http://127.0.0.1:$api_port NOKEN_API_TOKEN=$NOKEN_API_TOKEN"
echo "  dotnet src/Client/bin/Release/net10.0/linux-x64/noken.dll submit examples/organism-million.yaml --watch"
wait
