#!/bin/bash
# Written by stackbake: first-boot step — RabbitMQ: waits until the broker answers, adds user
# openstack (or sets its password when it exists and differs) with the password of secret
# rabbitmq_openstack, grants it configure/write/read ".*" on vhost /, deletes the guest user.
# Runs after the hostname step: users live in the database of node rabbit@<hostname>.
# Idempotent; the password reaches rabbitmqctl through its stdin only.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
user='openstack'
vhost='/'
secret_name='rabbitmq_openstack'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"

password=$(secret "$secret_name")
[[ -n $password ]] || die "secret '$secret_name' is empty"

wait_until "$STACKBAKE_WAIT_SECONDS" "RabbitMQ" rabbitmqctl_q await_startup || die "RabbitMQ does not answer"

# One listing serves every user question below (each rabbitmqctl call starts an Erlang VM).
users=$(rabbitmqctl_q list_users --no-table-headers | cut -f1)

# has_user NAME: the broker knew user NAME when this step started.
has_user() {
  grep -xF -- "$1" <<< "$users" >/dev/null
}

if ! has_user "$user"; then
  printf '%s' "$password" | rabbitmqctl_q add_user "$user" >/dev/null
  log "added user $user"
elif printf '%s' "$password" | rabbitmqctl_q authenticate_user "$user" >/dev/null 2>&1; then
  log "user $user exists with this password"
else
  printf '%s' "$password" | rabbitmqctl_q change_password "$user" >/dev/null
  log "changed the password of user $user"
fi
unset password

# The default vhost / exists on every broker; another one is added when missing.
if [[ $vhost != / ]] && ! rabbitmqctl_q list_vhosts --no-table-headers | grep -xF -- "$vhost" >/dev/null; then
  rabbitmqctl_q add_vhost "$vhost" >/dev/null
  log "added vhost $vhost"
fi
rabbitmqctl_q set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null
log "user $user may configure, write and read everything on vhost $vhost"

if [[ $user != guest ]] && has_user guest; then
  rabbitmqctl_q delete_user guest >/dev/null
  log "deleted user guest"
fi
log "RabbitMQ ready"
