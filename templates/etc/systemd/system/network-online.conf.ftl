# Written by stackbake: ${unit} binds an address of this node. network.target does not wait for
# addresses; network-online.target does (NetworkManager-wait-online), so the server can bind on every boot.
[Unit]
Wants=network-online.target
After=network-online.target
