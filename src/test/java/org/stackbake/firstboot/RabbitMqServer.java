package org.stackbake.firstboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A private RabbitMQ broker for tests (Debian's rabbitmq-server): its own node name, Erlang
 * cookie (in a private HOME), epmd port, distribution and AMQP ports on loopback, and database and
 * logs under a temp dir. {@link #environment()} points rabbitmqctl at it. Public for the boot-test
 * probe tests.
 */
public final class RabbitMqServer implements AutoCloseable {
    static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    static final String CTL = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    static final String EPMD = "/usr/bin/epmd";

    private final Path dir;
    private final Map<String, String> env;
    private final int amqpPort;
    private Process epmd;
    private Process server;

    private RabbitMqServer(Path dir) {
        this.dir = dir;
        this.amqpPort = Proc.freePort();
        Map<String, String> e = new HashMap<>();
        e.put("HOME", dir.resolve("home").toString());
        e.put("ERL_EPMD_PORT", String.valueOf(Proc.freePort()));
        e.put("RABBITMQ_NODENAME", "sbtest" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
        e.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        e.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
        e.put("RABBITMQ_DIST_PORT", String.valueOf(Proc.freePort()));
        e.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        e.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        e.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        e.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        e.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        e.put("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString());
        e.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
        e.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        e.put("LANG", "C.UTF-8");
        this.env = Map.copyOf(e);
    }

    public static RabbitMqServer start(Path dir) throws IOException, InterruptedException {
        Proc.requireExecutable(SERVER, "rabbitmq-server");
        Proc.requireExecutable(CTL, "rabbitmq-server");
        Proc.requireExecutable(EPMD, "erlang-base (a dependency of rabbitmq-server)");
        RabbitMqServer broker = new RabbitMqServer(dir);
        Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        try {
            broker.epmd = new ProcessBuilder(EPMD, "-port", broker.env.get("ERL_EPMD_PORT"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("epmd.out").toFile()).start();
            // The broker must find our epmd listening, or Erlang starts a daemon of its own that outlives the test.
            awaitPort(Integer.parseInt(broker.env.get("ERL_EPMD_PORT")), broker.epmd);
            ProcessBuilder builder = new ProcessBuilder(SERVER).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.out").toFile());
            builder.environment().putAll(broker.env);
            broker.server = builder.start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (broker.ctl("await_startup").exit() == 0) {
                    return broker;
                }
                if (!broker.server.isAlive()) {
                    break;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("RabbitMQ did not start:\n" + broker.logs());
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    private static void awaitPort(int port, Process process) throws InterruptedException {
        for (int i = 0; i < 100 && process.isAlive(); i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("epmd did not listen on port " + port);
    }

    /** Runs rabbitmqctl against this broker; fails the test when it fails. */
    public void ctlOrFail(String... args) {
        ctl(args).requireOk("rabbitmqctl " + args[0]);
    }

    Proc.Result ctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(CTL, "-q"));
        command.addAll(List.of(args));
        return Proc.run(command, env, null, 120);
    }

    List<String> users() {
        return ctl("list_users", "--no-table-headers").requireOk("list_users").output().lines()
                .map(line -> line.split("\t")[0]).toList();
    }

    public int amqpPort() {
        return amqpPort;
    }

    /** The environment under which rabbitmqctl (and the rendered step) reaches this broker. */
    Map<String, String> environment() {
        return env;
    }

    /** Environment for the rendered scripts: the broker's, plus the CLI without Debian's su wrapper. */
    Map<String, String> stepEnvironment() {
        Map<String, String> e = new HashMap<>(env);
        e.put("STACKBAKE_RABBITMQCTL", CTL);
        e.put("STACKBAKE_RABBITMQ_AMQP", "127.0.0.1:" + amqpPort);
        return e;
    }

    String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("log"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        Path out = dir.resolve("server.out");
        if (Files.exists(out)) {
            text.append(new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            ctl("stop");
        }
        Proc.stop(server, 30);
        Proc.stop(epmd, 5);
    }
}
