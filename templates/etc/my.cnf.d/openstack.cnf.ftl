# Written by stackbake: MariaDB settings for OpenStack services.
[mysqld]
bind-address = ${mariadb.bindAddress}
default-storage-engine = ${mariadb.defaultStorageEngine}
innodb_file_per_table = ${mariadb.innodbFilePerTable}
max_connections = ${mariadb.maxConnections}
collation-server = ${mariadb.collationServer}
character-set-server = ${mariadb.characterSetServer}
