package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole rendered first boot (runner, hostname, MariaDB, RabbitMQ and verification steps)
 * against a real MariaDB and a real RabbitMQ with passwords full of shell, SQL, option-file and
 * printf metacharacters and non-ASCII text. While it runs, every process's arguments and
 * environment are sampled; afterwards no password may appear there, in the step output (what
 * the journal gets), in the servers' logs or in the report.
 */
@Tag("daemon")
class HostilePasswordsTest {
    static final String DB_PASSWORD = "r'o\"o$t`id`\\ #%s %n ü€😀 $(id) -- ;*";
    static final String MQ_PASSWORD = "m'q\"$HOME`id`\\ #%d ñ€😀 &|<> x";

    static MariaDbServer server;
    static RabbitMqServer broker;

    @TempDir
    static Path serverDir;

    @TempDir
    static Path brokerDir;

    @TempDir
    Path nodeDir;

    @BeforeAll
    static void startServers() throws Exception {
        server = MariaDbServer.start(serverDir);
        broker = RabbitMqServer.start(brokerDir);
    }

    @AfterAll
    static void stopServers() {
        if (broker != null) {
            broker.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RenderedNode render() throws Exception {
        Map<String, String> env = new HashMap<>(server.stepEnvironment());
        env.putAll(broker.stepEnvironment());
        return RenderedNode.render(nodeDir, RenderedNode.servicesDefinition(null),
                Map.of("SB_DB_ROOT", DB_PASSWORD, "SB_MQ_PASS", MQ_PASSWORD)).with(env);
    }

    @Test
    void hostilePasswordsWorkAndNeverShowInProcessesLogsOrReport() throws Exception {
        server.makeInsecure();
        RenderedNode node = render();
        StringBuilder output = new StringBuilder();
        ProcessSpy spy = new ProcessSpy();
        int samples;
        try {
            // Positive control: the spy does see command lines of short-lived processes.
            Proc.run(List.of("sleep", "0.77"), Map.of());
            Proc.Result firstBoot = node.runFirstboot();
            output.append(firstBoot.output());
            firstBoot.requireOk("first boot");

            // Second run of both steps (the runner itself would skip them: done marker).
            node = render();
            output.append(node.runStep("30-mariadb").requireOk("second MariaDB run").output());
            output.append(node.runStep("40-rabbitmq").requireOk("second RabbitMQ run").output());
        } finally {
            samples = spy.stop();
        }
        assertTrue(samples >= 20, "the spy sampled ps only " + samples + " times");
        assertTrue(spy.sawAnywhere("sleep 0.77"), "the spy must see short-lived command lines");

        // The passwords work.
        assertTrue(server.rootLoginOverTcp(DB_PASSWORD), "MariaDB root with the hostile password");
        assertFalse(server.rootLoginOverTcp(null), "MariaDB root without a password");
        RabbitMqStepTest.assertAmqpWorks(broker, "openstack", MQ_PASSWORD);
        RabbitMqStepTest.assertAmqpRefused(broker, "guest", "guest");

        // The run finished: report, done marker, delivery file gone, hostname set.
        Path state = Path.of(node.env().get("STACKBAKE_STATE_DIR"));
        String reportText = Files.readString(state.resolve("firstboot-report.json"));
        JsonNode report = new ObjectMapper().readTree(reportText);
        assertEquals("done", report.get("status").asText(), reportText);
        assertEquals(List.of("05-packages", "10-hostname", "30-mariadb", "40-rabbitmq", "90-verify"),
                report.get("steps").findValuesAsText("step"));
        report.get("steps").forEach(step -> {
            assertEquals("ok", step.get("status").asText(), reportText);
            assertTrue(step.get("duration").isNumber(), reportText);
        });
        assertEquals(List.of("chrony", "mariadb", "rabbitmq"), report.get("checks").findValuesAsText("check"));
        report.get("checks").forEach(check -> assertEquals("ok", check.get("status").asText(), reportText));
        assertTrue(Files.exists(state.resolve("firstboot.done")));
        assertEquals("set-hostname fbtest\n", Files.readString(nodeDir.resolve("fake-bin/hostnamectl.calls")));
        assertEquals(List.of("disable --now firewalld.service",
                "enable --now --no-block chronyd.service mariadb.service rabbitmq-server.service"),
                Files.readAllLines(nodeDir.resolve("fake-bin/systemctl.calls")).stream()
                        .filter(call -> !call.startsWith("is-active --quiet ") && !call.startsWith("is-enabled ")).toList(),
                "changes: only these (queries aside)");

        // No password anywhere it must not be.
        String logs = server.logs() + broker.logs();
        for (String secret : List.of(DB_PASSWORD, MQ_PASSWORD)) {
            for (String form : ProcessSpy.forms(secret)) {
                assertFalse(spy.sawAnywhere(form), "a password showed in a process's arguments or environment");
                assertFalse(output.toString().contains(form), "a password showed in the step output:\n" + output);
                assertFalse(logs.contains(form), "a password showed in a server log");
                assertFalse(reportText.contains(form), "a password showed in the report");
            }
        }
    }
}
