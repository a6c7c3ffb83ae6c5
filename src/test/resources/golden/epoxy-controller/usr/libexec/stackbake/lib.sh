#!/bin/bash
# Written by stackbake: shared functions of first boot, sourced by the runner and every step.
# Secrets never reach a command line, the environment of a child, the journal or the report:
# they live in shell variables and reach tools through stdin or 0600 option files.
# Every path and tool below can be overridden by its environment variable (tests do).

# Guest defaults, from the build.
sb_default_state_dir='/var/lib/stackbake'
sb_default_steps_dir='/usr/libexec/stackbake/firstboot.d'
sb_default_lib='/usr/libexec/stackbake/lib.sh'
sb_default_passwords='/root/stackbake-passwords'
sb_default_install_packages='/usr/libexec/stackbake/install-packages.sh'
sb_service_hashes_name='firstboot-service-hashes'
sb_user_hashes_name='firstboot-user-hashes'
sb_done_name='firstboot.done'
sb_report_name='firstboot-report.json'
sb_step_state_name='firstboot.state'
sb_lock_name='firstboot.lock'
sb_checks_name='firstboot-checks.json'
sb_default_console='/dev/console'
sb_default_wait_seconds=300
# Secrets first boot generates when they are not in the passwords file yet: name and length.
declare -A STACKBAKE_GENERATE=( [mariadb_root]=32 [rabbitmq_openstack]=32 [root]=32 )

: "${STACKBAKE_STATE_DIR:=$sb_default_state_dir}"
: "${STACKBAKE_STEPS_DIR:=$sb_default_steps_dir}"
: "${STACKBAKE_LIB:=$sb_default_lib}"
: "${STACKBAKE_PASSWORDS_FILE:=$sb_default_passwords}"
: "${STACKBAKE_SERVICE_HASHES_FILE:=$STACKBAKE_STATE_DIR/$sb_service_hashes_name}"
: "${STACKBAKE_USER_HASHES_FILE:=$STACKBAKE_STATE_DIR/$sb_user_hashes_name}"
: "${STACKBAKE_DONE_MARKER:=$STACKBAKE_STATE_DIR/$sb_done_name}"
: "${STACKBAKE_REPORT:=$STACKBAKE_STATE_DIR/$sb_report_name}"
: "${STACKBAKE_STEP_STATE_DIR:=$STACKBAKE_STATE_DIR/$sb_step_state_name}"
: "${STACKBAKE_LOCK_FILE:=$STACKBAKE_STATE_DIR/$sb_lock_name}"
: "${STACKBAKE_CHECKS_FILE:=$STACKBAKE_STATE_DIR/$sb_checks_name}"
# Where the runner's progress lines go besides the journal; written only when writable.
: "${STACKBAKE_CONSOLE:=$sb_default_console}"
: "${STACKBAKE_SUDOERS_DIR:=/etc/sudoers.d}"
: "${STACKBAKE_HOSTNAMECTL:=hostnamectl}"
: "${STACKBAKE_INSTALL_PACKAGES:=$sb_default_install_packages}"
: "${STACKBAKE_RPM:=rpm}"
: "${STACKBAKE_SYSTEMCTL:=systemctl}"
: "${STACKBAKE_GETENFORCE:=getenforce}"
: "${STACKBAKE_SETENFORCE:=setenforce}"
# How long a step waits for a server to answer, in seconds.
: "${STACKBAKE_WAIT_SECONDS:=$sb_default_wait_seconds}"
export STACKBAKE_STATE_DIR STACKBAKE_STEPS_DIR STACKBAKE_LIB STACKBAKE_SERVICE_HASHES_FILE STACKBAKE_USER_HASHES_FILE \
  STACKBAKE_PASSWORDS_FILE STACKBAKE_DONE_MARKER STACKBAKE_REPORT STACKBAKE_STEP_STATE_DIR STACKBAKE_LOCK_FILE \
  STACKBAKE_CHECKS_FILE STACKBAKE_CONSOLE STACKBAKE_SUDOERS_DIR STACKBAKE_HOSTNAMECTL \
  STACKBAKE_INSTALL_PACKAGES STACKBAKE_RPM STACKBAKE_SYSTEMCTL STACKBAKE_GETENFORCE STACKBAKE_SETENFORCE \
  STACKBAKE_WAIT_SECONDS

umask 077

