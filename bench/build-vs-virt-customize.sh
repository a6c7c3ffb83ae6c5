#!/usr/bin/env bash
# Wall time of `stackbake build` versus virt-customize making the same edits on the same base, for
# one image (images/epoxy/controller.yaml) and for four (images/epoxy twice, the second pair renamed: stackbake
# builds them with ONE appliance launch, virt-customize runs once per image), then stackbake's
# unchanged rebuild of the four (every image skipped). The edits: upload of every rendered file
# (with its mode), hostname, root password (SHA-512, from a file: secret added to each node), the
# first-boot script, SELinux relabel. Both write standalone compressed qcow2s (virt-customize edits
# a copy in place, so its time includes `cp` of the base and a final `qemu-img convert -c`).
# Usage: bench/build-vs-virt-customize.sh [BASE]   (default: the cached synthetic:rocky-9 base)
#        bench/build-vs-virt-customize.sh quick-start [--boot]
# quick-start: the README's quick start build (its definition as the README names it, on
# synthetic:rocky-9-bootable) with --compress zlib and zstd, first with no packed copy of the base
# (the first build on a base makes it), then REPEAT times with it; each step's share (from the manifest),
# against virt-customize making the same edits on the same base plus `qemu-img convert -c` (each
# part timed), all REPEAT times interleaved; then qemu-img convert of that image with 1, 2, 4 and 8
# coroutines (-W) for zlib and zstd; with --boot, a boot-test of the release's controller and compute
# (built uncompressed) and the seconds from power-on to "first boot done". Needs jq.
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
now() { date +%s%N; }
secs() { printf '%d.%d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }
repeat=${REPEAT:-3}
# Milliseconds the command took; its output is dropped. A failed command stops the bench (a
# failure inside $(...) would not): use as t=$(timed ...), never inside an array assignment.
timed() {
  local start
  start=$(now)
  "$@" >/dev/null || { echo "bench: error: $1 failed" >&2; return 1; }
  echo $(( ($(now) - start) / 1000000 ))
}
min() { printf '%s\n' "$@" | sort -n | head -n 1; }
mean() { printf '%s\n' "$@" | awk '{ t += $1 } END { printf "%d", t / NR }'; }
all() { local out="" t; for t in "$@"; do out+="$(secs "$t") "; done; echo "$out"; }

# virt-customize making the same edits as stackbake for one definition on $base, into $2, each
# part's milliseconds appended to $work/vc-parts ("cp N", "virt-customize N", "convert N"); the
# root password from $vc_root_pw when set (a generated one is set by first boot, not the build).
vc_root_pw=""
virt_customize() {
  local def=$1 target=$2 tree args=() start
  tree=$(mktemp -d -p "$work")
  ./stackbake render "$def" -o "$tree" --force >/dev/null
  while read -r path mode _owner _sha; do
    args+=(--mkdir "$(dirname "$path")" --upload "$tree$path:$path" --chmod "$mode:$path")
  done < "$tree/MANIFEST"
  if [ -n "$vc_root_pw" ]; then
    args+=(--root-password "file:$vc_root_pw" --password-crypto sha512)
  fi
  start=$(now)
  cp --sparse=always "$base" "$target.work"
  echo "cp $(( ($(now) - start) / 1000000 ))" >> "$work/vc-parts"
  start=$(now)
  # First boot as stackbake installs it: the unit (uploaded with the tree) enabled by a symlink
  # (virt-customize --firstboot knows no "rocky" guest type in libguestfs 1.48).
  virt-customize -q -a "$target.work" "${args[@]}" \
    --hostname "$(cat "$tree/etc/hostname")" \
    --link "/usr/lib/systemd/system/stackbake-firstboot.service:/etc/systemd/system/multi-user.target.wants/stackbake-firstboot.service" \
    --selinux-relabel
  echo "virt-customize $(( ($(now) - start) / 1000000 ))" >> "$work/vc-parts"
  start=$(now)
  qemu-img convert -c -O qcow2 "$target.work" "$target"
  echo "convert $(( ($(now) - start) / 1000000 ))" >> "$work/vc-parts"
  rm -f "$target.work"
}

# Each step's share of a build, from its manifest: "NAME  SECONDS  PERCENT".
step_shares() {
  jq -r '(.steps | map(.durationMs) | add) as $t | .steps[]
    | "    \(.name | .[0:60])  \(.durationMs / 1000 | . * 10 | round / 10) s  \(.durationMs * 100 / $t | round)%"' "$1"
}

if [ "${1:-}" = quick-start ]; then
  command -v jq >/dev/null || { echo "bench: error: jq is needed (apt-get install jq)" >&2; exit 2; }
  # The quick start's definition, as the README names it today.
  # QS_DEF overrides it (e.g. a copy with a key the bench must not depend on).
  qs=${QS_DEF:-$(grep -o 'stackbake build images/[^ ]*\.yaml --base synthetic:rocky-9-bootable' README.md | head -n 1 | cut -d' ' -f3)}
  [ -n "$qs" ] || { echo "bench: error: no quick start build line in README.md" >&2; exit 2; }
  ./stackbake build "$qs" --base synthetic:rocky-9-bootable --dry-run >/dev/null   # jar, base made once
  bases=("${XDG_CACHE_HOME:-$HOME/.cache}"/stackbake/synthetic/rocky-9-bootable.g*.qcow2)
  base=${bases[-1]}
  # The first build on a base compresses the base once (its packed copy) unless the base was written
  # compressed that way (the synthetic bootable bases are zlib); later builds copy that and commit
  # their changes (see README, "Build"). Timed here from an empty packed cache, then warm.
  base_sha=$(sha256sum "$base" | cut -d' ' -f1)
  rm -f "${XDG_CACHE_HOME:-$HOME/.cache}/stackbake/packed/$base_sha".*.qcow2
  first=()
  for c in zlib zstd; do
    t=$(timed ./stackbake build "$qs" --base synthetic:rocky-9-bootable -o "$work/qs-$c.qcow2" --compress "$c" --force --rebuild)
    first+=("$t")
  done
  zlib=() zstd=() vc=()
  for _ in $(seq "$repeat"); do
    for c in zlib zstd; do
      t=$(timed ./stackbake build "$qs" --base synthetic:rocky-9-bootable -o "$work/qs-$c.qcow2" --compress "$c" --force --rebuild)
      if [ "$c" = zlib ]; then zlib+=("$t"); else zstd+=("$t"); fi
    done
    t=$(timed virt_customize "$qs" "$work/vc.qcow2")
    vc+=("$t")
    rm -f "$work/vc.qcow2"
  done
  echo "quick start: ./stackbake build $qs --base synthetic:rocky-9-bootable (base $base)"
  echo "accelerator: ${LIBGUESTFS_BACKEND_SETTINGS}; $(nproc) cores; load now: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "first build on the base (an empty packed cache; the base is zlib-written): zlib $(secs "${first[0]}"), zstd $(secs "${first[1]}")"
  echo "stackbake build --compress zlib:      $(all "${zlib[@]}") $(du -m "$work/qs-zlib.qcow2" | cut -f1) MB"
  echo "stackbake build --compress zstd:      $(all "${zstd[@]}") $(du -m "$work/qs-zstd.qcow2" | cut -f1) MB"
  echo "virt-customize + qemu-img convert -c: $(all "${vc[@]}")"
  echo "  steps of the last zlib build:"; step_shares "$work/qs-zlib.qcow2.json"
  echo "  steps of the last zstd build:"; step_shares "$work/qs-zstd.qcow2.json"
  echo "  parts of virt-customize + convert (mean ms): $(awk '{ t[$1] += $2; n[$1]++ } END { for (k in t) printf "%s %d  ", k, t[k] / n[k] }' "$work/vc-parts")"
  awk -v a="${first[0]}" -v z="${first[1]}" -v v="$(min "${vc[@]}")" 'BEGIN { printf "first build on the base: stackbake/virt-customize zlib %.2f, zstd %.2f\n", a / v, z / v }'
  for label in "fastest of $repeat:min" "mean of $repeat:mean"; do
    f=${label#*:}
    awk -v l="${label%:*}" -v a="$($f "${zlib[@]}")" -v z="$($f "${zstd[@]}")" -v v="$($f "${vc[@]}")" \
      'BEGIN { printf "%s: zlib %.1f s (goal <= 45), zstd %.1f s (goal <= 30); stackbake/virt-customize zlib %.2f, zstd %.2f (goal <= 0.4)\n", l, a / 1000, z / 1000, a / v, z / v }'
  done

  # The same image converted by hand: compression alone, by coroutines.
  ./stackbake build "$qs" --base synthetic:rocky-9-bootable -o "$work/plain.qcow2" --compress none --force --rebuild >/dev/null
  echo "qemu-img convert -c -W -m N of the quick start image ($(du -m "$work/plain.qcow2" | cut -f1) MB uncompressed):"
  for c in zlib zstd; do
    line="  $c:"
    for m in 1 2 4 8; do
      t=$(timed qemu-img convert -c -o "compression_type=$c" -W -m "$m" -O qcow2 "$work/plain.qcow2" "$work/m.qcow2")
      line+="  -m $m $(secs "$t") $(du -m "$work/m.qcow2" | cut -f1) MB"
      rm -f "$work/m.qcow2"
    done
    echo "$line"
  done

  if [ "${2:-}" = --boot ]; then
    # One boot at a time (each is a 2 GB TCG VM); images uncompressed: booting does not need it.
    for node in controller compute; do
      def=$(dirname "$qs")/$node.yaml
      ./stackbake build "$def" --base synthetic:rocky-9-bootable -o "$work/$node.qcow2" --compress none --force --rebuild >/dev/null
      ./stackbake boot-test "$work/$node.qcow2" --accel tcg > "$work/$node.boot.log" 2>&1 || true
      done_at=$(sed -n 's/^\[ *\([0-9]*\) s\] first boot done$/\1/p' "$work/$node.boot.log" | head -n 1)
      steps=$(sed -n 's/^\[ *[0-9]* s\] step \([0-9a-z-]*\) ok (\([0-9.]*\) s)$/\1 \2 s/p' "$work/$node.boot.log" | paste -sd';' -)
      echo "boot-test $node: first boot done ${done_at:-NOT REACHED} s after power-on (goal: controller <= 150, compute <= 60); $steps"
      [ -n "$done_at" ] || tail -n 20 "$work/$node.boot.log"
    done
  fi
  exit 0
fi
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

vc_root_pw=$work/root.pw
sb1=() vc1=() sb4=()
for _ in $(seq "$repeat"); do
  t=$(timed ./stackbake build "$one" --base "$base" -o "$work/stackbake-1.qcow2" --force --rebuild)
  sb1+=("$t")
  t=$(timed virt_customize "$one" "$work/virt-customize-1.qcow2")
  vc1+=("$t")
  rm -f "$work/virt-customize-1.qcow2"
  rm -rf "$work/out4"; mkdir -p "$work/out4"
  t=$(timed ./stackbake build "${four[@]}" --base "$base" --output-dir "$work/out4")
  sb4+=("$t")
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
