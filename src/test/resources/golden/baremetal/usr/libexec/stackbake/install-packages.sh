#!/bin/bash
# Written by stackbake: repositories and packages for OpenStack dalmatian (2024.2), role baremetal.
# Idempotent: dnf skips what is installed. Run at build time when the appliance has network,
# otherwise by first boot.
set -euo pipefail

dnf -y install dnf-plugins-core epel-release
dnf config-manager --set-enabled crb
dnf -y install centos-release-openstack-dalmatian
dnf -y install vim bash-completion chrony python3-openstackclient openstack-selinux memcached python3-memcached etcd
