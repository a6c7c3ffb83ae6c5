PORT="${memcached.port}"
USER="memcached"
MAXCONN="${memcached.maxConnections}"
CACHESIZE="${memcached.cacheSizeMb}"
OPTIONS=${envQuote("-l " + memcached.listen)}
