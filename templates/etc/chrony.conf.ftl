# Written by stackbake for ${hostname}.
<#if ntp.pool??>
pool ${ntp.pool} iburst
</#if>
<#list ntp.servers as server>
server ${server} iburst
</#list>
sourcedir /run/chrony-dhcp
driftfile /var/lib/chrony/drift
makestep 1.0 3
rtcsync
keyfile /etc/chrony.keys
ntsdumpdir /var/lib/chrony
leapsectz right/UTC
logdir /var/log/chrony
<#if ntp.serves>
# Serve time to these subnets; keep serving from the local clock when upstream is unreachable.
<#list ntp.allow as subnet>
allow ${subnet}
</#list>
local stratum 10
</#if>
