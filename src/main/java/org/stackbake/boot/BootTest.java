package org.stackbake.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.AccelMemory;
import org.stackbake.guest.api.GuestBackends;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.Sidecars;
import org.stackbake.service.Elements;
import org.stackbake.service.Probe;
import org.stackbake.service.ProbeProtocol;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.Secret;
import org.stackbake.spec.SecretRef;
import org.stackbake.spec.SecretResolver;
import org.stackbake.spec.SpecException;

/**
 * `stackbake boot-test`: boots a throw-away overlay of a built image under qemu, follows the
 * serial console until first boot ends, probes every service of the node from outside through
 * loopback forwards, powers the guest off, and reads the first-boot report back from the disk.
 * Usable from tests: {@code new BootTest(System.out::println).run(BootSpec.of(image))}; two runs
 * on two threads with the ends of {@link ManagementLink#pair()} share one management network.
 */
public final class BootTest {
    /** How long qemu must survive for a KVM launch to count as working. */
    private static final Duration KVM_GRACE = Duration.ofSeconds(10);
    private static final Duration POWER_OFF_GRACE = Duration.ofSeconds(90);
    private static final Duration PROBE_ATTEMPT = Duration.ofSeconds(20);
    private static final Duration PROBE_PAUSE = Duration.ofSeconds(3);

    private final Consumer<String> progress;
    private final Path workParent;

    public BootTest(Consumer<String> progress) {
        this(progress, CacheDirs.fromSystem().work());
    }

    public BootTest(Consumer<String> progress, Path workParent) {
        this.progress = progress;
        this.workParent = workParent;
    }

    /** A test's checks on the running node; an exception it throws makes the result fail with its message. */
    @FunctionalInterface
    public interface WhileRunning {
        void check(RunningNode node) throws Exception;
    }

    public BootResult run(BootSpec spec) throws IOException, InterruptedException {
        return run(spec, node -> {});
    }

    /** Boots as {@link #run(BootSpec)} does and, after the probes and before power-off, runs the hook. */
    public BootResult run(BootSpec spec, WhileRunning whileRunning) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + spec.timeout().toNanos();
        Path image = spec.image();
        if (!Files.isRegularFile(image)) {
            throw StackbakeException.invalidInput(image + ": no such image", "give the path of a qcow2 built by stackbake");
        }
        if (spec.memoryMb() < 512) {
            throw StackbakeException.invalidInput("--memory " + spec.memoryMb() + ": too little for a node",
                    "give at least 512 (MB); the default is " + BootSpec.DEFAULT_MEMORY_MB);
        }
        LoadedDefinition loaded = definition(spec);
        Definition def = loaded.definition();
        List<GuestNic> nics = NicLayout.of(def);
        Optional<GuestNic> management = nics.stream().filter(GuestNic::management).findFirst();
        List<Probe> probes = Elements.probes(def);
        Path console = consoleFile(spec);
        progress.accept("booting " + image + " (node " + def.name() + ", definition " + loaded.path() + ") on a throw-away overlay");
        nics.forEach(n -> progress.accept("  NIC " + n.id() + ": mac " + n.mac()
                + n.interfaceName().map(name -> ", named " + name + " (PCIe slot " + n.slot().get() + ")").orElse("")
                + (n.management() ? ", management" : "")));
        progress.accept("  serial console: " + console);

