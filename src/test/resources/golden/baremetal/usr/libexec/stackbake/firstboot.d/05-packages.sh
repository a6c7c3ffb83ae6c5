#!/bin/bash
# Written by stackbake: first-boot step — this node's packages and servers. A build with
# install: build has installed the packages already and this step only checks them; when one is
# missing, it runs install-packages.sh (release repositories, then the packages). Then, in the recipe's order, it
# makes SELinux permissive now when the definition does not want it enforcing (the build wrote
# /etc/selinux/config for the next boots), applies the definition's firewalld state, and enables
# and starts the node's servers in order. Idempotent: installed packages are not installed again,
# and enabling, starting, disabling or masking what already is changes nothing. A failed install
# fails the step before anything else is touched; the next boot runs it again.
# Starting the servers from here cannot deadlock although stackbake-firstboot.service is ordered
# after them: none of them is ordered after it, so their start jobs do not wait for this one.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
packages=( 'vim' 'bash-completion' 'chrony' 'python3-openstackclient' 'openstack-selinux' 'memcached' 'python3-memcached' 'etcd' )
units=( 'chronyd.service' 'memcached.service' 'etcd.service' )
firewalld='disabled'
selinux='permissive'

# installed NAME: a package of that name, or one providing it, is installed ("vim" is installed
# as vim-enhanced, which provides it).
installed() {
  "$STACKBAKE_RPM" -q --whatprovides "$1" >/dev/null 2>&1
}

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  log "packages: all ${#packages[@]} installed"
else
  log "packages: ${#missing[@]} of ${#packages[@]} missing (${missing[*]}): running $STACKBAKE_INSTALL_PACKAGES"
  "$STACKBAKE_INSTALL_PACKAGES" || die "$STACKBAKE_INSTALL_PACKAGES failed (exit $?); the next boot tries again"
  for package in "${missing[@]}"; do
    installed "$package" || die "package $package is still not installed after $STACKBAKE_INSTALL_PACKAGES"
  done
  log "packages: installed ${missing[*]}"
fi

if [[ $selinux != enforcing ]]; then
  if ! command -v "$STACKBAKE_GETENFORCE" >/dev/null || ! command -v "$STACKBAKE_SETENFORCE" >/dev/null; then
    log "SELinux: no getenforce/setenforce here; /etc/selinux/config ($selinux) applies from the next boot"
  elif [[ $("$STACKBAKE_GETENFORCE") == Enforcing ]]; then
    # A disabled SELinux takes a reboot; until then permissive is the nearest.
    "$STACKBAKE_SETENFORCE" 0
    log "SELinux: permissive now (was enforcing; $selinux in /etc/selinux/config)"
  fi
fi

if ! installed firewalld; then
  log "firewalld: not installed"
elif [[ $firewalld == enabled ]]; then
  "$STACKBAKE_SYSTEMCTL" enable --now firewalld.service
  log "firewalld: enabled and started"
else
  "$STACKBAKE_SYSTEMCTL" disable --now firewalld.service
  log "firewalld: disabled and stopped"
fi
if [[ $firewalld == masked ]]; then
  # Also when it is not installed, so that a later install cannot start it.
  "$STACKBAKE_SYSTEMCTL" mask firewalld.service
  log "firewalld: masked"
fi

for unit in "${units[@]}"; do
  "$STACKBAKE_SYSTEMCTL" enable --now "$unit"
  log "enabled and started $unit"
done
