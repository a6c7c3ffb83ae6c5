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
await_unit 'mariadb.service'
await_unit 'rabbitmq-server.service'
await_unit 'memcached.service'
await_unit 'etcd.service'
check 'chrony' 'chronyc tracking' '' "$STACKBAKE_CHRONYC" tracking
check 'mariadb' 'mysqladmin ping' 'mysql_version' mysql_ping
check 'rabbitmq' 'port 192.168.8.10:5672' '' rabbitmq_listening '192.168.8.10' 5672
check 'memcached' 'port 127.0.0.1:11211' '' port_open '127.0.0.1' 11211
check 'etcd' 'port 192.168.8.10:2379' '' port_open '192.168.8.10' 2379

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
