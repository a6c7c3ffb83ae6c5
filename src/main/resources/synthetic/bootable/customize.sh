#!/bin/bash
# mmdebstrap customize hook for stackbake's SYNTHETIC bootable test bases (synthetic:rocky-9-bootable,
# synthetic:rocky-10-bootable): arranges a Debian 12 or 13 userland the way Rocky 9 or 10 lays it out,
# so stackbake's rendered files land where the services read them. Runs on the build host as root,
# after all packages are installed.
#   $1 root file system   $2 tar of EL files to lay over it   $3 directory of .rpm files to declare
set -euo pipefail
root=$1
overlay=$2
rpms=$3
in_root() { chroot "$root" "$@"; }

# EL's files (os-release, units, /etc/my.cnf, sysconfig, presets, ...) over Debian's, keeping the
# metadata of directories that already exist.
tar -C "$root" --no-overwrite-dir --numeric-owner -xpf "$overlay"

# Accounts EL has and Debian names differently (Debian keeps its own too: memcache, _chrony).
in_root useradd --system --no-create-home --home-dir /run/memcached --shell /usr/sbin/nologin \
  --comment "Memcached daemon" memcached
if ! in_root getent passwd etcd >/dev/null; then
  in_root useradd --system --no-create-home --home-dir /var/lib/etcd --shell /usr/sbin/nologin \
    --comment "etcd user" etcd
fi
in_root install -d -o etcd -g etcd -m 0700 /var/lib/etcd
in_root useradd --create-home --user-group --comment "Cloud User" rocky
in_root passwd --lock rocky >/dev/null
in_root passwd --lock root >/dev/null
in_root chgrp _chrony /etc/chrony.keys
chmod 0640 "$root/etc/chrony.keys"
mkdir -p "$root/etc/yum.repos.d" "$root/etc/my.cnf.d"

# Units: servers installed but not enabled (as after `dnf install`); what Rocky 9 GenericCloud
# enables is enabled (cloud-init 24.3 and later split cloud-init.service into cloud-init-main.service
# and cloud-init-network.service: whichever the userland has). Debian's chrony.service is replaced by EL's chronyd.service; systemd-networkd
# and ifupdown-style networking stay off (NetworkManager owns the network).
for unit in mariadb.service mariadb.socket mariadb-extra.socket rabbitmq-server.service epmd.socket \
  epmd.service memcached.service etcd.service chrony.service systemd-networkd.service \
  systemd-networkd.socket systemd-networkd-wait-online.service apt-daily.timer \
  apt-daily-upgrade.timer dpkg-db-backup.timer; do
  if [ -e "$root/usr/lib/systemd/system/$unit" ]; then
    systemctl --root="$root" disable --quiet "$unit"
  fi
done
systemctl --root="$root" mask --quiet chrony.service
cloud_units=()
for unit in cloud-init-main.service cloud-init-local.service cloud-init.service cloud-init-network.service \
  cloud-config.service cloud-final.service; do
  if [ -e "$root/usr/lib/systemd/system/$unit" ]; then
    cloud_units+=("$unit")
  fi
done
systemctl --root="$root" enable --quiet NetworkManager.service NetworkManager-wait-online.service \
  chronyd.service "${cloud_units[@]}"
systemctl --root="$root" set-default multi-user.target

# Kernel: drop driver trees a virtual or server machine never loads (a third of the image), then
# an initramfs with only what finding root by UUID on virtio/SATA/SCSI disks needs (MODULES=list,
# set before the kernel was installed: 5 s instead of 66 s).
for kernel in "$root"/lib/modules/*; do
  rm -rf "$kernel"/kernel/drivers/{gpu,media,net/wireless,infiniband,staging,bluetooth,isdn,iio} \
    "$kernel"/kernel/sound
  in_root depmod -a "$(basename "$kernel")"
done
printf '%s\n' virtio_pci virtio_blk virtio_scsi sd_mod ahci xfs >>"$root/etc/initramfs-tools/modules"
in_root update-initramfs -u -k all

# The rpm database EL keeps in /var/lib/rpm: empty packages that declare what the recipe installs
# and what the Debian userland provides, registered only (nothing is unpacked).
mkdir -p "$root/var/lib/rpm" "$root/tmp/stackbake-rpms"
find "$rpms" -name '*.rpm' -exec cp -t "$root/tmp/stackbake-rpms/" {} +
in_root sh -c 'rpm --initdb && rpm -i --justdb --nodeps --noscripts --notriggers /tmp/stackbake-rpms/*.rpm'
rm -rf "$root/tmp/stackbake-rpms"

# An EL image has no apt sources: the mirrors mmdebstrap used stay on the build host.
rm -f "$root/etc/apt/sources.list" "$root"/etc/apt/sources.list.d/*

# A cloud image's identity is made at first boot: empty machine-id (systemd then applies the
# presets above), no D-Bus id, no random seed, no logs or caches from this build.
: >"$root/etc/machine-id"
chmod 0444 "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id" "$root/var/lib/systemd/random-seed"
rm -rf "$root"/var/log/*.log "$root"/var/log/apt "$root"/var/cache/apt/*.bin
