#!/bin/bash
# Written by stackbake: first boot of node ${node.name}, run by stackbake-firstboot.service.
# Runs the numbered steps NN-name.sh of $STACKBAKE_STEPS_DIR in order. A finished step is recorded
# in $STACKBAKE_STEP_STATE_DIR/NAME.done and never runs again; a failing step stops the run (exit 1:
# the unit fails visibly) and runs again on the next boot, as do the steps after it. When every
# step has finished, the delivery files (service and user password hashes) are removed and the
# done marker is written. Each run writes the report (step, status, duration).
# Progress lines ("stackbake-firstboot: step NAME start", "... ok 1.234s", "... failed", then
# "stackbake-firstboot: done" or "failed") go to the journal and, when writable, to the console,
# where a boot test reads them. They never carry a secret.
set -euo pipefail
export LC_ALL=C
sb_lib=${shellQuote(fb.paths.lib)}
<#noparse>
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
STACKBAKE_STEP=firstboot

state=$STACKBAKE_STEP_STATE_DIR
checks=$STACKBAKE_CHECKS_FILE

# progress WORDS...: one progress line on stderr (the journal) and, best effort, on the console.
progress() {
  local line="stackbake-firstboot: $*"
  printf '%s\n' "$line" >&2
  if [[ -w $STACKBAKE_CONSOLE ]]; then
    { printf '%s\n' "$line" >> "$STACKBAKE_CONSOLE"; } 2>/dev/null || true
  fi
}

mkdir -p "$state"
chmod 0700 "$STACKBAKE_STATE_DIR" "$state"

exec 9> "$STACKBAKE_LOCK_FILE"
flock -n 9 || die "another first boot run holds $STACKBAKE_LOCK_FILE"

if [[ -e $STACKBAKE_DONE_MARKER ]]; then
  log "already done ($STACKBAKE_DONE_MARKER exists): nothing to do"
  exit 0
fi
progress start
# Any other way out than "done" is a failure the console must show.
finished=""
trap '[[ -n $finished ]] || progress failed' EXIT

# micros: the current time in microseconds.
micros() {
  local now=${EPOCHREALTIME/./}
  printf '%s' "$((10#$now))"
}

# seconds MICROS: MICROS as seconds with three decimals.
seconds() {
  printf '%d.%03d' "$(($1 / 1000000))" "$(($1 % 1000000 / 1000))"
}

names=()
statuses=()
durations=()

# write_report STATUS: the report, replaced atomically.
write_report() {
  local status=$1 i tmp duration
  tmp=$(mktemp "$STACKBAKE_REPORT.XXXXXX")
  {
    printf '{\n  "status": %s,\n  "hostname": %s,\n  "finished": %s,\n  "steps": [' \
      "$(json_string "$status")" "$(json_string "$(uname -n)")" "$(json_string "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
    for i in "${!names[@]}"; do
      duration=${durations[$i]:-null}
      printf '%s\n    {"step": %s, "status": %s, "duration": %s}' "$([[ $i -gt 0 ]] && printf ',')" \
        "$(json_string "${names[$i]}")" "$(json_string "${statuses[$i]}")" "$duration"
    done
    printf '\n  ],\n  "checks": '
    if [[ -s $checks ]]; then
      cat "$checks"
    else
      printf '[]'
    fi
    printf '\n}\n'
  } > "$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$STACKBAKE_REPORT"
}

shopt -s nullglob
steps=("$STACKBAKE_STEPS_DIR"/[0-9][0-9]-*.sh)
failed=""
for step in "${steps[@]}"; do
  name=$(basename "$step" .sh)
  names+=("$name")
  if [[ -f $state/$name.done ]]; then
    statuses+=("done-earlier")
    durations+=("$(cat "$state/$name.done")")
    log "step $name: finished on an earlier run, not run again"
    continue
  fi
  if [[ -n $failed ]]; then
    statuses+=("pending")
    durations+=("")
    continue
  fi
  progress step "$name" start
  start=$(micros)
  rc=0
  STACKBAKE_STEP=$name bash "$step" || rc=$?
  duration=$(seconds "$(($(micros) - start))")
  durations+=("$duration")
  if ((rc == 0)); then
    printf '%s\n' "$duration" > "$state/$name.done.tmp"
    mv -f "$state/$name.done.tmp" "$state/$name.done"
    statuses+=("ok")
    progress step "$name" ok "${duration}s"
  else
    statuses+=("failed")
    failed=$name
    log "step $name: FAILED (exit $rc, ${duration} s); it runs again on the next boot"
    progress step "$name" failed
  fi
done

if [[ -n $failed ]]; then
  write_report "failed"
  die "first boot stopped at step $failed; report: $STACKBAKE_REPORT"
fi

rm -f "$STACKBAKE_SERVICE_HASHES_FILE" "$STACKBAKE_USER_HASHES_FILE"
log "removed the delivered hashes ($STACKBAKE_SERVICE_HASHES_FILE, $STACKBAKE_USER_HASHES_FILE)"
write_report "done"
date -u +%Y-%m-%dT%H:%M:%SZ > "$STACKBAKE_DONE_MARKER"
log "done: ${#names[@]} steps; report: $STACKBAKE_REPORT"
finished=yes
progress "done"
</#noparse>
