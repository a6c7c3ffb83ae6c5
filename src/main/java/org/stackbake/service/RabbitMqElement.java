package org.stackbake.service;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.files.Escaping;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;
import org.stackbake.spec.Names;

/** RabbitMQ: the OpenStack user and its permissions (first-boot step), its checks. */
public final class RabbitMqElement implements ServiceElement {
    private static final String UNIT = "rabbitmq-server.service";
    public static final int AMQP_PORT = 5672;
    /** The broker's name for the hash the delivery file carries; also the definitions' hashing_algorithm. */
    static final String HASH_FORM = "rabbit_password_hashing_sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** unit: the broker's systemd unit, which the step waits for. */
    public record Model(String user, String vhost, String passwordSecret, String unit) {}

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return def.services().rabbitmq() != null;
    }

    @Override
    public List<ElementChecks.Port> ports(Definition def) {
        return List.of(new ElementChecks.Port(AMQP_PORT, name() + " (AMQP)", null),
                new ElementChecks.Port(25672, name() + " (clustering)", null), new ElementChecks.Port(4369, "epmd", null));
    }

    @Override
    public List<String> accounts() {
        return List.of(name());
    }

    @Override
    public void validate(Definition def, DefinitionProblems problems) {
        Definition.RabbitMq mq = def.services().rabbitmq();
        String at = "/services/rabbitmq";
        if (!Names.isUser(mq.user())) {
            problems.value(at + "/user", "invalid RabbitMQ user name '" + mq.user() + "'", "lower-case letters, digits, '_' and '-'");
        }
        problems.singleLine(at + "/vhost", mq.vhost());
        problems.secretName(at + "/password", mq.password());
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("rabbitmq-server");
    }

    @Override
    public List<String> units(Definition def) {
        return List.of(UNIT);
    }

    @Override
    public Model model(Definition def, NodeFacts node) {
        Definition.RabbitMq mq = def.services().rabbitmq();
        return new Model(mq.user(), mq.vhost(), mq.password(), UNIT);
    }

    /** One wait for the broker's unit; two rabbitmqctl calls, each starting an Erlang VM (7-10 s under TCG). */
    @Override
    public Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.of(FirstbootStep.of("40-rabbitmq", 1, 60,
                new FirstbootStep.SecretNeed(def.services().rabbitmq().password(), HASH_FORM, RabbitMqElement::passwordHash)));
    }

    @Override
    public Optional<String> shellFragment() {
        return Optional.of(FirstbootStep.LIB_DIR + "rabbitmq.sh.ftl");
    }

    @Override
    public List<FirstbootCheck> firstbootChecks(Definition def, NodeFacts node) {
        // The AMQP listener opens only once the broker has booted; its step already ran broker
        // commands, so a port check proves as much as `rabbitmqctl status` without a third
        // Erlang VM start (7-10 s under TCG).
        String host = node.managementAddress();
        return List.of(new FirstbootCheck(name(), "port " + host + ":" + AMQP_PORT,
                "rabbitmq_listening " + Escaping.shellQuote(host) + " " + AMQP_PORT));
    }

    @Override
    public List<Probe> probes(Definition def) {
        Definition.RabbitMq mq = def.services().rabbitmq();
        return List.of(new Probe(name(), ProbeProtocol.AMQP, AMQP_PORT,
                Optional.of(new Probe.Login(mq.user(), mq.password(), mq.vhost()))));
    }

    /**
     * RabbitMQ's rabbit_password_hashing_sha256 as stored in its database and in definitions:
     * base64(salt ‖ SHA-256(salt ‖ UTF-8 password)) with a random 4-byte salt, new per build.
     */
    public static String passwordHash(String password) {
        byte[] salt = new byte[4];
        RANDOM.nextBytes(salt);
        return passwordHash(salt, password);
    }

    static String passwordHash(byte[] salt, String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] salted = new byte[salt.length + pw.length];
        System.arraycopy(salt, 0, salted, 0, salt.length);
        System.arraycopy(pw, 0, salted, salt.length, pw.length);
        byte[] digest = DigestUtils.sha256(salted);
        byte[] stored = new byte[salt.length + digest.length];
        System.arraycopy(salt, 0, stored, 0, salt.length);
        System.arraycopy(digest, 0, stored, salt.length, digest.length);
        return Base64.getEncoder().encodeToString(stored);
    }
}
