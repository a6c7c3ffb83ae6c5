# shellcheck shell=bash
# Sourced by ./stackbake and ci/test.sh: finds the libguestfs Java binding and its JNI library on
# Debian/Ubuntu (/usr/share/java/libguestfs-VERSION.jar, /usr/lib/<triplet>/jni) and on
# Fedora/EL (/usr/share/java/libguestfs.jar, /usr/lib64). Sets LIBGUESTFS_JAR and LIBGUESTFS_JNI_DIR,
# empty when not installed. STACKBAKE_LIBGUESTFS_JAR / STACKBAKE_LIBGUESTFS_JNI override.
LIBGUESTFS_JAR=${STACKBAKE_LIBGUESTFS_JAR:-}
if [ -z "$LIBGUESTFS_JAR" ]; then
  for candidate in /usr/share/java/libguestfs.jar /usr/share/java/libguestfs-[0-9]*.jar /usr/lib/java/libguestfs*.jar; do
    if [ -f "$candidate" ]; then LIBGUESTFS_JAR=$candidate; break; fi
  done
fi
LIBGUESTFS_JNI_DIR=${STACKBAKE_LIBGUESTFS_JNI:-}
if [ -z "$LIBGUESTFS_JNI_DIR" ]; then
  for candidate in /usr/lib/*-linux-gnu/jni /usr/lib64/libguestfs /usr/lib64 /usr/lib/jni /usr/lib; do
    if ls "$candidate"/libguestfs_jni.so* >/dev/null 2>&1; then LIBGUESTFS_JNI_DIR=$candidate; break; fi
  done
fi
export LIBGUESTFS_JAR LIBGUESTFS_JNI_DIR
