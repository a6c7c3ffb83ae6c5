<#-- etcd's unit when etcd comes from its release tarball (no RPM brings one). Model: artifact (release.ArtifactFile). -->
# Written by stackbake: etcd ${artifact.version} from ${artifact.url} (SHA-256 verified at build time).
# Configured by /etc/etcd/etcd.conf; data under ${artifact.home} (StateDirectory, owned by ${artifact.user}).
[Unit]
Description=etcd key-value store
Documentation=https://etcd.io/docs/
After=network-online.target
Wants=network-online.target

[Service]
Type=notify
User=${artifact.user}
Group=${artifact.user}
EnvironmentFile=-/etc/etcd/etcd.conf
StateDirectory=etcd
StateDirectoryMode=0700
WorkingDirectory=${artifact.home}
ExecStart=/usr/bin/etcd
Restart=on-failure
RestartSec=5s
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
