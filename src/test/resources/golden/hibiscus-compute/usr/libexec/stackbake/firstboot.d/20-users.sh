#!/bin/bash
# Written by stackbake: first-boot step — login users of the definition: account, shell, groups,
# sudo rule, SSH authorized keys and password. A password from env:/file: arrives as a SHA-512
# crypt hash made at build time (chpasswd -e); a generate: password is made here and left for the
# operator. Idempotent: accounts, groups and keys are added only when missing.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"

# ensure_user NAME SHELL: the account exists with SHELL and a home directory.
ensure_user() {
  local name=$1 shell=$2
  if getent passwd "$name" >/dev/null; then
    if [[ $(getent passwd "$name" | cut -d: -f7) != "$shell" ]]; then
      usermod -s "$shell" "$name"
      log "user $name: shell $shell"
    fi
  else
    useradd -m -s "$shell" "$name"
    log "user $name: created"
  fi
}

# ensure_groups NAME GROUP...: NAME is a member of every GROUP (created when missing).
ensure_groups() {
  local name=$1 group
  shift
  for group in "$@"; do
    getent group "$group" >/dev/null || groupadd "$group"
    if ! id -nG "$name" | tr ' ' '\n' | grep -xF -- "$group" >/dev/null; then
      usermod -aG "$group" "$name"
      log "user $name: added to group $group"
    fi
  done
}

# ensure_sudo NAME yes|no [nopasswd]: a sudoers.d rule for NAME, or none.
ensure_sudo() {
  local name=$1 wanted=$2 rule=${3:-} file tmp
  file=$STACKBAKE_SUDOERS_DIR/stackbake-$name
  if [[ $wanted != yes ]]; then
    rm -f "$file"
    return
  fi
  mkdir -p "$STACKBAKE_SUDOERS_DIR"
  tmp=$(mktemp "$STACKBAKE_SUDOERS_DIR/.stackbake-$name.XXXXXX")
  if [[ $rule == nopasswd ]]; then
    printf '# Written by stackbake first boot.\n%s ALL=(ALL) NOPASSWD: ALL\n' "$name" > "$tmp"
  else
    printf '# Written by stackbake first boot.\n%s ALL=(ALL) ALL\n' "$name" > "$tmp"
  fi
  chmod 0440 "$tmp"
  if command -v visudo >/dev/null; then
    visudo -cqf "$tmp" || { rm -f "$tmp"; die "sudo rule for $name does not parse"; }
  fi
  mv -f "$tmp" "$file"
  log "user $name: sudo rule $file"
}

# ensure_key NAME KEY: KEY is a line of NAME's ~/.ssh/authorized_keys (0700/0600, owned by NAME).
ensure_key() {
  local name=$1 key=$2 home group dir file
  home=$(getent passwd "$name" | cut -d: -f6)
  group=$(id -gn "$name")
  dir=$home/.ssh
  file=$dir/authorized_keys
  install -d -m 0700 -o "$name" -g "$group" "$dir"
  [[ -f $file ]] || install -m 0600 -o "$name" -g "$group" /dev/null "$file"
  if ! grep -xF -- "$key" "$file" >/dev/null; then
    printf '%s\n' "$key" >> "$file"
    log "user $name: SSH key added (${key%% *} ...)"
  fi
  if command -v restorecon >/dev/null; then
    restorecon -R "$dir" || true
  fi
}

# password_from_hash NAME: sets NAME's password from the build's hash file (chpasswd -e reads stdin).
password_from_hash() {
  local name=$1 line
  if [[ $(getent shadow "$name" | cut -d: -f2) == "$(hash_for "$name")" ]]; then
    log "user $name: password already set"
    return
  fi
  line="$name:$(hash_for "$name")"
  [[ $line != "$name:" ]] || die "no password hash for $name in $STACKBAKE_USER_HASHES_FILE"
  printf '%s\n' "$line" | chpasswd -e
  log "user $name: password set (from the build's hash)"
}

# hash_for NAME: NAME's hash from the hash file, or nothing.
hash_for() {
  local line
  [[ -f $STACKBAKE_USER_HASHES_FILE ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == "$1:"* ]]; then
      printf '%s' "${line#*:}"
      return 0
    fi
  done < "$STACKBAKE_USER_HASHES_FILE"
}

# password_generated NAME SECRET: sets NAME's password to SECRET (generated and kept for the
# operator on first use), through chpasswd's stdin.
password_generated() {
  local name=$1 secret_name=$2 password
  password=$(secret "$secret_name")
  printf '%s:%s\n' "$name" "$password" | chpasswd
  unset password
  log "user $name: password set (secret $secret_name, see $STACKBAKE_PASSWORDS_FILE)"
}

# root: generated password
password_generated root 'root'