        try (BootWorkspace workspace = BootWorkspace.create(workParent, image, spec.inPlace())) {
            boolean hostPath = management.isPresent()
                    && !(spec.managementLink() instanceof ManagementLink.PeerLink p && !p.gateway());
            Map<Probe, HostForward> forwards = hostPath ? forwards(probes, management.get()) : Map.of();
            forwards.forEach((probe, f) -> progress.accept("  " + probe.service() + ": 127.0.0.1:" + f.hostPort() + " -> "
                    + f.guestAddress() + ":" + f.guestPort() + "/" + f.transport().name().toLowerCase()));
            List<HostForward> allForwards = new ArrayList<>(forwards.values());
            if (hostPath) {
                allForwards.addAll(extraForwards(spec.extraTcpPorts(), management.get(), forwards.values()));
            }

            Timeline timeline = new Timeline(progress);
            Launched launched = launch(spec, def, nics, allForwards, console, workspace, timeline);
            QemuVm vm = launched.vm();
            try (ConsoleFollower follower = new ConsoleFollower(console, timeline::consoleLine)) {
                follower.start();
                Optional<String> failure = spec.laterBoot() ? waitForUserspace(vm, timeline, deadline)
                        : waitForFirstboot(vm, timeline, deadline);
                List<ProbeResult> results = new ArrayList<>();
                if (failure.isEmpty()) {
                    // A probe still silent at the deadline fails by itself; the guest is then powered off
                    // and its report read as usual, since first boot has ended.
                    results.addAll(probe(loaded, probes, forwards, deadline, hostPath));
                }
                if (failure.isEmpty() && vm.isAlive()) {
                    failure = runHook(whileRunning, new RunningNode(def.name(),
                            management.flatMap(GuestNic::address).map(a -> a.addressText()).orElse(null),
                            tcpForwards(allForwards), console, follower::tail));
                }
                if (failure.isEmpty() && spec.laterBoot() && timeline.reached(ConsoleEvent.Kind.FIRSTBOOT_START)) {
                    failure = Optional.of("first boot ran again on a later boot (its done marker should have skipped it)");
                }
                boolean timedOut = failure.isPresent() && failure.get().startsWith("timed out");
                boolean halted;
                if (timedOut || !vm.isAlive()) {
                    halted = !vm.isAlive();
                    vm.close();
                } else if (spec.laterBoot()) {
                    // Its disk is thrown away and first boot wrote nothing this time: nothing to read
                    // back, so no orderly shutdown (a message broker alone can take half a minute to stop under TCG).
                    progress.accept("stopping the VM (a later boot has no report to read back; its disk is thrown away)");
                    vm.close();
                    follower.close();
                    return new BootResult(def.name(), launched.accel().name().toLowerCase(), console, Optional.empty(),
                            results, follower.tail(), timeline.milestones(), failure, true);
                } else {
                    progress.accept("powering off (ACPI power button, up to " + POWER_OFF_GRACE.toSeconds() + " s)");
                    halted = vm.powerOff(workspace.qmpSocket(), POWER_OFF_GRACE);
                    timeline.mark(halted ? "powered off" : "did not halt: killed");
                }
                follower.close();
                Optional<FirstbootReport> report = timedOut ? Optional.empty() : readReport(workspace.overlay(), halted, spec.accel());
                return new BootResult(def.name(), launched.accel().name().toLowerCase(), console, report, results,
                        follower.tail(), timeline.milestones(), failure, spec.laterBoot());
            }
        }
    }

    /**
     * Boots IMAGE twice on one throw-away disk, as a deployed node reboots: the first boot as
     * {@link #run(BootSpec)}, then (only when it passed) a later boot that must not run first boot
     * again and must bring every service back. Consoles: IMAGE.console.log and IMAGE.reboot.console.log
     * (or the spec's console and CONSOLE.reboot).
     */
    public List<BootResult> runWithReboot(BootSpec spec) throws IOException, InterruptedException {
        Path definition = definition(spec).path();
        Path console = consoleFile(spec);
        Path rebootConsole = console.resolveSibling(console.getFileName().toString().replace(".console.log", "")
                + ".reboot.console.log");
        try (BootWorkspace disk = BootWorkspace.create(workParent, spec.image(), false)) {
            BootSpec first = spec.withImage(disk.overlay()).withDefinition(definition).withConsole(console).bootedInPlace();
            BootResult firstResult = run(first);
            if (!firstResult.passed()) {
                return List.of(firstResult);
            }
            progress.accept("booting the same disk again: first boot must not re-run, every service must come back");
            return List.of(firstResult, run(first.withConsole(rebootConsole).asLaterBoot()));
        }
    }

    private Optional<String> runHook(WhileRunning hook, RunningNode node) {
        try {
            hook.check(node);
            return Optional.empty();
        } catch (Exception | AssertionError e) {
            return Optional.of("check while running failed: " + e.getMessage());
        }
    }

    private static Map<Integer, Integer> tcpForwards(List<HostForward> forwards) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        forwards.stream().filter(f -> f.transport() == HostForward.Transport.TCP)
                .forEach(f -> ports.putIfAbsent(f.guestPort(), f.hostPort()));
        return Map.copyOf(ports);
    }

    private record Launched(QemuVm vm, Accel accel) {}

    /** Starts qemu; an auto launch whose KVM qemu dies at once is retried with TCG, and remembered. */
    private Launched launch(BootSpec spec, Definition def, List<GuestNic> nics, List<HostForward> forwards,
                            Path console, BootWorkspace workspace, Timeline timeline) throws InterruptedException {
        AccelMemory memory = AccelMemory.atDefaultLocation();
        Accel accel = memory.choose(spec.accel(), progress);
        Accel first = accel == Accel.AUTO ? Accel.KVM : accel;
        QemuVm vm = start(spec, def, nics, forwards, console, workspace, first);
        timeline.reset();
        if (first == Accel.KVM && vm.exitsWithin(KVM_GRACE)) {
            String why = "qemu with KVM exited (" + vm.exitCode() + "): " + vm.lastOutputLine();
            if (accel != Accel.AUTO) {
                throw StackbakeException.failure(why, "try --accel tcg or --accel auto", null);
            }
            progress.accept(why + "; booting with TCG instead (remembered until the host reboots)");
            memory.recordKvmFailure(true);
            first = Accel.TCG;
            vm = start(spec, def, nics, forwards, console, workspace, first);
            timeline.reset();
        }
        progress.accept("qemu started (" + first.name().toLowerCase() + ", " + spec.memoryMb() + " MB, 2 vCPUs)");
        return new Launched(vm, first);
    }

    private QemuVm start(BootSpec spec, Definition def, List<GuestNic> nics, List<HostForward> forwards,
                         Path console, BootWorkspace workspace, Accel accel) {
        List<String> command = QemuCommandLine.build(new QemuCommandLine.Vm(def.name(), workspace.overlay(), accel,
                spec.memoryMb(), console, workspace.qmpSocket(), nics, forwards, spec.managementLink()));
        QemuVm vm = QemuVm.start(command, workspace.qemuLog());
        workspace.attach(vm);
        return vm;
    }

    private Optional<String> waitForFirstboot(QemuVm vm, Timeline timeline, long deadline) throws InterruptedException {
        while (true) {
            if (timeline.awaitFirstbootEnd(Duration.ofSeconds(1))) {
                return Optional.empty();
            }
            if (!vm.isAlive()) {
                String last = vm.lastOutputLine();
                return Optional.of("the VM stopped before first boot finished (qemu exit " + vm.exitCode()
                        + (last.isEmpty() ? "" : ": " + last) + ")");
            }
            if (System.nanoTime() > deadline) {
                String seen = timeline.lastMilestone().map(m -> "last seen: " + m).orElse("nothing recognised on the console");
                if (!timeline.reached(ConsoleEvent.Kind.FIRSTBOOT_START)) {
                    seen += "; no 'stackbake-firstboot: start' line: the first-boot unit did not start, or the image"
                            + " predates first boot's console progress lines";
                }
                return Optional.of("timed out waiting for first boot to finish (" + seen + ")");
            }
        }
    }

    /** A later boot: first boot must not run, so wait for the node's userspace and let the probes retry. */
    private Optional<String> waitForUserspace(QemuVm vm, Timeline timeline, long deadline) throws InterruptedException {
        while (!timeline.reached(ConsoleEvent.Kind.USERSPACE)) {
            if (!vm.isAlive()) {
                return Optional.of("the VM stopped before its userspace started (qemu exit " + vm.exitCode() + ")");
            }
            if (System.nanoTime() > deadline) {
                return Optional.of("timed out waiting for the node to boot (nothing from systemd on the console)");
            }
            Thread.sleep(1000);
        }
        return Optional.empty();
    }

    private List<ProbeResult> probe(LoadedDefinition loaded, List<Probe> probes, Map<Probe, HostForward> forwards,
                                    long deadline, boolean hostPath) {
        List<ProbeResult> results = new ArrayList<>();
        if (probes.isEmpty()) {
            return results;
        }
        progress.accept("probing the node's services from outside (through 127.0.0.1 forwards)");
        Map<String, String> unknown = new HashMap<>();
        Map<String, Secret> secrets = secrets(loaded, unknown);
        ProbeRunner runner = new ProbeRunner(new ProbeClients("127.0.0.1", secrets, unknown, PROBE_ATTEMPT), PROBE_PAUSE);
        for (Probe probe : probes) {
            ProbeResult result = !hostPath
                    ? new ProbeResult(probe, ProbeResult.Status.NOT_CHECKED,
                            "no path from the host: this VM joins another VM's management segment")
                    : !forwards.containsKey(probe) ? new ProbeResult(probe, ProbeResult.Status.NOT_CHECKED, NO_UDP)
                    : runner.run(probe, forwards.get(probe).hostPort(), deadline, progress);
            progress.accept("  " + result.line());
            results.add(result);
        }
        return results;
    }

    /** env:/file: secrets the build can read; for the others, why a login cannot be checked. */
    private Map<String, Secret> secrets(LoadedDefinition loaded, Map<String, String> unknown) {
        loaded.definition().secrets().forEach((name, ref) -> {
            if (ref != null && ref.kind() == SecretRef.Kind.GENERATE) {
                unknown.put(name, "password generated on the node");
            }
        });
        try {
            return SecretResolver.fromSystem().resolve(loaded);
        } catch (SpecException e) {
            String why = "secrets not readable here: " + e.problems().get(0).message();
            loaded.definition().secrets().keySet().forEach(name -> unknown.putIfAbsent(name, why));
            return Map.of();
        }
    }

    private Optional<FirstbootReport> readReport(Path overlay, boolean halted, Accel requested) {
        progress.accept("reading " + FirstbootReport.PATH + " from the disk (read-only)"
                + (halted ? "" : "; the guest did not halt cleanly, so its file systems may not mount"));
        // The backend applies the KVM/TCG policy and its memory of failed KVM launches itself.
        try (GuestSession guest = GuestBackends.load().open(overlay, "qcow2", true, requested, progress)) {
            if (!guest.exists(FirstbootReport.PATH)) {
                progress.accept("  no report: first boot never wrote " + FirstbootReport.PATH);
                return Optional.empty();
            }
            return Optional.of(FirstbootReport.parse(guest.readBytes(FirstbootReport.PATH)));
        } catch (IOException | RuntimeException e) {
            progress.accept("  cannot read the report: " + e.getMessage());
            return Optional.empty();
        }
    }

    private LoadedDefinition definition(BootSpec spec) throws IOException {
        Path def = spec.definition().orElse(null);
        if (def == null) {
            Path manifest = Sidecars.manifestFile(spec.image());
            if (!Files.isRegularFile(manifest)) {
                throw StackbakeException.invalidInput(spec.image() + ": no manifest " + manifest.getFileName() + " beside it",
                        "pass --def DEF, the definition the image was built from");
            }
            BuildManifest.Definition recorded = Sidecars.readManifest(manifest).definition();
            if (recorded == null || recorded.path() == null) {
                throw StackbakeException.invalidInput(manifest + ": records no definition path", "pass --def DEF");
            }
            def = Path.of(recorded.path());
            if (!Files.isRegularFile(def)) {
                throw StackbakeException.invalidInput(manifest + ": the definition it records, " + def + ", is not there",
                        "pass --def DEF");
            }
        }
        try {
            return new DefinitionLoader().load(def);
        } catch (SpecException e) {
            throw StackbakeException.invalidInput(e.problems().get(0).oneLine(), "fix the definition (stackbake validate)");
        }
    }

    private static Path consoleFile(BootSpec spec) throws IOException {
        if (spec.console().isPresent()) {
            Path parent = spec.console().get().toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw StackbakeException.invalidInput("--console " + spec.console().get() + ": no such directory " + parent, "");
            }
            return spec.console().get().toAbsolutePath();
        }
        Path dir = spec.image().toAbsolutePath().getParent();
        if (dir != null && Files.isWritable(dir)) {
            return dir.resolve(spec.image().getFileName() + ".console.log");
        }
        return Files.createTempFile("stackbake-console-", ".log");
    }

    /**
     * Why UDP probes (NTP) are not run: libslirp's udp_input drops every guest UDP datagram but DHCP
     * and TFTP when the network is restricted, before looking up sockets, so the answer to a UDP
     * host forward never reaches the host (seen in a real boot: the NTP server answered, nothing came back).
     */
    static final String NO_UDP = "not checkable from outside: qemu's restricted user-mode network drops the guest's"
            + " UDP answers; first boot's own time-sync check covers the NTP server";

    /** A free loopback TCP port per TCP probe, all held open together so none is handed out twice. */
    static Map<Probe, HostForward> forwards(List<Probe> probes, GuestNic management) {
        String address = management.address().map(a -> a.addressText()).orElseThrow();
        Map<Probe, HostForward> forwards = new LinkedHashMap<>();
        List<AutoCloseable> held = new ArrayList<>();
        try {
            for (Probe probe : probes) {
                boolean udp = probe.protocol() == ProbeProtocol.NTP;
                if (udp) {
                    continue; // see NO_UDP
                }
                int port;
                if (udp) {
                    DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    port = socket.getLocalPort();
                } else {
                    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(socket);
                    port = socket.getLocalPort();
                }
                forwards.put(probe, new HostForward(udp ? HostForward.Transport.UDP : HostForward.Transport.TCP, port,
                        address, probe.port()));
            }
            return forwards;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // only a reservation
                }
            }
        }
    }

    /** Forwards for the spec's extra guest TCP ports not already forwarded for a probe. */
    static List<HostForward> extraForwards(List<Integer> guestPorts, GuestNic management, java.util.Collection<HostForward> taken) {
        String address = management.address().map(a -> a.addressText()).orElseThrow();
        List<HostForward> extra = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port : guestPorts.stream().distinct().toList()) {
                if (taken.stream().anyMatch(f -> f.transport() == HostForward.Transport.TCP && f.guestPort() == port)) {
                    continue;
                }
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                extra.add(new HostForward(HostForward.Transport.TCP, socket.getLocalPort(), address, port));
            }
            return extra;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only a reservation
                }
            });
        }
    }

    /** Milestones from the console, printed once each with the seconds since qemu started. */
    private static final class Timeline {
        private final Consumer<String> progress;
        private final List<BootResult.Milestone> milestones = new ArrayList<>();
        private final java.util.Set<ConsoleEvent.Kind> printedOnce = java.util.EnumSet.noneOf(ConsoleEvent.Kind.class);
        private final java.util.Set<ConsoleEvent.Kind> reachedKinds = java.util.EnumSet.noneOf(ConsoleEvent.Kind.class);
        private CountDownLatch firstbootEnd = new CountDownLatch(1);
        private long zero = System.nanoTime();

        Timeline(Consumer<String> progress) {
            this.progress = progress;
        }

        synchronized void reset() {
            zero = System.nanoTime();
            milestones.clear();
            printedOnce.clear();
            reachedKinds.clear();
            firstbootEnd = new CountDownLatch(1);
        }

        void consoleLine(String line) {
            ConsoleEvent.parse(line).ifPresent(this::event);
        }

        private synchronized void event(ConsoleEvent e) {
            boolean once = e.kind() == ConsoleEvent.Kind.KERNEL || e.kind() == ConsoleEvent.Kind.USERSPACE;
            if (once && !printedOnce.add(e.kind())) {
                return;
            }
            reachedKinds.add(e.kind());
            mark(e.describe());
            if (e.endsFirstboot()) {
                firstbootEnd.countDown();
            }
        }

        synchronized void mark(String what) {
            Duration at = Duration.ofNanos(System.nanoTime() - zero);
            milestones.add(new BootResult.Milestone(what, at));
            progress.accept(String.format("[%5d s] %s", at.toSeconds(), what));
        }

        boolean awaitFirstbootEnd(Duration d) throws InterruptedException {
            CountDownLatch latch;
            synchronized (this) {
                latch = firstbootEnd;
            }
            return latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized boolean reached(ConsoleEvent.Kind kind) {
            return reachedKinds.contains(kind);
        }

        synchronized Optional<String> lastMilestone() {
            return milestones.isEmpty() ? Optional.empty() : Optional.of(milestones.get(milestones.size() - 1).what());
        }

        synchronized List<BootResult.Milestone> milestones() {
            return List.copyOf(milestones);
        }
    }
}
