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
declare -A STACKBAKE_GENERATE=( [mariadb_root]=32 [root]=32 )

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
