package org.stackbake.boot;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.stackbake.service.Probe;
import org.stackbake.spec.Secret;

/**
 * Runs one attempt of a probe against 127.0.0.1:port (the loopback forward to the guest) with the
 * protocol's own client. Knows the secrets the build can read (env:/file:), so AMQP logs in when
 * the password is known and only shakes hands when it was generated on the node.
 */
public final class ProbeClients {
    private final String host;
    private final Map<String, Secret> secrets;
    private final Map<String, String> whyUnknown;
    private final Duration attemptTimeout;

    /**
     * @param whyUnknown for secrets without a value here, why (e.g. "password generated on the node")
     */
    public ProbeClients(String host, Map<String, Secret> secrets, Map<String, String> whyUnknown,
                        Duration attemptTimeout) {
        this.host = host;
        this.secrets = Map.copyOf(secrets);
        this.whyUnknown = Map.copyOf(whyUnknown);
        this.attemptTimeout = attemptTimeout;
    }

    ProbeAttempt attempt(Probe probe, int port) {
        return switch (probe.protocol()) {
            case MYSQL_HANDSHAKE -> MysqlHandshake.probe(host, port, attemptTimeout);
            case TEXT_STATS -> TextStatsProbe.probe(host, port, attemptTimeout);
            case HTTP_HEALTH -> HttpHealthProbe.probe(host, port, attemptTimeout);
            case NTP -> NtpQuery.probe(host, port, attemptTimeout);
            case AMQP -> amqp(probe, port);
        };
    }

    private ProbeAttempt amqp(Probe probe, int port) {
        Optional<Probe.Login> login = probe.login();
        Optional<Secret> password = login.map(l -> secrets.get(l.passwordSecret()));
        if (login.isPresent() && password.isPresent()) {
            return AmqpProbe.login(host, port, login.get().vhost(), login.get().user(), password.get().reveal(), attemptTimeout);
        }
        ProbeAttempt handshake = AmqpProbe.handshake(host, port, attemptTimeout);
        if (handshake.kind() != ProbeAttempt.Kind.OK || login.isEmpty()) {
            return handshake;
        }
        String secret = login.get().passwordSecret();
        return ProbeAttempt.ok(handshake.detail() + "; login not checked: "
                + whyUnknown.getOrDefault(secret, "no secret named " + secret) + " (secret " + secret + ")");
    }
}
