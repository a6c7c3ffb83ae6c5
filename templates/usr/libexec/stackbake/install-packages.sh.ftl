#!/bin/bash
# Written by stackbake: repositories and packages for OpenStack ${release.name} (${release.version}), role ${name}.
# Run by first-boot step 05-packages when a package of the node is missing: the build cannot
# install them, the appliance has no network. Idempotent, safe to run again (by hand, or on the
# next boot after a failed attempt): dnf skips what is installed and enabling crb again changes
# nothing. Stops at the first failing command, so a failure fails the step. $STACKBAKE_DNF
# replaces dnf (tests).
set -euo pipefail
dnf=${r"${STACKBAKE_DNF:-dnf}"}

"$dnf" -y install dnf-plugins-core epel-release
"$dnf" config-manager --set-enabled crb
"$dnf" -y install ${release.repoPackage}
"$dnf" -y install<#list packages as package> ${package}</#list>
