# Written by stackbake: first boot of node ${node.name}. Enabled by a symlink in
# multi-user.target.wants; skipped once the done marker exists; a failure shows as a failed unit
# and the next boot retries the unfinished steps. Output goes to the journal:
#   journalctl -u stackbake-firstboot
# Wants=/After= name the node's servers, which on a bare base are not installed yet: step
# 05-packages installs them and starts them itself. That cannot deadlock: a Wants= unit that is
# not found is left out of the boot transaction without failing it (unlike Requires=), and After=
# only orders start jobs, so a missing unit, having none, delays nothing. Where the base has a
# server, it is up before this unit starts. (Checked with systemd-analyze verify, systemd 252.)
# TimeoutStartSec is the sum of the steps' budgets: each wait for a server at its full
# ${fb.waitSeconds?c} s plus each step's own work (package installs, server starts), so a slow but
# healthy first boot is never cut off; a stuck one still ends.
[Unit]
Description=stackbake first boot: packages, hostname, users, service passwords, verification
Wants=network-online.target<#list node.serviceUnits as unit> ${unit}</#list>
After=network-online.target<#list node.serviceUnits as unit> ${unit}</#list>
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