# log MESSAGE...: one line on stderr (the journal under systemd). Never pass a secret.
log() {
  printf '%s: %s\n' "${STACKBAKE_STEP:-firstboot}" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# Names the failing command (its unexpanded text, so no secret) when a step stops on an error.
trap 'log "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

# secret NAME: prints a generate: secret's value (no newline) from the operator's passwords file,
# creating it there first when missing. env:/file: secrets never reach the node: their steps get
# hashes (delivered_hash). Use as: value=$(secret NAME) — never inside a command's arguments.
secret() {
  local name=$1 line
  if [[ -f $STACKBAKE_PASSWORDS_FILE ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line == "$name="* ]]; then
        printf '%s' "${line#*=}"
        return
      fi
    done < "$STACKBAKE_PASSWORDS_FILE"
  fi
  if [[ -n ${STACKBAKE_GENERATE[$name]:-} ]]; then
    generate_secret "$name" "${STACKBAKE_GENERATE[$name]}"
    return
  fi
  die "secret '$name' is not in $STACKBAKE_PASSWORDS_FILE and is not one first boot generates"
}

# delivered_hash FORM NAME: prints the build's FORM hash of env:/file: secret NAME from the
# delivery file (form:name=hash lines), or nothing when the build delivered none (generate:).
delivered_hash() {
  local key="$1:$2" line
  [[ -f $STACKBAKE_SERVICE_HASHES_FILE ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == "$key="* ]]; then
      printf '%s' "${line#*=}"
      return 0
    fi
  done < "$STACKBAKE_SERVICE_HASHES_FILE"
}

# generate_secret NAME LENGTH: LENGTH characters of [A-Za-z0-9] from /dev/urandom (uniform: other
# bytes are dropped), appended to the passwords file (0600, replaced atomically and synced before
# the value is used, so a crash never loses a password a service already has). Prints the value.
generate_secret() {
  local name=$1 length=$2 value="" chunk tmp dir
  while (( ${#value} < length )); do
    chunk=$(head -c 4096 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
    value+=$chunk
  done
  value=${value:0:length}
  dir=$(dirname "$STACKBAKE_PASSWORDS_FILE")
  mkdir -p "$dir"
  tmp=$(mktemp "$STACKBAKE_PASSWORDS_FILE.XXXXXX")
  {
    if [[ -f $STACKBAKE_PASSWORDS_FILE ]]; then
      cat "$STACKBAKE_PASSWORDS_FILE"
    else
      printf '# Passwords generated by stackbake first boot on %s. Format: NAME=VALUE, one per line;\n' "$(uname -n)"
      printf '# values use only A-Z a-z 0-9, so this file can be sourced by a shell. Keep it 0600 or move it.\n'
    fi
    printf '%s=%s\n' "$name" "$value"
  } > "$tmp"
  chmod 0600 "$tmp"
  sync "$tmp"
  mv -f "$tmp" "$STACKBAKE_PASSWORDS_FILE"
  sync "$dir"
  log "generated secret '$name' (${#value} characters) into $STACKBAKE_PASSWORDS_FILE"
  printf '%s' "$value"
}

# port_open HOST PORT: a TCP connection succeeds within 5 s (the verify step's checks).
port_open() {
  # shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2"
}

# wait_until SECONDS DESCRIPTION COMMAND...: runs COMMAND every 2 s until it succeeds.
wait_until() {
  local seconds=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      log "$what: no answer after $seconds s"
      return 1
    fi
    sleep 2
  done
}

# await_unit UNIT: waits until systemd reports UNIT active (for Type=notify servers, active means
# up and serving). The first-boot unit is not ordered after the servers: each step
# waits here for its own. A unit that failed to start fails the step at once, naming it, rather
# than after the whole wait (a unit still being restarted by its Restart= is not failed yet).
await_unit() {
  local unit=$1 deadline=$((SECONDS + STACKBAKE_WAIT_SECONDS))
  until "$STACKBAKE_SYSTEMCTL" is-active --quiet "$unit"; do
    if "$STACKBAKE_SYSTEMCTL" is-failed --quiet "$unit"; then
      die "$unit failed to start (see: systemctl status $unit; journalctl -u $unit)"
    fi
    if (( SECONDS >= deadline )); then
      die "$unit is not active after $STACKBAKE_WAIT_SECONDS s (see: systemctl status $unit)"
    fi
    sleep 1
  done
  log "$unit is active"
}

# private_dir: sets STACKBAKE_PRIVATE_DIR to a 0700 directory for option files, removed when the
# script exits. Call it directly, not in $(...): a subshell would remove the directory at once.
private_dir() {
  if [[ -z ${STACKBAKE_PRIVATE_DIR:-} ]]; then
    STACKBAKE_PRIVATE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/stackbake.XXXXXX")
    trap 'rm -rf "$STACKBAKE_PRIVATE_DIR"' EXIT
  fi
}

# json_string TEXT: TEXT as a JSON string literal.
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\t'/\\t}
  s=${s//$'\r'/\\r}
  printf '"%s"' "$s"
}

: "${STACKBAKE_CHRONYC:=chronyc}"
export STACKBAKE_CHRONYC

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

: "${STACKBAKE_RABBITMQCTL:=rabbitmqctl}"
export STACKBAKE_RABBITMQCTL

# rabbitmq_listening HOST PORT: the broker's AMQP listener accepts a connection (it opens only
# once the broker has booted). STACKBAKE_RABBITMQ_AMQP=HOST:PORT points it at another listener.
rabbitmq_listening() {
  local address=${STACKBAKE_RABBITMQ_AMQP:-$1:$2}
  port_open "${address%:*}" "${address##*:}"
}

# rabbitmqctl ARGS...: the broker's CLI, quiet.
rabbitmqctl_q() {
  "$STACKBAKE_RABBITMQCTL" -q "$@"
}
