#!/usr/bin/env bash
# Wall time of rendering every shipped definition in one `stackbake render` call, JVM start
# included, through the ./stackbake launcher (as users run it). Target: under 2 s.
# Usage: bench/render.sh [RUNS]   (uses hyperfine when installed, else a plain loop)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
defs=()
for def in images/*/*.yaml; do
  [[ $def == */site.yaml ]] || defs+=("$def")
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./stackbake --version >/dev/null   # build the jar first, outside the measurement
cmd="./stackbake render ${defs[*]} -o $out/tree --force"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs "$runs" "$cmd"
else
  best=999999; total=0
  for _ in $(seq "$runs"); do
    start=$(date +%s%N); $cmd >/dev/null; end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 )); total=$((total + ms)); [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "render of ${#defs[@]} definitions: mean $((total / runs)) ms, best $best ms over $runs runs"
fi
