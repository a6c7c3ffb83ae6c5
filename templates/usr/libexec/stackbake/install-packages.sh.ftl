#!/bin/bash
# Written by stackbake: repositories and packages for OpenStack ${release.name} (${release.version}), role ${name}.
# Idempotent: dnf skips what is installed. Run at build time when the appliance has network,
# otherwise by first boot.
set -euo pipefail

dnf -y install dnf-plugins-core epel-release
dnf config-manager --set-enabled crb
dnf -y install ${release.repoPackage}
dnf -y install<#list packages as package> ${package}</#list>
