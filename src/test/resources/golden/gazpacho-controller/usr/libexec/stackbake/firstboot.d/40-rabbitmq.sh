#!/bin/bash
# Written by stackbake: first-boot step — RabbitMQ: waits until the broker's unit is active, then
# in two broker commands (each rabbitmqctl call starts an Erlang VM, 7-10 s under emulation):
# imports definitions carrying user openstack with the password hash of secret rabbitmq_openstack,
# its configure/write/read ".*" permissions on vhost / (and that vhost), then deletes the guest user.
# Runs after the hostname step: users live in the database of node rabbit@<hostname>.
# The broker only ever gets a rabbit_password_hashing_sha256 hash, base64(salt ‖ SHA-256(salt ‖
# password)), imported from a 0600 definitions file (RabbitMQ 4.0's CLI on Erlang 27 never reads its
# stdin, so the file is the one way that works on 3.x and 4.x). An env:/file: password never reaches
# the node: the build delivers its hash. A generated password is hashed here once, with a random
# salt, and the hash is kept in the delivery file until first boot is done, so a run again imports
# the same hash. Idempotent: importing the same definitions again changes nothing, and a guest
# already gone is left so. Only RabbitMQ 3.8+ / 4.x commands that neither version deprecates are used.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
user='openstack'
vhost='/'
unit='rabbitmq-server.service'
secret_name='rabbitmq_openstack'
form=rabbit_password_hashing_sha256

# rabbit_hash: reads a password on stdin, prints its rabbit_password_hashing_sha256 hash with a
# random 4-byte salt. The salt and digest travel as hex escapes; no byte of them is ever an argument.
rabbit_hash() {
  local salt digest escapes="" hex i
  salt=$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')
  for ((i = 0; i < ${#salt}; i += 2)); do
    escapes+="\\x${salt:i:2}"
  done
  digest=$({ printf '%b' "$escapes"; cat; } | sha256sum)
  hex=$salt${digest%% *}
  escapes=""
  for ((i = 0; i < ${#hex}; i += 2)); do
    escapes+="\\x${hex:i:2}"
  done
  printf '%b' "$escapes" | base64 -w0
}

hash=$(delivered_hash "$form" "$secret_name")
source="the build's hash"   # or, on a run again, the one kept below
if [[ -z $hash ]]; then
  password=$(secret "$secret_name")
  [[ -n $password ]] || die "secret '$secret_name' is empty"
  hash=$(printf '%s' "$password" | rabbit_hash)
  unset password
  # Kept beside the build's hashes (0600, removed when first boot is done): a run again imports this same hash.
  mkdir -p "$(dirname "$STACKBAKE_SERVICE_HASHES_FILE")"
  printf '%s:%s=%s\n' "$form" "$secret_name" "$hash" >> "$STACKBAKE_SERVICE_HASHES_FILE"
  chmod 0600 "$STACKBAKE_SERVICE_HASHES_FILE"
  source="the generated password's hash"
fi
[[ $hash =~ ^[A-Za-z0-9+/]{48}$ ]] || die "the $form hash of secret '$secret_name' is malformed"

await_unit "$unit"

vhosts=""
if [[ $vhost != / ]]; then   # the default vhost / exists on every broker
  vhosts=$(printf '"vhosts": [{"name": %s}],' "$(json_string "$vhost")")
fi
# A file, 0600 in a private directory both owned by the broker's user (its CLI runs as that user).
private_dir
definitions=$STACKBAKE_PRIVATE_DIR/definitions.json
printf '{%s "users": [{"name": %s, "password_hash": %s, "hashing_algorithm": "%s", "tags": ""}],
 "permissions": [{"user": %s, "vhost": %s, "configure": ".*", "write": ".*", "read": ".*"}]}\n' \
  "$vhosts" "$(json_string "$user")" "$(json_string "$hash")" "$form" "$(json_string "$user")" "$(json_string "$vhost")" \
  > "$definitions"
chown rabbitmq "$STACKBAKE_PRIVATE_DIR" "$definitions" 2>/dev/null || true
rabbitmqctl_q import_definitions "$definitions" >/dev/null
log "user $user: imported with $source; may configure, write and read everything on vhost $vhost"

if [[ $user != guest ]]; then
  # 67 (EX_NOUSER): there is no guest (anymore).
  rc=0
  out=$(rabbitmqctl_q delete_user guest 2>&1) || rc=$?
  case $rc in
    0) log "deleted user guest" ;;
    67) log "user guest: already gone" ;;
    *) die "rabbitmqctl delete_user guest failed (exit $rc): ${out##*$'\n'}" ;;
  esac
fi
log "RabbitMQ ready"
