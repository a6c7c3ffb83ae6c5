<#-- MariaDB's part of lib.sh (MariaDbElement#shellFragment): its clients, logging in as root, SQL. -->
<#noparse>
# sb_first_command NAME...: the first NAME on PATH, else the last one (its "not found" then names it).
sb_first_command() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then
      printf '%s' "$name"
      return
    fi
  done
  printf '%s' "$name"
}

# MariaDB's clients, by their own names where the node has them: 11.x warns on the deprecated
# mysql* names and later releases drop them; older installs may have only those. Empty socket:
# the client's default from /etc/my.cnf.
: "${STACKBAKE_MYSQL:=$(sb_first_command mariadb mysql)}"
: "${STACKBAKE_MYSQLADMIN:=$(sb_first_command mariadb-admin mysqladmin)}"
: "${STACKBAKE_MYSQL_SOCKET:=}"
export STACKBAKE_MYSQL STACKBAKE_MYSQLADMIN STACKBAKE_MYSQL_SOCKET

# mysql_option_file FILE [PASSWORD]: a 0600 [client] option file for root on the local socket.
# The password is written as a quoted option value (\ and " escaped), never passed as an argument.
mysql_option_file() {
  local file=$1 password=${2-} escaped
  : > "$file"
  chmod 0600 "$file"
  {
    printf '[client]\nuser=root\n'
    if [[ -n $STACKBAKE_MYSQL_SOCKET ]]; then
      printf 'socket="%s"\n' "$STACKBAKE_MYSQL_SOCKET"
    fi
    if [[ -n $password ]]; then
      escaped=${password//\\/\\\\}
      escaped=${escaped//\"/\\\"}
      printf 'password="%s"\n' "$escaped"
    fi
  } >> "$file"
}

# mysql_login [PASSWORD]: sets MYSQL_CNF to an option file that logs in as MariaDB root: by
# unix_socket as the OS root (fresh install and hardened state alike), else with PASSWORD when
# the node knows it (a generated one; an env:/file: password is known only as its hash).
mysql_login() {
  local password=${1-} dir
  private_dir
  dir=$STACKBAKE_PRIVATE_DIR
  MYSQL_CNF=$dir/socket.cnf
  mysql_option_file "$MYSQL_CNF"
  wait_until "$STACKBAKE_WAIT_SECONDS" "MariaDB" "$STACKBAKE_MYSQLADMIN" --defaults-extra-file="$MYSQL_CNF" ping ||
    die "MariaDB does not answer"
  if sql "SELECT 1" >/dev/null 2>&1; then
    log "MariaDB: logged in as root by unix_socket"
    return
  fi
  MYSQL_CNF=$dir/password.cnf
  mysql_option_file "$MYSQL_CNF" "$password"
  if [[ -n $password ]] && sql "SELECT 1" >/dev/null 2>&1; then
    log "MariaDB: logged in as root with the password"
    return
  fi
  die "MariaDB: root cannot log in by unix_socket${password:+ nor with the configured password}"
}

# sql STATEMENTS: runs SQL (read from stdin by the client, so it is not in the process list) as root.
sql() {
  "$STACKBAKE_MYSQL" --defaults-extra-file="$MYSQL_CNF" --batch --skip-column-names <<< "$1"
}

# mysql_native_hash: reads a password on stdin, prints its mysql_native_password hash,
# '*' + upper-case hex of SHA1(SHA1(password)), the value PASSWORD() computes.
mysql_native_hash() {
  local first second escapes="" i
  first=$(sha1sum)
  first=${first%% *}
  for ((i = 0; i < ${#first}; i += 2)); do
    escapes+="\\x${first:i:2}"
  done
  second=$(printf '%b' "$escapes" | sha1sum)
  second=${second%% *}
  printf '*%s' "${second^^}"
}

# mysql_ping: the server answers on the local socket (the verification step's check).
mysql_ping() {
  local cnf
  private_dir
  cnf=$STACKBAKE_PRIVATE_DIR/ping.cnf
  mysql_option_file "$cnf"
  "$STACKBAKE_MYSQLADMIN" --defaults-extra-file="$cnf" ping
}

# mysql_version: the version the server reports (SELECT VERSION(), as root by unix_socket), which
# the report records beside the check: from outside, the server refuses other hosts before any greeting.
mysql_version() {
  local cnf
  private_dir
  cnf=$STACKBAKE_PRIVATE_DIR/version.cnf
  mysql_option_file "$cnf"
  "$STACKBAKE_MYSQL" --defaults-extra-file="$cnf" --batch --skip-column-names <<< "SELECT VERSION()"
}
</#noparse>
