#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian 12 machine (each step skipped when its
# tool is already there), then runs every test. Arguments go to `dotnet test` (e.g. --filter Name~Organism);
# --install-only installs and prints the environment the tests read, for running `dotnet test` by hand.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The forward-pass tests compare our logits with tools/reference/hf_reference.py, a numpy port of transformers.
if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy
fi

# The result store's blob tests run against a real Azurite (npm), installed into the repository's .tools/.
if [ ! -x .tools/node_modules/.bin/azurite-blob ]; then
  if ! command -v npm >/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  fi
  npm install --prefix "$PWD/.tools" --no-audit --no-fund azurite@3.37.0
fi
export NOKEN_AZURITE="$PWD/.tools/node_modules/.bin/azurite-blob"

# The silo's Redis clustering and storage tests start their own real redis-server (apt-get install does not start
# the service, which is what they want: each test run owns its server and port).
if ! command -v redis-server >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
fi
export NOKEN_REDIS_SERVER="$(command -v redis-server)"

# The deployment tests (tests/Deploy.Tests) render the kustomize overlays with kubectl (on the machine image; the
# tests fail naming it when it is missing), render the Helm chart with tools/helm-render (built from source with
# Debian's Go and sprig, offline, GOPATH mode) and validate every object with npm's kubernetes-models.
if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig ] \
   || [ ! -d /usr/share/gocode/src/gopkg.in/yaml.v2 ] || [ ! -d /usr/share/gocode/src/gopkg.in/yaml.v3 ]; then
  as_root apt-get update -qq
  # No recommends: helm-render builds with CGO_ENABLED=0, so gcc and libc6-dev would only cost time.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go \
    golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev golang-gopkg-yaml.v3-dev
fi
if [ ! -d .tools/node_modules/kubernetes-models ] || [ ! -d .tools/node_modules/@kubernetes-models/prometheus-operator ] \
   || [ ! -d .tools/node_modules/yaml ]; then
  npm install --prefix "$PWD/.tools" --no-audit --no-fund \
    kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1
fi
export NOKEN_NODE_MODULES="$PWD/.tools/node_modules"

if [ "${1:-}" = --install-only ]; then
  printf 'export NOKEN_AZURITE=%s NOKEN_REDIS_SERVER=%s NOKEN_NODE_MODULES=%s\n' "$NOKEN_AZURITE" "$NOKEN_REDIS_SERVER" "$NOKEN_NODE_MODULES"
  exit 0
fi

dotnet restore Orleans.Noken.sln
dotnet test Orleans.Noken.sln "$@"
