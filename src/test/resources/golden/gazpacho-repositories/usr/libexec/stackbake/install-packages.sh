#!/bin/bash
# Written by stackbake: repositories and packages for OpenStack gazpacho (2026.1), role compute-gazpacho.
# Run by first-boot step 05-packages when a package of the node is missing (the definition says
# install: firstboot, or a build-time install left one out). Idempotent, safe to run again (by hand, or on the
# next boot after a failed attempt): dnf skips what is installed and enabling crb again changes
# nothing. Stops at the first failing command, so a failure fails the step. $STACKBAKE_DNF
# replaces dnf (tests).
set -euo pipefail
dnf=${STACKBAKE_DNF:-dnf}

"$dnf" -y install dnf-plugins-core epel-release
"$dnf" config-manager --set-enabled crb
# OpenStack gazpacho has no RDO release package: its packages come from the repositories in
# /etc/yum.repos.d (the vendors' repositories the release catalog names and the definition's
# repositories: are written there as stackbake-NAME.repo).
"$dnf" -y install vim bash-completion chrony python3-openstackclient tcpdump openstack-nova-compute
