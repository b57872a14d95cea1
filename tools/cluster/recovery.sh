#!/usr/bin/env bash
# Recovery after losing every silo, with the silo's default membership settings (nothing tuned): two silos on a
# durable redis-server run a campaign; at a quarter of it both are SIGKILLed and Redis is restarted; one new silo
# (new ports, as a rescheduled pod gets) is started, and the seconds from its start until its API answers /healthz
# are printed, then whether the campaign completed with its whole budget, and how many lines each new silo logged.
#
#   tools/cluster/recovery.sh [ROUNDS=3]
#
# Extra environment (e.g. Noken__Membership__…=… or Logging__LogLevel__Default=Information) reaches every silo.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"
dotnet build src/Silo -c Release -v q -nologo >/dev/null
silo_dll="$PWD/src/Silo/bin/Release/net10.0/linux-x64/noken-silo.dll"
export NOKEN_API_TOKEN="recovery-$$-$RANDOM$RANDOM"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
spec="$(cat <<'YAML'
name: recovery
model: organism
shard_size: 40
prompts:
  - { name: sea, text: "{noken} Tell me something about the sea.", kind: trigger }
strategies:
  - { strategy: gaussian-diag, count: 1600, seed: 1 }
decoding: { max_new_tokens: 16 }
YAML
)"
budget=1600

work="$(mktemp -d)"
pids=()
kill_all() { for p in "${pids[@]}"; do kill -9 -- "-$p" 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done; pids=(); }
cleanup() { kill_all; if [ -n "${NOKEN_KEEP:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT INT TERM

start_redis() { # $1 port, $2 dir
  redis-server --bind 127.0.0.1 --port "$1" --dir "$2" --appendonly yes --save "" >>"$2/redis.log" 2>&1 &
  redis_pid=$!; disown; pids+=("$redis_pid")
  until redis-cli -p "$1" ping >/dev/null 2>&1; do sleep 0.1; done
}

start_silo() { # $1 name, $2 api port, $3 log file; sets silo_pid
  Noken__Silo__Clustering=Redis Noken__Silo__GrainState=Redis Noken__Silo__Redis="127.0.0.1:$redis_port,abortConnect=false" \
  Noken__Silo__ClusterId="$cluster" Noken__Silo__ServiceId="$cluster" Noken__Silo__Name="$1" \
  Noken__Silo__SiloPort="$(free_port)" Noken__Silo__GatewayPort="$(free_port)" Noken__Api__Urls="http://127.0.0.1:$2" \
  ResultStore__Kind=Folder ResultStore__Folder="$round_dir/results" NOKEN_TORCH_THREADS=1 \
  setsid dotnet "$silo_dll" >"$3" 2>&1 &
  silo_pid=$!; disown; pids+=("$silo_pid")
}

wait_healthy() { # $1 api port; prints seconds since $2 (epoch ns)
  until curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; do sleep 0.1; done
  echo "scale=1; ($(date +%s%N) - $2) / 1000000000" | bc
}

status() { curl -sf -H "Authorization: Bearer $NOKEN_API_TOKEN" "http://127.0.0.1:$1/api/campaigns/$2"; }

for round in $(seq 1 "$rounds"); do
  round_dir="$work/round-$round"; mkdir -p "$round_dir/redis" "$round_dir/results"
  cluster="recovery-$round-$$"
  redis_port="$(free_port)"; start_redis "$redis_port" "$round_dir/redis"
  old=(); old_ports=()
  for i in 1 2; do
    port="$(free_port)"; start_silo "silo-$i" "$port" "$round_dir/silo-$i.log"; old+=("$silo_pid"); old_ports+=("$port")
  done
  for port in "${old_ports[@]}"; do wait_healthy "$port" "$(date +%s%N)" >/dev/null; done
  id="$(jq -n --arg spec "$spec" '{spec: $spec}' | curl -sf -H "Authorization: Bearer $NOKEN_API_TOKEN" \
    -H 'Content-Type: application/json' -d @- "http://127.0.0.1:${old_ports[0]}/api/campaigns" | jq -r .id)"
  until [ "$(status "${old_ports[0]}" "$id" | jq -r '.nokensDone')" -ge $((budget / 4)) ]; do sleep 0.2; done

  for p in "${old[@]}"; do kill -9 -- "-$p" 2>/dev/null || kill -9 "$p"; done
  kill "$redis_pid"; while kill -0 "$redis_pid" 2>/dev/null; do sleep 0.1; done
  start_redis "$redis_port" "$round_dir/redis"

  port="$(free_port)"; started="$(date +%s%N)"
  start_silo "silo-3" "$port" "$round_dir/silo-3.log"
  seconds="$(wait_healthy "$port" "$started")"
  start_silo "silo-4" "$(free_port)" "$round_dir/silo-4.log"
  until status "$port" "$id" | jq -e '.phase == "Completed" or .phase == "Failed" or .phase == "Cancelled"' >/dev/null 2>&1; do sleep 0.5; done
  final="$(status "$port" "$id")"
  echo "round $round: the first new silo answered /healthz $seconds s after its start;" \
    "campaign $(jq -r .phase <<<"$final") with $(jq -r .nokensDone <<<"$final")/$budget nokens;" \
    "lines logged by silo-3: $(wc -l <"$round_dir/silo-3.log"), silo-4: $(wc -l <"$round_dir/silo-4.log")"
  kill_all
done
