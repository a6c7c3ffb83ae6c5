# Written by stackbake: first boot of node ${node.name}. Enabled by a symlink in
# multi-user.target.wants; skipped once the done marker exists; a failure shows as a failed unit
# and the next boot retries the unfinished steps. Output goes to the journal:
#   journalctl -u stackbake-firstboot
# Wants= names the node's servers, which on a bare base are not installed yet: step 05-packages
# installs them and starts them itself; a Wants= unit that is not found is left out of the boot
# transaction without failing it (unlike Requires=). The unit is NOT ordered after them: the steps
# that need no server run while the servers start, and each step that needs one waits for it
# itself (await_unit in lib.sh), failing at once, naming the unit, when it fails to start.
# Nor is it ordered after network-online.target (NetworkManager-wait-online can take most of a
# boot under emulation): only a package install needs the network, and step 05-packages waits
# for the target before one; Wants= still pulls the target into the boot.
# TimeoutStartSec is the sum of the steps' budgets: each wait for a server at its full
# ${fb.waitSeconds?c} s plus each step's own work (package installs, server starts), so a slow but
# healthy first boot is never cut off; a stuck one still ends.
[Unit]
Description=stackbake first boot: packages, hostname, users, service passwords, verification
Wants=network-online.target<#list node.serviceUnits as unit> ${unit}</#list>
ConditionPathExists=!${fb.paths.stateDir}/${fb.paths.doneName}

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=${fb.paths.runner}
Environment=LANG=C.UTF-8
UMask=0077
StandardOutput=journal
StandardError=journal
SyslogIdentifier=stackbake-firstboot
TimeoutStartSec=${fb.timeoutMinutes?c}min

[Install]
WantedBy=multi-user.target
