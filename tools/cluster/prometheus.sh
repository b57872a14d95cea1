#!/usr/bin/env bash
# A Prometheus on this machine scraping the silos of tools/cluster/local-cluster.sh (their API ports serve /metrics)
# every 5 s, for the Grafana dashboards in deploy/grafana (see deploy/grafana/README.md). Data stays under runs/.
# Ctrl+C stops it.
#
#   tools/cluster/prometheus.sh [SILOS=2]
#
# NOKEN_API_PORT          first silo's API port, as for local-cluster.sh (default 8080; silo i is on port + i - 1)
# NOKEN_PROMETHEUS_TARGETS  host:port list instead (comma-separated), e.g. silos on other machines
# NOKEN_PROMETHEUS_PORT   where Prometheus listens (default 9090)
# NOKEN_PROMETHEUS_DIR    config and TSDB (default runs/prometheus)
# NOKEN_API_TOKEN         the silos' token: /metrics wants it (unless the silos run with
#                         Noken__Telemetry__MetricsAccess=open); local-cluster.sh prints it
set -euo pipefail
cd "$(dirname "$0")/../.."
silos="${1:-2}"
api_port="${NOKEN_API_PORT:-8080}"
port="${NOKEN_PROMETHEUS_PORT:-9090}"
dir="$(realpath -m "${NOKEN_PROMETHEUS_DIR:-runs/prometheus}")"

if ! command -v prometheus >/dev/null; then
  # Debian's package also enables a prometheus service on :9090 with its own config; this script runs the binary
  # itself (its own config and data), so stop that service or pick another NOKEN_PROMETHEUS_PORT.
  echo "prometheus not found: sudo apt-get install prometheus" >&2
  exit 1
fi

if [ -n "${NOKEN_PROMETHEUS_TARGETS:-}" ]; then
  IFS=, read -r -a targets <<<"$NOKEN_PROMETHEUS_TARGETS"
else
  targets=()
  for i in $(seq 1 "$silos"); do targets+=("127.0.0.1:$((api_port + i - 1))"); done
fi

mkdir -p "$dir/data"
if [ -z "${NOKEN_API_TOKEN:-}" ]; then
  echo "set NOKEN_API_TOKEN to the silos' token (local-cluster.sh prints it): their /metrics needs it" >&2
  exit 1
fi
# Prometheus reads the token from a file, so it is in neither its config nor its command line.
(umask 077 && printf %s "$NOKEN_API_TOKEN" >"$dir/token")
{
  echo "# Written by tools/cluster/prometheus.sh; rewritten on every start."
  echo "global:"
  echo "  scrape_interval: 5s"
  echo "  evaluation_interval: 5s"
  echo "scrape_configs:"
  echo "  - job_name: noken-silo"
  echo "    metrics_path: /metrics"
  echo "    authorization:"
  echo "      credentials_file: '$dir/token'"
  echo "    static_configs:"
  echo "      - targets:"
  for t in "${targets[@]}"; do echo "          - '$t'"; done
} >"$dir/prometheus.yml"

prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=7d \
  --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT INT TERM

until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "prometheus exited (port $port taken? Debian's service listens on 9090: systemctl stop prometheus, or set NOKEN_PROMETHEUS_PORT):" >&2
    tail -n 20 "$dir/prometheus.log" >&2
    exit 1
  fi
  sleep 0.3
done

echo "prometheus up: http://127.0.0.1:$port  (scraping ${targets[*]} every 5 s; config, data and log in $dir)"
echo "  targets: http://127.0.0.1:$port/targets"
echo "  Grafana: add a Prometheus data source with URL http://127.0.0.1:$port, then import deploy/grafana/*.json"
wait "$pid"
