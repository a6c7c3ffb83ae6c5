#!/usr/bin/env bash
# Runs stackbake's whole test suite (unit, real daemons, real libguestfs under TCG).
# This is the README's test command; .ci/run installs the system packages first.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ci/libguestfs-env.sh
. "$here/ci/libguestfs-env.sh"
args=(-B -f "$here/pom.xml" verify)
if [ -n "$LIBGUESTFS_JAR" ]; then
  args+=("-Dlibguestfs.jar=$LIBGUESTFS_JAR" "-Dlibguestfs.jni=${LIBGUESTFS_JNI_DIR}")
else
  echo "ci/test.sh: error: libguestfs-java is not installed; the libguestfs tests cannot run (hint: sudo bash .ci/run installs it)" >&2
  exit 2
fi
exec mvn "${args[@]}" "$@"
