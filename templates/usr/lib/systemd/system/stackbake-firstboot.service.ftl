# Written by stackbake: first boot of node ${node.name}. Enabled by a symlink in
# multi-user.target.wants; skipped once the done marker exists; a failure shows as a failed unit
# and the next boot retries the unfinished steps. Output goes to the journal:
#   journalctl -u stackbake-firstboot
[Unit]
Description=stackbake first boot: hostname, users, service passwords, verification
Wants=network-online.target<#list fb.units as unit> ${unit}</#list>
After=network-online.target<#list fb.units as unit> ${unit}</#list>
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
TimeoutStartSec=30min

[Install]
WantedBy=multi-user.target
