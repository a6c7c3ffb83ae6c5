#!/usr/bin/env bash
# Wall time of `stackbake build` versus virt-customize making the same edits on the same base, for
# one image (images/epoxy/controller.yaml) and for four (images/epoxy twice, the second pair renamed: stackbake
# builds them with ONE appliance launch, virt-customize runs once per image), then stackbake's
# unchanged rebuild of the four (every image skipped). The edits: upload of every rendered file
# (with its mode), hostname, root password (SHA-512, from a file: secret added to each node), the
# first-boot script, SELinux relabel. Both write standalone compressed qcow2s (virt-customize edits
# a copy in place, so its time includes `cp` of the base and a final `qemu-img convert -c`).
# Usage: bench/build-vs-virt-customize.sh [BASE]   (default: the cached synthetic:rocky-9 base)
# The accelerator is pinned to TCG (LIBGUESTFS_BACKEND_SETTINGS=force_tcg) unless already set.
# A TCG appliance launch alone varies by ±3 s between runs on a shared VM, so every timed command
# except the four virt-customize runs is repeated REPEAT times (default 3), interleaved; every wall
# time is printed, and the ratios are given for the fastest run of each (noise only ever slows a run
# down) and for the means.
set -euo pipefail
cd "$(dirname "$0")/.."
export LIBGUESTFS_BACKEND=${LIBGUESTFS_BACKEND:-direct}
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'bench-root-password\n' > "$work/root.pw"
# Two clouds of the EL 9 release (the synthetic base is EL 9): epoxy and epoxy-b, whose nodes are renamed.
for cloud in epoxy epoxy-b; do
  mkdir -p "$work/images/$cloud"
  cp images/epoxy/site.yaml "$work/images/$cloud/"
  for node in controller compute; do
    # install: firstboot: the synthetic base has no dnf, and virt-customize installs nothing either.
    { cat "images/epoxy/$node.yaml"; printf 'secrets:\n  root: {file: ../../root.pw}\ninstall: firstboot\n'
      [ "$cloud" = epoxy ] || printf 'name: %s-b\n' "$node"; } > "$work/images/$cloud/$node.yaml"
  done
done
one=$work/images/epoxy/controller.yaml
four=("$work/images/epoxy/controller.yaml" "$work/images/epoxy/compute.yaml"
      "$work/images/epoxy-b/controller.yaml" "$work/images/epoxy-b/compute.yaml")

cache=${XDG_CACHE_HOME:-$HOME/.cache}/stackbake
# The cached synthetic base's file is named with its generation (rocky-9.g<N>.qcow2).
cached_base() { { ls "$cache"/synthetic/rocky-9.g*.qcow2 2>/dev/null || true; } | tail -n 1; }
base=${1:-$(cached_base)}
if [ -z "$base" ]; then
  ./stackbake build "$one" --base synthetic:rocky-9 -o "$work/warmup.qcow2" >/dev/null  # makes and caches the base
  base=$(cached_base)
else
  ./stackbake build "$one" --base "$base" --dry-run >/dev/null   # builds the jar when sources changed
fi

now() { date +%s%N; }
secs() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }

# virt-customize making the same edits as stackbake for one definition, into $2.
virt_customize() {
  local def=$1 target=$2 tree args=()
  tree=$(mktemp -d -p "$work")
  ./stackbake render "$def" -o "$tree" --force >/dev/null
  while read -r path mode _owner _sha; do
    args+=(--mkdir "$(dirname "$path")" --upload "$tree$path:$path" --chmod "$mode:$path")
  done < "$tree/MANIFEST"
  cp --sparse=always "$base" "$target.work"
  virt-customize -q -a "$target.work" "${args[@]}" \
    --hostname "$(cat "$tree/etc/hostname")" \
    --root-password "file:$work/root.pw" --password-crypto sha512 \
    --firstboot "$tree/usr/libexec/stackbake/firstboot" \
    --selinux-relabel
  qemu-img convert -c -O qcow2 "$target.work" "$target"
  rm -f "$target.work"
}

repeat=${REPEAT:-3}
# Milliseconds the command took; its output is dropped.
timed() { local start; start=$(now); "$@" >/dev/null; echo $(( ($(now) - start) / 1000000 )); }
sb1=() vc1=() sb4=()
for _ in $(seq "$repeat"); do
  sb1+=("$(timed ./stackbake build "$one" --base "$base" -o "$work/stackbake-1.qcow2" --force --rebuild)")
  vc1+=("$(timed virt_customize "$one" "$work/virt-customize-1.qcow2")")
  rm -f "$work/virt-customize-1.qcow2"
  rm -rf "$work/out4"; mkdir -p "$work/out4"
  sb4+=("$(timed ./stackbake build "${four[@]}" --base "$base" --output-dir "$work/out4")")
done

mkdir -p "$work/vc4"
start=$(now)
for def in "${four[@]}"; do
  virt_customize "$def" "$work/vc4/$(basename "$(dirname "$def")")-$(basename "$def" .yaml).qcow2"
done
vc4=$(( ($(now) - start) / 1000000 ))

start=$(now)
./stackbake build "${four[@]}" --base "$base" --output-dir "$work/out4" > "$work/unchanged.log"
unchanged=$(( ($(now) - start) / 1000000 ))
skipped=$(grep -c '^\[.*\] unchanged: ' "$work/unchanged.log" || true)

min() { printf '%s\n' "$@" | sort -n | head -n 1; }
mean() { printf '%s\n' "$@" | awk '{ t += $1 } END { printf "%d", t / NR }'; }
all() { local out="" t; for t in "$@"; do out+="$(secs "$t") "; done; echo "$out"; }

echo "accelerator: ${LIBGUESTFS_BACKEND_SETTINGS}; base: $base; $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "1 image   stackbake build:        $(all "${sb1[@]}")"
echo "1 image   virt-customize:         $(all "${vc1[@]}")"
echo "4 images  stackbake build:        $(all "${sb4[@]}") (one appliance launch each)"
echo "4 images  virt-customize:         $(secs "$vc4")  (four runs)"
echo "4 images  unchanged rebuild:      $(secs "$unchanged")  ($skipped of 4 skipped)"
ratios() {
  local label=$1 s1=$2 v1=$3 s4=$4
  echo "$label:"
  awk -v a="$s1" -v b="$v1" 'BEGIN { printf "  ratio 1 image  stackbake/virt-customize: %.2f  (goal <= 0.5)\n", a / b }'
  awk -v a="$s4" -v b="$vc4" 'BEGIN { printf "  ratio 4 images stackbake/virt-customize: %.2f\n", a / b }'
  awk -v a="$s4" -v b="$s1" 'BEGIN { printf "  ratio stackbake 4 images/1 image:         %.2f  (goal <= 1.5)\n", a / b }'
}
ratios "fastest of $repeat" "$(min "${sb1[@]}")" "$(min "${vc1[@]}")" "$(min "${sb4[@]}")"
ratios "mean of $repeat" "$(mean "${sb1[@]}")" "$(mean "${vc1[@]}")" "$(mean "${sb4[@]}")"
