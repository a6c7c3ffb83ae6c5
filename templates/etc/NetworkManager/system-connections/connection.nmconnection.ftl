<#-- One NetworkManager keyfile per NIC. Model: node, nic (NodeModel.NicModel). -->
[connection]
id=${keyfile(nic.id)}
uuid=${nic.uuid}
type=ethernet
autoconnect=true
autoconnect-priority=200
<#if nic.interfaceName??>
interface-name=${nic.interfaceName}
</#if>

[ethernet]
<#if nic.mac??>
mac-address=${nic.mac}
</#if>

[ipv4]
<#if nic.ipv4Method == "manual">
<#if nic.gateway??>
address1=${nic.address},${nic.gateway}
<#else>
address1=${nic.address}
</#if>
<#if nic.dns??>
dns=${nic.dns}
</#if>
method=manual
<#else>
method=disabled
</#if>

[ipv6]
<#if nic.ipv6Method == "auto">
addr-gen-mode=eui64
</#if>
method=${nic.ipv6Method}

[proxy]
