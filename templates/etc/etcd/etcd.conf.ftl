# Written by stackbake for ${hostname}.
#[Member]
ETCD_DATA_DIR=${envQuote(etcd.dataDir)}
ETCD_LISTEN_PEER_URLS=${envQuote(etcd.peerUrl)}
ETCD_LISTEN_CLIENT_URLS=${envQuote(etcd.clientUrl)}
ETCD_NAME=${envQuote(etcd.name)}
#[Clustering]
ETCD_INITIAL_ADVERTISE_PEER_URLS=${envQuote(etcd.peerUrl)}
ETCD_ADVERTISE_CLIENT_URLS=${envQuote(etcd.clientUrl)}
ETCD_INITIAL_CLUSTER=${envQuote(etcd.initialCluster)}
ETCD_INITIAL_CLUSTER_TOKEN=${envQuote(etcd.clusterToken)}
ETCD_INITIAL_CLUSTER_STATE=${envQuote(etcd.clusterState)}
