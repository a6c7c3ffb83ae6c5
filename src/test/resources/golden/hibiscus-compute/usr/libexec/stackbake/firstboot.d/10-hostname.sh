#!/bin/bash
# Written by stackbake: first-boot step — the host name (static, transient and pretty).
# Idempotent: setting the same name again changes nothing.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
hostname='node'

"$STACKBAKE_HOSTNAMECTL" set-hostname "$hostname"
log "host name: $hostname"
