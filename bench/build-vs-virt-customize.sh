#!/usr/bin/env bash
# Wall time of `stackbake build` versus virt-customize making the same edits on the same base:
# upload of every rendered file (with its mode), hostname, root password (SHA-512), the first-boot
# script, SELinux relabel. Both write a standalone qcow2 (virt-customize edits a copy in place, so
# its time includes `cp` of the base and a final `qemu-img convert` to match stackbake's output).
# Usage: bench/build-vs-virt-customize.sh [BASE]   (default: the cached synthetic:rocky-9 base)
# Pin the accelerator for a fair comparison, e.g. LIBGUESTFS_BACKEND_SETTINGS=force_tcg.
set -euo pipefail
cd "$(dirname "$0")/.."
export LIBGUESTFS_BACKEND=${LIBGUESTFS_BACKEND:-direct}
def=images/dalmatian/controller.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'bench-root-password\n' > "$work/root.pw"
cp images/dalmatian/site.yaml "$work/site.yaml"
{ cat "$def"; printf 'secrets:\n  root: {file: root.pw}\n'; } > "$work/controller.yaml"

base_ref=${1:-synthetic:rocky-9}
./stackbake build "$work/controller.yaml" --base "$base_ref" -o "$work/warmup.qcow2" >/dev/null  # builds jar, makes/caches the base
base=${1:-$HOME/.cache/stackbake/synthetic/rocky-9.qcow2}

now() { date +%s%N; }
start=$(now)
./stackbake build "$work/controller.yaml" --base "$base" -o "$work/stackbake.qcow2"
stackbake_ms=$(( ($(now) - start) / 1000000 ))

./stackbake render "$work/controller.yaml" -o "$work/tree" >/dev/null
args=()
while read -r path mode _owner _sha; do
  args+=(--mkdir "$(dirname "$path")" --upload "$work/tree$path:$path" --chmod "$mode:$path")
done < "$work/tree/MANIFEST"
start=$(now)
cp --sparse=always "$base" "$work/vc.qcow2"
virt-customize -a "$work/vc.qcow2" "${args[@]}" \
  --hostname controller \
  --root-password "file:$work/root.pw" --password-crypto sha512 \
  --firstboot "$work/tree/usr/libexec/stackbake/firstboot" \
  --selinux-relabel
qemu-img convert -c -O qcow2 "$work/vc.qcow2" "$work/virt-customize.qcow2"
vc_ms=$(( ($(now) - start) / 1000000 ))

echo "stackbake build:  $((stackbake_ms / 1000)).$(( (stackbake_ms % 1000) / 100 )) s"
echo "virt-customize:   $((vc_ms / 1000)).$(( (vc_ms % 1000) / 100 )) s"
awk -v a="$stackbake_ms" -v b="$vc_ms" 'BEGIN { printf "ratio stackbake/virt-customize: %.2f\n", a / b }'
