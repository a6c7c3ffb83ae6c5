package org.stackbake.service;

import java.util.Optional;

/**
 * One check a boot test makes from outside a booted node: the service answers on the node's
 * management address and port with its own protocol. Elements declare them; boot-test runs them.
 *
 * @param login who logs in, for protocols that log in (AMQP); the password is a secret name,
 *              resolved only when the build knows the value (env:/file:, not generate:)
 */
public record Probe(String service, ProbeProtocol protocol, int port, Optional<Login> login) {

    /** @param vhost the virtual host the login opens (AMQP's Connection.Open) */
    public record Login(String user, String passwordSecret, String vhost) {}

    public static Probe of(String service, ProbeProtocol protocol, int port) {
        return new Probe(service, protocol, port, Optional.empty());
    }
}
