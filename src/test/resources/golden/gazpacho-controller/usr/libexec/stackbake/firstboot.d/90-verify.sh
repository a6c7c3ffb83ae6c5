#!/bin/bash
# Written by stackbake: first-boot step — checks that this node's services answer and records
# each result in the report (via $STACKBAKE_CHECKS_FILE). Fails when one does
# not answer within $STACKBAKE_WAIT_SECONDS, so the unit fails visibly and the next boot retries.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"

results=()
failures=0

# check NAME DETAIL COMMAND...: waits for COMMAND to succeed and records the outcome.
check() {
  local name=$1 detail=$2 status=ok
  shift 2
  if ! wait_until "$STACKBAKE_WAIT_SECONDS" "$name" "$@"; then
    status=failed
    failures=$((failures + 1))
  fi
  log "check $name ($detail): $status"
  results+=("{\"check\": $(json_string "$name"), \"detail\": $(json_string "$detail"), \"status\": $(json_string "$status")}")
}

# port_open HOST PORT: a TCP connection succeeds within 5 s.
port_open() {
  # shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2"
}

check 'chrony' 'chronyc tracking' "$STACKBAKE_CHRONYC" tracking
check 'mariadb' 'mysqladmin ping' mysql_ping
check 'rabbitmq' 'rabbitmqctl status' rabbitmqctl_q status
check 'memcached' 'port 127.0.0.1:11211' port_open '127.0.0.1' 11211
check 'etcd' 'port 192.168.8.10:2379' port_open '192.168.8.10' 2379

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
