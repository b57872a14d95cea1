#!/usr/bin/env bash
# The whole research loop on the organism, from the specs in this folder to one HTML report:
#   search → harden → evaluate (held-out nokens, fresh search, ordinary text) → real glitch tokens → residual depth
#   → crux 2 on the leaky organism (the hardening arms at equal compute, 5 seeds, the evaluation suite; is its
#   alignment shallow?) → report. With NOKEN_STUDY_SIZES=1 it also trains the organism and the leaky organism at two
#   more sizes (same recipes), runs the chain and arms 0, 1, 3, 4 × 3 seeds on each, so the report gets its
#   model-size sections.
#
#   bash examples/organism-study.sh                       # ~2 h on 2 CPU cores (the arms study is ~1.5 h of it)
#   NOKEN_STUDY_SIZES=1 bash examples/organism-study.sh   # sizes add ~2 h
#
# Every step writes under runs/ (STUDY_DIR to change) and is skipped when its output is already there, so an
# interrupted study resumes where it stopped (a campaign resumes by itself; delete a folder to redo its step).
# Hardening is adversarial by default (HARDEN_FLAGS; set it to "" for plain hardening against the campaign's finds
# alone), and the fresh search runs with three seeds (EVALUATE_FLAGS): one search's result varies too much to read.
set -euo pipefail
cd "$(dirname "$0")/.."

STUDY=$(realpath -m "${STUDY_DIR:-runs/study}")   # absolute: the specs written below live in it
NOKEN=${NOKEN:-"dotnet run --project src/Client -c Release --no-build --"}
HARDEN_FLAGS=${HARDEN_FLAGS-"--adversarial-every 10 --adversarial-nokens 16 --ascent-steps 10"}
EVALUATE_FLAGS=${EVALUATE_FLAGS-"--search-seeds 3"}
mkdir -p "$STUDY"
dotnet build src/Client -c Release -v quiet -nologo >/dev/null
noken() { $NOKEN "$@"; }
step() { printf '\n== %s\n' "$*"; }

# A copy of a spec pointed at another model and output folder (the campaign's name follows the folder).
spec_for() { # spec model out
  local name; name=$(basename "$3")
  sed -e "s|^model: .*|model: $2|" -e "s|^output: .*|output: $3|" -e "s|^name: .*|name: $name|" "$1" > "$3.yaml"
  echo "$3.yaml"
}

# The hardening chain on one model: search, harden against its finds, evaluate before vs after.
chain() { # model tag
  local model=$1 tag=$2 search="$STUDY/search-$2"
  step "$tag: adaptive search ($model)"
  noken run "$(spec_for examples/organism-search.yaml "$model" "$search")"
  if [[ ! -f $search/hardened/hardening.json ]]; then
    step "$tag: harden against what it found"
    # shellcheck disable=SC2086 # HARDEN_FLAGS is a list of flags
    noken harden --campaign "$search" --model "$model" $HARDEN_FLAGS
  fi
  if [[ ! -f $STUDY/evaluation-$tag.json ]]; then
    step "$tag: before vs after (held-out nokens, a fresh search, ordinary text)"
    # shellcheck disable=SC2086 # EVALUATE_FLAGS is a list of flags
    noken evaluate --before "$model" --after "$search/hardened" \
      --heldout examples/organism-heldout.yaml --search examples/organism-research-search.yaml \
      $EVALUATE_FLAGS --json "$STUDY/evaluation-$tag.json"
  fi
}

chain organism organism
evaluations=("$STUDY/evaluation-organism.json")
campaigns=("$STUDY/search-organism")

if [[ ${NOKEN_STUDY_SIZES:-0} == 1 ]]; then
  for shape in organism-small organism-large; do
    if [[ ! -f $STUDY/$shape/aligned/config.json ]]; then
      step "$shape: train the organism's recipe at this size"
      noken organism train --shape "$shape" --out "$STUDY/$shape"
    fi
    chain "$STUDY/$shape/aligned" "$shape"
    evaluations+=("$STUDY/evaluation-$shape.json")
  done
fi

step "real glitch tokens vs nokens"
[[ -f $STUDY/glitch/summary.json ]] || noken sweep "$(spec_for examples/organism-glitch.yaml organism "$STUDY/glitch")"
campaigns+=("$STUDY/glitch")

step "the residual stream, layer by layer"
for layer in 0 1 2 3 4; do
  out="$STUDY/residual-add-$layer"
  [[ -f $out/summary.json ]] || noken sweep examples/organism-residual.yaml --layer "$layer" --mode add --out "$out"
  campaigns+=("$out")
done

# Crux 2: does hardening against nokens reduce leaks on text without nokens? Each arm × seed is a run file; a rerun
# skips the finished ones.
step "crux 2: the hardening arms on the leaky organism"
noken study arms --model organism-leaky --seeds 1,2,3,4,5 --parallel 2 --threads 1 --out "$STUDY/arms-leaky"
arms=("$STUDY/arms-leaky/arms.json")
step "is the leaky organism's alignment shallow? (the refusal direction ablated)"
[[ -f $STUDY/shallow-leaky.json ]] || noken study shallow --model organism-leaky --json "$STUDY/shallow-leaky.json"

if [[ ${NOKEN_STUDY_SIZES:-0} == 1 ]]; then
  for shape in organism-small organism-large; do
    if [[ ! -f $STUDY/leaky-$shape/aligned/config.json ]]; then
      step "leaky $shape: train the leaky recipe at this size"
      noken organism train --variant leaky --shape "$shape" --out "$STUDY/leaky-$shape"
    fi
    step "leaky $shape: arms 0, 1, 3, 4 × 3 seeds"
    noken study arms --model "$STUDY/leaky-$shape/aligned" --arms 0,1,3,4 --seeds 1,2,3 --suite none --parallel 2 --threads 1 \
      --out "$STUDY/arms-leaky-$shape"
    arms+=("$STUDY/arms-leaky-$shape/arms.json")
  done
fi

step "the report"
noken report --title "Orleans.Noken: the organism study" --campaign "${campaigns[@]}" --evaluation "${evaluations[@]}" \
  --arms "${arms[@]}" --out "$STUDY/report.html"
