# Written by stackbake: MariaDB settings for OpenStack services.
[mysqld]
bind-address = ${mariadb.bindAddress}
default-storage-engine = ${mariadb.defaultStorageEngine}
innodb_file_per_table = ${mariadb.innodbFilePerTable}
max_connections = ${mariadb.maxConnections}
collation-server = ${mariadb.collationServer}
character-set-server = ${mariadb.characterSetServer}
<#if mariadb.skipNameResolve == "on">
# Clients are matched by address, never looked up in DNS: an unreachable DNS server would stall
# every connection from an address not in /etc/hosts. Grants name addresses (root@localhost is
# the unix socket).
</#if>
skip-name-resolve = ${mariadb.skipNameResolve}
