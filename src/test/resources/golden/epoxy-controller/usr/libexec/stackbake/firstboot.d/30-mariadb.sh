#!/bin/bash
# Written by stackbake: first-boot step — secures MariaDB like mysql_secure_installation:
# root@localhost gets the password of secret mariadb_root and keeps unix_socket (the OS root
# logs in without a password), other local root accounts (127.0.0.1, ::1) get the same password,
# anonymous and remote root accounts (any other host, name or pattern) are dropped, the test
# database and every privilege on test/test_% are removed, privileges are reloaded.
# With skip-name-resolve, root@localhost matches the unix socket only: local root logs in there.
# Idempotent: each change is made only when the server is not in that state already. The node
# never sees an env:/file: password: the build delivers its mysql_native_password hash, which
# reaches the server through the client's stdin. A generated password is hashed here.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
secret_name='mariadb_root'

password=""
hash=$(delivered_hash mysql_native_password "$secret_name")
if [[ -z $hash ]]; then
  password=$(secret "$secret_name")
  [[ -n $password ]] || die "secret '$secret_name' is empty"
  hash=$(printf '%s' "$password" | mysql_native_hash)
fi
[[ $hash =~ ^\*[0-9A-F]{40}$ ]] || die "the mysql_native_password hash of secret '$secret_name' is malformed"
mysql_login "$password"
unset password

# set_auth ACCOUNT CLAUSE: ALTER USER ACCOUNT IDENTIFIED CLAUSE, unless SHOW CREATE USER shows
# the account already has this hash (and unix_socket, when CLAUSE has it).
set_auth() {
  local account=$1 clause=$2 current
  current=$(sql "SHOW CREATE USER $account")
  if [[ $current == *"'$hash'"* && ($clause != *unix_socket* || $current == *unix_socket*) ]]; then
    log "$account: password already set"
  else
    sql "ALTER USER $account IDENTIFIED $clause"
    log "$account: password set"
  fi
}

set_auth "'root'@'localhost'" "VIA unix_socket OR mysql_native_password USING '$hash'"
for host in 127.0.0.1 ::1; do
  if [[ $(sql "SELECT COUNT(*) FROM mysql.user WHERE User = 'root' AND Host = '$host'") != 0 ]]; then
    set_auth "'root'@'$host'" "VIA mysql_native_password USING '$hash'"
  fi
done

mapfile -t accounts < <(sql "SELECT CONCAT(QUOTE(User), '@', QUOTE(Host)) FROM mysql.user
  WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1'))")
for account in "${accounts[@]}"; do
  sql "DROP USER IF EXISTS $account"
  log "dropped account $account"
done

if [[ -n $(sql "SHOW DATABASES LIKE 'test'") ]]; then
  sql "DROP DATABASE IF EXISTS test"
  log "dropped database test"
fi
grants=$(sql "SELECT COUNT(*) FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%'")
if [[ $grants != 0 ]]; then
  sql "DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%'"
  log "removed $grants privilege rows on test and test_%"
fi
sql "FLUSH PRIVILEGES"
log "MariaDB secured"
