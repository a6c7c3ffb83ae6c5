#!/bin/bash
# Written by stackbake: first-boot step — this node's packages and servers. A build with
# install: build has installed the packages already and this step only checks them; when one is
# missing, it runs install-packages.sh (release repositories, then the packages). Then, in the recipe's order, it
# makes SELinux permissive now when the definition does not want it enforcing (the build wrote
# /etc/selinux/config for the next boots), applies the definition's firewalld state, and starts
# the node's servers (enabling those the build could not). Idempotent: installed packages are not installed again,
# and enabling, starting, disabling or masking what already is changes nothing. A failed install
# fails the step before anything else is touched; the next boot runs it again.
# The servers are started without waiting for them (--no-block): a step that needs one waits for
# its unit itself, so this step and the next ones run while the servers start.
set -euo pipefail
sb_lib='/usr/libexec/stackbake/lib.sh'
# shellcheck source-path=SCRIPTDIR/.. source=lib.sh
. "${STACKBAKE_LIB:-$sb_lib}"
packages=( 'vim' 'bash-completion' 'chrony' 'python3-openstackclient' 'openstack-selinux' )
units=( 'chronyd.service' )
firewalld='disabled'
selinux='permissive'

# installed NAME: a package of that name, or one providing it, is installed ("vim" is installed
# as vim-enhanced, which provides it).
installed() {
  "$STACKBAKE_RPM" -q --whatprovides "$1" >/dev/null 2>&1
}

# missing_packages NAME...: the names no installed package provides, one per line, from ONE rpm
# call (each call reads the package database; under emulation that costs a second or more apiece).
# Fails when rpm fails for another reason than a missing package.
missing_packages() {
  local out status=0
  out=$(LC_ALL=C "$STACKBAKE_RPM" -q --whatprovides "$@" 2>&1) || status=$?
  sed -n 's/^no package provides //p' <<< "$out"
  ((status == 0)) || grep -q '^no package provides ' <<< "$out"
}

# as_list LINES: the lines of LINES joined by spaces.
as_list() {
  tr '\n' ' ' <<< "$1" | sed 's/ *$//'
}

installed_now=0
found=$(missing_packages "${packages[@]}") || die "$STACKBAKE_RPM could not query the package database"
if [[ -z $found ]]; then
  log "packages: all ${#packages[@]} installed"
else
  missing=$(as_list "$found")
  log "packages: $(wc -l <<< "$found") of ${#packages[@]} missing ($missing): running $STACKBAKE_INSTALL_PACKAGES"
  # Only an install needs the mirrors: the unit is not ordered after network-online.target, so
  # a node whose packages are in the image never waits for it.
  await_unit network-online.target
  "$STACKBAKE_INSTALL_PACKAGES" || die "$STACKBAKE_INSTALL_PACKAGES failed (exit $?); the next boot tries again"
  mapfile -t wanted <<< "$found"
  still=$(missing_packages "${wanted[@]}") || die "$STACKBAKE_RPM could not query the package database"
  if [[ -n $still ]]; then
    if (($(wc -l <<< "$still") == 1)); then
      die "package $still is still not installed after $STACKBAKE_INSTALL_PACKAGES"
    fi
    die "packages $(as_list "$still") are still not installed after $STACKBAKE_INSTALL_PACKAGES"
  fi
  log "packages: installed $missing"
  installed_now=1
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

# The build enabled the servers (their wants links), so they are only started; enabling again
# reloads the manager (and runs SysV helpers where a server ships an init script), seconds under
# emulation. A node whose packages were installed above, or whose build could not enable a
# server, enables them here: one call for all, as every enable reloads the manager.
if ((${#units[@]} > 0)); then
  enabled=0
  if ((installed_now == 0)); then
    enabled=$("$STACKBAKE_SYSTEMCTL" is-enabled "${units[@]}" 2>/dev/null | grep -cx enabled || true)
  fi
  if ((enabled == ${#units[@]})); then
    "$STACKBAKE_SYSTEMCTL" start --no-block "${units[@]}"
    log "starting ${units[*]} (enabled by the build)"
  else
    "$STACKBAKE_SYSTEMCTL" enable --now --no-block "${units[@]}"
    log "enabled and starting ${units[*]}"
  fi
fi
