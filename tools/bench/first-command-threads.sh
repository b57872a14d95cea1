#!/bin/bash
# The README's first command (noken run examples/organism-sweep.yaml) under whatever load the machine has, with three
# libtorch threading settings in turn, ROUNDS times: spinning OpenMP threads (OMP_WAIT_POLICY=active, libgomp's own
# default), noken's default (passive waiting, every core) and one thread. Prints wall-clock seconds and the load.
#   dotnet build src/Client -c Release -o /tmp/noken-bin && tools/bench/first-command-threads.sh /tmp/noken-bin/noken 2
set -u
noken=${1:?usage: first-command-threads.sh PATH-TO-NOKEN [ROUNDS]}
rounds=${2:-1}
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$rounds"); do
  for setting in active default one; do
    start=$(date +%s.%N)
    case $setting in
      active)  OMP_WAIT_POLICY=active "$noken" run examples/organism-sweep.yaml --out "$out/$setting-$round" >/dev/null 2>&1 ;;
      default) "$noken" run examples/organism-sweep.yaml --out "$out/$setting-$round" >/dev/null 2>&1 ;;
      one)     "$noken" run examples/organism-sweep.yaml --out "$out/$setting-$round" --threads 1 >/dev/null 2>&1 ;;
    esac
    rc=$?
    printf 'round %s  %-8s exit %s  %6.1f s  load %s\n' "$round" "$setting" "$rc" "$(echo "$(date +%s.%N) - $start" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
