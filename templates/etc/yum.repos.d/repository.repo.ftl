<#-- One dnf repository file per entry of the definition's repositories:. Model: node, repo (NodeModel.RepositoryModel). -->
# Written by stackbake: repository ${repo.name} of ${node.name} (OpenStack ${node.release.name}).
[${repo.id}]
name=${repo.name} (stackbake)
baseurl=${repo.baseurl}
enabled=${repo.enabled?then("1", "0")}
<#if repo.gpgkey??>
gpgcheck=1
gpgkey=${repo.gpgkey}
<#else>
# No gpgkey in the definition: packages from here are not signature-checked.
gpgcheck=0
</#if>
