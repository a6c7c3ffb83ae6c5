package org.stackbake.service;

/** How a {@link Probe} talks to its service: each with the protocol's own client, over TCP unless said. */
public enum ProbeProtocol {
    /** MySQL-protocol server greeting (or its "host not allowed" error packet, which proves it listens). */
    MYSQL_HANDSHAKE,
    /** AMQP 0-9-1 connection, logging in when the probe has a login. */
    AMQP,
    /** The memcache text protocol's {@code stats} command, answered by {@code STAT} lines up to {@code END}. */
    TEXT_STATS,
    /** HTTP {@code GET /health} answering JSON {@code "health":"true"}. */
    HTTP_HEALTH,
    /** An NTP client request over UDP answered by the server. */
    NTP
}
