#!/usr/bin/env bash
# Throughput with 1 silo against 2 silos on this machine, the same campaign each time (default: 40,000 nokens of the
# million-noken campaign's shape). Each silo is its own process with one torch thread; results go to a temp folder.
#
#   tools/cluster/scaling.sh [SPEC]
#
set -euo pipefail
cd "$(dirname "$0")/../.."
spec="${1:-}"
if [ -z "$spec" ]; then
  spec="$(mktemp --suffix .yaml)"
  sed -e 's/count: 200000/count: 8000/' -e 's/shard_size: 2500/shard_size: 1000/' examples/organism-million.yaml >"$spec"
fi
dotnet build src/Client -c Release -v q -nologo >/dev/null
noken="dotnet $PWD/src/Client/bin/Release/net10.0/linux-x64/noken.dll"
export NOKEN_API_TOKEN="scaling-$$-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" NOKEN_API_URL="http://127.0.0.1:${NOKEN_API_PORT:-8080}"

for silos in 1 2; do
  results="$(mktemp -d)"
  tools/cluster/local-cluster.sh "$silos" "$results" >"$results/cluster.out" 2>&1 &
  cluster=$!
  until grep -q "cluster up" "$results/cluster.out" 2>/dev/null; do sleep 0.5; done
  id="$($noken submit "$spec" | head -n1)"
  $noken watch "$id" --plain --interval 1 >/dev/null
  $noken status "$id" --json | SILOS="$silos" python3 -c '
import datetime, json, os, sys
s = json.load(sys.stdin)
seconds = (datetime.datetime.fromisoformat(s["finished"]) - datetime.datetime.fromisoformat(s["created"])).total_seconds()
done, silos = s["nokensDone"], os.environ["SILOS"]
print(f"{silos} silo(s): {done} nokens in {seconds:.1f} s = {done / seconds:.0f} nokens/s")'
  kill "$cluster"; wait "$cluster" 2>/dev/null || true
  rm -rf "$results"
done
