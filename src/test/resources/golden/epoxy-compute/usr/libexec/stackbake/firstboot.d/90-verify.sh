#!/bin/bash
# Written by stackbake: first-boot step — checks that this node's services answer and records
# each result in the report (via $STACKBAKE_CHECKS_FILE). Waits first for the node's server units
# (a unit that failed to start fails the step at once, naming it). Fails when a service does
# not answer within $STACKBAKE_WAIT_SECONDS, so the unit fails visibly and the next boot retries.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"

results=()
failures=0

# check NAME DETAIL VERSION COMMAND...: waits for COMMAND to succeed and records the outcome; when
# it passed and VERSION (a command) is given, also the first line VERSION prints.
check() {
  local name=$1 detail=$2 version_command=$3 status=ok version="" seen=""
  shift 3
  if ! wait_until "$STACKBAKE_WAIT_SECONDS" "$name" "$@"; then
    status=failed
    failures=$((failures + 1))
  elif [[ -n $version_command ]]; then
    version=$("$version_command" 2>/dev/null | head -n 1) || version=""
    [[ -z $version ]] || seen=", \"version\": $(json_string "$version")"
  fi
  log "check $name ($detail): $status${version:+ (version $version)}"
  results+=("{\"check\": $(json_string "$name"), \"detail\": $(json_string "$detail"), \"status\": $(json_string "$status")$seen}")
}

await_unit 'chronyd.service'
check 'chrony' 'chronyc tracking' '' "$STACKBAKE_CHRONYC" tracking

mkdir -p "$(dirname "$STACKBAKE_CHECKS_FILE")"
tmp=$(mktemp "$STACKBAKE_CHECKS_FILE.XXXXXX")
{
  printf '['
  for i in "${!results[@]}"; do
    printf '%s\n    %s' "$([[ $i -gt 0 ]] && printf ',')" "${results[$i]}"
  done
  printf '\n  ]'
} > "$tmp"
mv -f "$tmp" "$STACKBAKE_CHECKS_FILE"
((failures == 0)) || die "$failures check(s) failed"
