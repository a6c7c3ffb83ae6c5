#!/bin/bash
# Written by stackbake: first-boot step — RabbitMQ: waits until the broker answers, adds user
# openstack (or sets its password when it exists and differs) with the password of secret
# rabbitmq_openstack, grants it configure/write/read ".*" on vhost /, deletes the guest user.
# Runs after the hostname step: users live in the database of node rabbit@<hostname>.
# An env:/file: password never reaches the node: the build delivers its salted
# rabbit_password_hashing_sha256 hash, imported as definitions (rabbitmqctl import_definitions
# FILE: RabbitMQ 4.0's CLI on Erlang 27 never reads its stdin, not even /dev/null). A generated
# password is made here and reaches rabbitmqctl through its stdin only (RabbitMQ 3.x).
# Idempotent: a user whose stored hash is the delivered one (or who authenticates with the
# generated password) is left alone.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
user='openstack'
vhost='/'
secret_name='rabbitmq_openstack'

password=""
imported=no
hash=$(delivered_hash rabbit_password_hashing_sha256 "$secret_name")
if [[ -z $hash ]]; then
  password=$(secret "$secret_name")
  [[ -n $password ]] || die "secret '$secret_name' is empty"
fi

wait_until "$STACKBAKE_WAIT_SECONDS" "RabbitMQ" rabbitmqctl_q await_startup || die "RabbitMQ does not answer"

# One listing serves every user question below (each rabbitmqctl call starts an Erlang VM).
users=$(rabbitmqctl_q list_users --no-table-headers | cut -f1)

# has_user NAME: the broker knew user NAME when this step started.
has_user() {
  grep -xF -- "$1" <<< "$users" >/dev/null
}

# The default vhost / exists on every broker; another one is added when missing.
if [[ $vhost != / ]] && ! rabbitmqctl_q list_vhosts --no-table-headers | grep -xF -- "$vhost" >/dev/null; then
  rabbitmqctl_q add_vhost "$vhost" >/dev/null
  log "added vhost $vhost"
fi

# stored_hash_is HASH: the broker's definitions hold HASH (a random salt makes it this build's).
stored_hash_is() {
  rabbitmqctl_q export_definitions - | grep -F -e "\"$1\"" -e "\"${1//\//\\/}\"" >/dev/null
}

if [[ -n $hash ]]; then
  if has_user "$user" && stored_hash_is "$hash"; then
    log "user $user exists with this password"
  else
    # A file, 0600 in a private directory both owned by the broker's user (its CLI runs as that user).
    private_dir
    definitions=$STACKBAKE_PRIVATE_DIR/definitions.json
    printf '{"users": [{"name": %s, "password_hash": %s, "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ""}],
 "permissions": [{"user": %s, "vhost": %s, "configure": ".*", "write": ".*", "read": ".*"}]}\n' \
      "$(json_string "$user")" "$(json_string "$hash")" "$(json_string "$user")" "$(json_string "$vhost")" > "$definitions"
    chown rabbitmq "$STACKBAKE_PRIVATE_DIR" "$definitions" 2>/dev/null || true
    rabbitmqctl_q import_definitions "$definitions" >/dev/null
    imported=yes
    if has_user "$user"; then
      log "changed the password of user $user (imported the build's hash)"
    else
      log "added user $user (imported the build's hash)"
    fi
  fi
elif ! has_user "$user"; then
  printf '%s' "$password" | rabbitmqctl_q add_user "$user" >/dev/null
  log "added user $user"
elif printf '%s' "$password" | rabbitmqctl_q authenticate_user "$user" >/dev/null 2>&1; then
  log "user $user exists with this password"
else
  printf '%s' "$password" | rabbitmqctl_q change_password "$user" >/dev/null
  log "changed the password of user $user"
fi
unset password

# The imported definitions carry the permissions already; every other path sets them here.
if [[ $imported != yes ]]; then
  rabbitmqctl_q set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null
fi
log "user $user may configure, write and read everything on vhost $vhost"

if [[ $user != guest ]] && has_user guest; then
  rabbitmqctl_q delete_user guest >/dev/null
  log "deleted user guest"
fi
log "RabbitMQ ready"
