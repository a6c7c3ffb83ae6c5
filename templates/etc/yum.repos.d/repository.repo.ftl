<#-- One dnf repository file per repository of the node: the definition's repositories:, then the vendors'
     repositories the release catalog names for its packages. Model: node, repo (NodeModel.RepositoryModel). -->
<#if repo.vendor>
# Written by stackbake: ${repo.title}, a vendor repository the release catalog names for OpenStack
# ${node.release.name} on ${node.name}. A definition's repository named ${repo.name} replaces it (a mirror).
<#else>
# Written by stackbake: repository ${repo.name} of ${node.name} (OpenStack ${node.release.name}).
</#if>
[${repo.id}]
name=${repo.title} (stackbake)
baseurl=${repo.baseurl}
enabled=${repo.enabled?then("1", "0")}
<#if repo.gpgkey??>
gpgcheck=1
gpgkey=${repo.gpgkey}
<#else>
# No gpgkey in the definition: packages from here are not signature-checked.
gpgcheck=0
</#if>
<#list repo.options as option, value>
${option}=${value}
</#list>
