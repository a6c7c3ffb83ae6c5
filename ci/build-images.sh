#!/usr/bin/env bash
# The entry the CI pipelines in this folder call: validate, then build every node definition of one
# OpenStack release onto one base image with ONE appliance launch, into OUT_DIR (one versioned
# qcow2 + .sha256 + .json each; an image whose inputs did not change since the build already in
# OUT_DIR is skipped), then verify each newly built image read-only. OUT_DIR/build.jsonl holds one
# JSON object per image (output, sha256, built|skipped|failed, step durations).
#   ci/build-images.sh RELEASE BASE_IMAGE [OUT_DIR]     e.g. ci/build-images.sh dalmatian Rocky-9-GenericCloud.qcow2 out
# Secrets come from the job's environment (env: references) or files (file: references).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
release=${1:?usage: ci/build-images.sh RELEASE BASE_IMAGE [OUT_DIR]}
base=${2:?usage: ci/build-images.sh RELEASE BASE_IMAGE [OUT_DIR]}
out=${3:-out/$release}
defs_dir="$here/images/$release"
[ -d "$defs_dir" ] || { echo "ci/build-images.sh: error: no definitions for release '$release' in images/" >&2; exit 2; }

"$here/stackbake" validate "$defs_dir"
mkdir -p "$out"
# A folder means every node definition in it (included fragments such as site.yaml are not images).
status=0
"$here/stackbake" build "$defs_dir" --base "$base" --output-dir "$out" --json > "$out/build.jsonl" || status=$?
# Images that failed are listed in build.jsonl and on stderr; the others are in place: verify them.
mapfile -t built < <(grep '"status":"built"' "$out/build.jsonl" | grep -o '"output":"[^"]*"' | cut -d'"' -f4)
for image in "${built[@]}"; do
  "$here/stackbake" verify "$image"
done
exit "$status"
