#!/usr/bin/env bash
# The entry the CI pipelines in this folder call: validate, then build every node definition of one
# OpenStack release onto one base image with ONE appliance launch, into OUT_DIR (one versioned
# qcow2 + .sha256 + .json each; an image whose inputs did not change since the build already in
# OUT_DIR is skipped), then verify each newly built image read-only and boot it twice with
# `stackbake boot-test --reboot` (KVM where the runner offers /dev/kvm, else TCG: allow ~10 min per
# image). OUT_DIR/build.jsonl holds one JSON object per image (output, sha256, built|skipped|failed,
# step durations); beside each image go IMAGE.console.log, IMAGE.reboot.console.log (serial
# consoles of both boots) and IMAGE.boot-test.txt (first-boot report and checks).
#   ci/build-images.sh RELEASE BASE [OUT_DIR]     BASE: a catalog name (rocky-9, pulled and verified) or a path
#   e.g. ci/build-images.sh gazpacho rocky-10 out/gazpacho
# Secrets come from the job's environment (env: references) or files (file: references).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
release=${1:?usage: ci/build-images.sh RELEASE BASE [OUT_DIR]}
base=${2:?usage: ci/build-images.sh RELEASE BASE [OUT_DIR]}
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
  "$here/stackbake" boot-test "$image" --reboot --console "$image.console.log" > "$image.boot-test.txt" 2>&1 \
    || { status=1; echo "ci/build-images.sh: error: boot test of $image failed (see $image.boot-test.txt)" >&2; }
  cat "$image.boot-test.txt"
done
exit "$status"
