# Written by stackbake (cloudInit: ${cloudInit}): the image owns networking, /etc/hosts and the hostname.
network:
  config: disabled
manage_etc_hosts: false
preserve_hostname: true
<#if cloudInit == "disabled">
# Bare metal has no datasource: never wait for one if cloud-init is re-enabled.
datasource_list: [ None ]
</#if>
