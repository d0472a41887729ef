package org.dispotify.node.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Convergence;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.NodeSpec;
import org.dispotify.node.harness.RingLog;
import org.dispotify.node.harness.RingLog.Event;
import org.dispotify.node.harness.RingLog.Kind;
import org.dispotify.node.harness.RingView;
import org.dispotify.node.harness.Waits;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;

/**
 * The ring benchmark behind {@code bench/ring.sh}: for each ring size, real node JVMs on loopback
 * (production flags), a steady-state window (CPU per member from /proc, ring messages per member
 * per second from /actuator/prometheus, false dead verdicts), then kill -9 of one member at a time
 * (detection from the kill to the first DEAD verdict in the logs, one view among the survivors,
 * roles rebalanced), each victim restarted before the next kill; then SIGSTOP pauses long enough to
 * be convicted (the silent path, where no refused connection helps). Prints a Markdown report.
 * <p>
 * System properties: sizes (5,10), kills (20), pauses (3), steady (seconds, 60), warmup (seconds, 20),
 * jar, dir, out (Markdown file), and ring.* settings passed to every node.
 */
public final class RingBench {

    private static final Duration POLL = Duration.ofMillis(50);

    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        new RingBench().run();
    }

    private void run() throws IOException {
        List<Integer> sizes = Arrays.stream(System.getProperty("sizes", "5,10").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int kills = Integer.getInteger("kills", 20);
        int pauses = Integer.getInteger("pauses", 3);
        int steady = Integer.getInteger("steady", 60);
        int warmup = Integer.getInteger("warmup", 20);
        Path dir = Path.of(System.getProperty("dir", "target/ring-bench")).toAbsolutePath();
        for (int size : sizes) {
            try (Cluster cluster = cluster(dir.resolve("ring-" + size))) {
                runSize(cluster, size, kills, pauses, steady, warmup);
            }
        }
        String out = System.getProperty("out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    private static Cluster cluster(Path dir) {
        // Victims restart with C1 only: CPU and message rates are measured on the first, production-flag starts.
        Cluster.Builder builder = Cluster.builder(dir).startTimeout(Duration.ofMinutes(6))
                .restartJvmOption(Cluster.FAST_START);
        if (System.getProperty("jar") != null) {
            builder.jar(Path.of(System.getProperty("jar")));
        }
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ring."))
                .forEach(k -> builder.ring(k.substring(5), System.getProperty(k)));
        return builder.build();
    }

    private void runSize(Cluster cluster, int size, int kills, int pauses, int steady, int warmup) {
        say("## %d-node ring", size);
        cluster.startNameService();
        List<NodeSpec> specs = new ArrayList<>();
        int data = 0;
        for (int i = 1; i <= size; i++) {
            // The roles nodes joining one by one get (what `dispotify up` gives them), started in parallel.
            Role role = RoleRatio.roleForNewcomer(data, i - 1 - data);
            data += role == Role.DATA ? 1 : 0;
            specs.add(cluster.spec(String.format("m%02d", i), "auto", role.label()));
        }
        Instant begin = Instant.now();
        cluster.start(specs);
        cluster.awaitConverged(Duration.ofMinutes(3));
        say("- started %d nodes + name service in %d s (load %s)", size, Duration.between(begin, Instant.now()).toSeconds(), load());

        steadyState(cluster, size, steady, warmup);
        killRounds(cluster, size, kills);
        pauseRounds(cluster, size, pauses);
    }

    // ---- steady state ------------------------------------------------------------------------

    private void steadyState(Cluster cluster, int size, int seconds, int warmup) {
        Waits.sleep(Duration.ofSeconds(warmup));
        String loadBefore = load();
        Map<String, Long> cpu0 = new HashMap<>();
        Map<String, double[]> messages0 = new HashMap<>();
        for (Node node : cluster.live()) {
            cpu0.put(node.id(), cpuTicks(node.jvm().pid()));
            messages0.put(node.id(), messages(node));
        }
        Instant from = Instant.now();
        Waits.sleep(Duration.ofSeconds(seconds));
        double elapsed = Duration.between(from, Instant.now()).toMillis() / 1000.0;
        List<Double> cpu = new ArrayList<>();
        List<Double> sent = new ArrayList<>();
        List<Double> received = new ArrayList<>();
        for (Node node : cluster.live()) {
            cpu.add((cpuTicks(node.jvm().pid()) - cpu0.get(node.id())) / 100.0 / elapsed * 100);
            double[] now = messages(node);
            sent.add((now[0] - messages0.get(node.id())[0]) / elapsed);
            received.add((now[1] - messages0.get(node.id())[1]) / elapsed);
        }
        List<Event> events = RingLog.of(cluster);
        int falseVerdicts = RingLog.since(events, from, Kind.DECLARES_DEAD).size();
        int suspicions = RingLog.since(events, from, Kind.SUSPECTS).size();
        say("- steady state %.0f s (after %d s warm-up; load %s -> %s): CPU per member mean %.2f %% / max %.2f %% of a core; "
                        + "ring messages per member per second sent mean %.2f (max %.2f), received mean %.2f; "
                        + "false DEAD verdicts %d, suspicions %d",
                elapsed, warmup, loadBefore, load(), mean(cpu), max(cpu), mean(sent), max(sent), mean(received),
                falseVerdicts, suspicions);
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /** {sent, received} ring messages so far, summed over message types. */
    private static double[] messages(Node node) {
        HttpGet get = new HttpGet();
        String text = get.text(node.uri("/actuator/prometheus"));
        double sent = 0;
        double received = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("ring_messages_sent_total")) {
                sent += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("ring_messages_received_total")) {
                received += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new double[] {sent, received};
    }

    // ---- kills -------------------------------------------------------------------------------

    private void killRounds(Cluster cluster, int size, int kills) {
        if (kills <= 0) {
            return;
        }
        List<Long> detection = new ArrayList<>();
        List<Long> agreeAfterVerdict = new ArrayList<>();
        List<Long> rebalanceAfterVerdict = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int refused = 0;
        int switches = 0;
        List<String> ids = cluster.nodes().stream().map(Node::id).toList();
        String loadBefore = load();
        for (int k = 0; k < kills; k++) {
            String victim = ids.get((k * 3) % size);
            String victimRole = cluster.node(victim).view().map(RingView::role).orElse("?");
            Set<String> survivors = new LinkedHashSet<>(cluster.liveIds());
            survivors.remove(victim);
            Instant killed = cluster.kill(victim);

            Waits.until("a verdict on " + victim, Duration.ofSeconds(20), POLL,
                    () -> firstVerdict(cluster, victim, killed).isPresent());
            Event verdict = firstVerdict(cluster, victim, killed).orElseThrow();
            detection.add(Duration.between(killed, verdict.at()).toMillis());
            refused += verdict.line().contains("refuses connections") ? 1 : 0;

            Waits.until("one view without " + victim, Duration.ofSeconds(20), POLL,
                    () -> Convergence.problem(views(cluster, survivors), survivors));
            Instant agreed = Instant.now();
            // From the logs too: when the last survivor marked the victim dead (poll-free).
            Instant lastHeard = lastMarkedDead(cluster, victim, killed, survivors).orElse(agreed);
            agreeAfterVerdict.add(Math.max(0, Duration.between(verdict.at(), lastHeard).toMillis()));

            Waits.until("balanced roles", Duration.ofSeconds(20), POLL, () -> balanced(cluster, survivors));
            List<Event> switched = RingLog.since(RingLog.of(cluster), killed, Kind.ROLE_SWITCHED);
            if (!switched.isEmpty()) {
                Waits.until("one view after the switch", Duration.ofSeconds(20), POLL,
                        () -> Convergence.problem(views(cluster, survivors), survivors));
                rebalanceAfterVerdict.add(Duration.between(verdict.at(), Instant.now()).toMillis());
                switches += switched.size();
                notes.add(victim + "(" + victimRole + "): " + switched.size() + " switch");
            }

            cluster.restart(List.of(victim), NodeSpec::asAutoNewcomer);
            Set<String> all = cluster.liveIds();
            Waits.until("one view with " + victim + " back", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> Convergence.problem(views(cluster, all), all));
            Waits.until("balanced roles", Duration.ofSeconds(30), POLL, () -> balanced(cluster, all));
            Waits.sleep(Duration.ofSeconds(2));
            System.out.printf("kill %d/%d of %s (%s): verdict +%d ms%s%n", k + 1, kills, victim, victimRole,
                    detection.get(detection.size() - 1), verdict.line().contains("refuses") ? " (refused)" : "");
        }
        say("- %d kills (load %s -> %s): detection kill -> first DEAD verdict p50 %d ms, max %d ms, min %d ms "
                        + "(%d of %d convicted on refused connections); views agree (last survivor marks it DEAD) "
                        + "p50 %d ms, max %d ms after the verdict; %d kills needed a role switch (%d switches): "
                        + "rebalanced and agreed p50 %s ms, max %s ms after the verdict",
                kills, loadBefore, load(), pct(detection, 50), max(detection), min(detection), refused, kills,
                pct(agreeAfterVerdict, 50), max(agreeAfterVerdict), rebalanceAfterVerdict.size(), switches,
                rebalanceAfterVerdict.isEmpty() ? "-" : Long.toString(pct(rebalanceAfterVerdict, 50)),
                rebalanceAfterVerdict.isEmpty() ? "-" : Long.toString(max(rebalanceAfterVerdict)));
        say("  - detection samples (ms): %s", detection);
    }

    // ---- pauses (the silent path) ------------------------------------------------------------

    private void pauseRounds(Cluster cluster, int size, int pauses) {
        if (pauses <= 0) {
            return;
        }
        List<Long> detection = new ArrayList<>();
        List<String> ids = cluster.nodes().stream().map(Node::id).toList();
        for (int p = 0; p < pauses; p++) {
            String victim = ids.get((p * 3 + 1) % size);
            Set<String> survivors = new LinkedHashSet<>(cluster.liveIds());
            survivors.remove(victim);
            Instant paused = cluster.pause(victim);
            try {
                Waits.until("a verdict on paused " + victim, Duration.ofSeconds(20), POLL,
                        () -> firstVerdict(cluster, victim, paused).isPresent());
                detection.add(Duration.between(paused, firstVerdict(cluster, victim, paused).orElseThrow().at()).toMillis());
            } finally {
                cluster.resume(victim);
            }
            Set<String> all = cluster.liveIds();
            Waits.until("one view with " + victim + " rejoined", Duration.ofSeconds(60), Duration.ofMillis(200),
                    () -> Convergence.problem(views(cluster, all), all));
            Waits.until("balanced roles", Duration.ofSeconds(30), POLL, () -> balanced(cluster, all));
            Waits.sleep(Duration.ofSeconds(2));
        }
        say("- %d SIGSTOPs held until convicted (silent path: no refused connection): detection p50 %d ms, max %d ms; samples %s",
                pauses, pct(detection, 50), max(detection), detection);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Optional<Event> firstVerdict(Cluster cluster, String victim, Instant since) {
        return RingLog.since(RingLog.of(cluster), since, Kind.DECLARES_DEAD).stream()
                .filter(e -> e.subject().equals(victim)).findFirst();
    }

    /** When the last of {@code survivors} marked {@code victim} dead, by its own verdict or by hearsay. */
    private static Optional<Instant> lastMarkedDead(Cluster cluster, String victim, Instant since, Set<String> survivors) {
        List<Event> events = RingLog.of(cluster);
        Instant last = null;
        for (String id : survivors) {
            Optional<Instant> first = events.stream()
                    .filter(e -> (e.kind() == Kind.DECLARES_DEAD || e.kind() == Kind.HEARS_DEAD) && !e.at().isBefore(since))
                    .filter(e -> e.node().equals(id) && e.subject().equals(victim))
                    .map(Event::at).findFirst();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            last = last == null || first.get().isAfter(last) ? first.get() : last;
        }
        return Optional.ofNullable(last);
    }

    private static Map<String, Optional<RingView>> views(Cluster cluster, Collection<String> ids) {
        Map<String, Optional<RingView>> views = new HashMap<>();
        ids.forEach(id -> views.put(id, cluster.node(id).view()));
        return views;
    }

    /** The ring's own balance rule: data and router minimums, data within one of the 2:3 share. */
    private static Optional<String> balanced(Cluster cluster, Set<String> live) {
        Optional<RingView> view = cluster.node(live.iterator().next()).view();
        if (view.isEmpty()) {
            return Optional.of("no view");
        }
        int n = live.size();
        long data = view.get().liveWithRole("data");
        long routers = view.get().liveWithRole("router");
        boolean ok = data + routers == n && (n < 3 || data >= 2) && (n < 2 || routers >= 1)
                && Math.abs(data - RoleRatio.dataNodesFor(n)) <= 1;
        return ok ? Optional.empty() : Optional.of(data + " data, " + routers + " routers of " + n);
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }

    private static long pct(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double max(Collection<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** A plain-text GET with a timeout, for the Prometheus page. */
    private static final class HttpGet {
        private final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();

        String text(java.net.URI uri) {
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }
}
