#!/usr/bin/env bash
# The entry the CI pipelines in this folder call: validate, then build every node definition of one
# OpenStack release onto one base image, into OUT_DIR (one versioned qcow2 + .sha256 + .json each),
# then verify each image read-only.
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
# Node definitions are the files validate reports as ok (included fragments such as site.yaml are not).
mapfile -t nodes < <("$here/stackbake" validate --json "$defs_dir" | grep -o '"file" : "[^"]*"' | cut -d'"' -f4 | sort -u)
for def in "${nodes[@]}"; do
  name=$(basename "$def" .yaml)
  image="$out/$name-$release.qcow2"
  "$here/stackbake" build "$def" --base "$base" -o "$image" --force
  "$here/stackbake" verify "$image"
done
