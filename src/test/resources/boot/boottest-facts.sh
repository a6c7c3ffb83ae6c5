#!/bin/bash
# Test-only, for BootIntegrationTest: injected into the test's own disposable copy of a built image
# (never into the product image). On every boot, after first boot's unit, it prints what can only be
# seen from inside the node to the serial console as "boottest-fact BOOT KEY: LINE" lines.
set -u
state=/var/lib/boottest
boot=$(( $(cat "$state/boots" 2>/dev/null || echo 0) + 1 ))
echo "$boot" > "$state/boots"

# fact KEY COMMAND...: each output line of COMMAND (stdout and stderr) as one console line.
fact() {
  local key=$1
  shift
  "$@" 2>&1 | while IFS= read -r line; do
    printf 'boottest-fact %s %s: %s\n' "$boot" "$key" "$line" > /dev/console
  done
}

fact hostname hostname
fact ipv4 ip -o -4 addr show
fact ipv6 ip -o -6 addr show
fact link ip -o link show
fact listen ss -ltnH
# The x86-64 levels glibc finds supported ("x86-64-v3 (supported, searched)"), and the v3 flags.
fact cpu sh -c '/lib64/ld-linux-x86-64.so.2 --help | grep -o "x86-64-v[0-9].*" ; grep -o -w -E "avx2|fma|bmi2|movbe|f16c" /proc/cpuinfo | sort -u | paste -sd" " -'
# cloud-init 24.3 and later (EL10) split cloud-init into cloud-init-main and cloud-init-network.
for unit in mariadb rabbitmq-server memcached etcd chronyd cloud-init-local cloud-init cloud-init-main \
  cloud-init-network cloud-config cloud-final; do
  fact unit printf '%s %s\n' "$unit" "$(systemctl is-active "$unit" 2>/dev/null)"
done
# Renamed, so that the boot test's console reader does not take the echo for first boot's own lines.
fact firstboot-journal sh -c 'journalctl -b -o cat -u stackbake-firstboot --no-pager | sed "s/stackbake-firstboot: /firstboot-line: /"'
fact managed sha256sum /etc/hosts /etc/hostname /etc/NetworkManager/system-connections/ens160.nmconnection \
  /etc/NetworkManager/system-connections/ens224.nmconnection
# cloud-init's systemd generator always writes /run/cloud-init (its log, "enabled" or "disabled");
# status.json and result.json only appear once a cloud-init stage has run.
if [ -d /run/cloud-init ]; then fact cloud-init-run ls -1 /run/cloud-init; else fact cloud-init-run echo absent; fi
if [ -r "$state/mariadb_root" ]; then
  # Local root login with the password (over the socket), and what databases are left.
  cnf=$(mktemp)
  printf '[client]\nuser=root\npassword=%s\n' "$(cat "$state/mariadb_root")" > "$cnf"
  fact mariadb-databases "$(command -v mariadb || echo mysql)" --defaults-extra-file="$cnf" -N -e 'SHOW DATABASES'
  fact mariadb-version "$(command -v mariadb || echo mysql)" --defaults-extra-file="$cnf" -N -e 'SELECT VERSION()'
  rm -f "$cnf"
fi
if [ -e "$state/chrony-client" ]; then
  # A client selects its source after three samples: at once when its iburst was answered, after
  # three 64 s polls when the controller was not serving yet. Wait up to 5 minutes for '^*'.
  for _ in $(seq 1 100); do
    chronyc -n sources 2>/dev/null | grep -q '^\^\*' && break
    sleep 3
  done
  fact chrony-sources chronyc -n sources
  fact chrony-sourcestats chronyc -n sourcestats
fi
printf 'boottest-fact %s done\n' "$boot" > /dev/console
