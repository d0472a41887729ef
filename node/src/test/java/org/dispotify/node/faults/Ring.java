package org.dispotify.node.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.RingLog;
import org.dispotify.node.harness.RingLog.Event;
import org.dispotify.node.harness.RingLog.Kind;
import org.dispotify.node.harness.RingView;
import org.dispotify.node.harness.Waits;
import org.dispotify.ring.roles.RoleRatio;

/** What the fault scenarios ask of a cluster's ring: roles, verdicts, name-service listings. Every wait is bounded. */
final class Ring {

    static final Duration CONVERGE = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(100);
    /**
     * A floor on how fast a node that becomes data copies the songs it will own: far under what a loaded
     * 2-core machine did (3.2 MB/s: 2,727 songs, 200 MB in 62 s, in the full suite of 2026-12-07).
     */
    static final long MIN_COPY_BYTES_PER_SECOND = 1_000_000;

    private final Cluster cluster;

    Ring(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Live roles as the first live node's view lists them. */
    Map<String, Long> roles() {
        return cluster.live().stream().findFirst().flatMap(Node::view)
                .map(v -> v.live().stream().collect(Collectors.groupingBy(RingView.Member::role, TreeMap::new,
                        Collectors.counting())))
                .map(m -> (Map<String, Long>) m).orElse(Map.of());
    }

    /** The roles the ratio gives the live nodes, e.g. {data=2, router=3} for five. */
    Map<String, Long> ratio() {
        int n = cluster.live().size();
        return Map.of("data", (long) RoleRatio.dataNodesFor(n), "router", (long) RoleRatio.routersFor(n));
    }

    /**
     * How long the ring may take to replace a data node now: a router that becomes data first copies every
     * song it will own (with two data nodes, every song), so beyond {@link #CONVERGE} the bound grows with
     * what the largest data node holds on disk. Ask before the fault: a killed node's files still count.
     */
    Duration dataReplacementLimit() {
        long held = withRole("data").stream().mapToLong(id -> bytesUnder(cluster.dir().resolve(id))).max().orElse(0);
        return CONVERGE.plusSeconds(held / MIN_COPY_BYTES_PER_SECOND);
    }

    private static long bytesUnder(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0; // nothing readable there: no songs to wait for
        }
    }

    /** Waits for one view with these roles; returns how long it took. */
    Duration awaitRoles(long data, long routers, Duration limit) {
        Map<String, Long> wanted = routers == 0 ? Map.of("data", data) : data == 0 ? Map.of("router", routers)
                : Map.of("data", data, "router", routers);
        return Waits.until(data + " data + " + routers + " routers in one view", limit, POLL,
                () -> roles().equals(wanted) ? cluster.divergence() : Optional.of("roles " + roles()));
    }

    /** Waits for one view with the live nodes' roles in the 2 : 3 ratio, and the name service agreeing. */
    Duration awaitWhole(Duration limit) {
        long start = System.nanoTime();
        Map<String, Long> wanted = ratio();
        awaitRoles(wanted.get("data"), wanted.get("router"), limit);
        Waits.until("the name service lists every node under its role", limit, POLL, this::nameServiceMismatch);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    Optional<String> nameServiceMismatch() {
        List<String> data = cluster.nameService().resolve("data.dispotify");
        List<String> routers = cluster.nameService().resolve("router.dispotify");
        if (data == null || routers == null) {
            return Optional.of("the name service did not answer");
        }
        for (Node node : cluster.live()) {
            String role = node.role().orElse("no answer");
            boolean listed = role.equals("data") ? data.contains(node.id()) && !routers.contains(node.id())
                    : routers.contains(node.id()) && !data.contains(node.id());
            if (!listed) {
                return Optional.of(node.id() + " is " + role + " but data=" + data + " routers=" + routers);
            }
        }
        return Optional.empty();
    }

    /** Waits until every one of {@code observers} lists {@code subject} as DEAD; returns the time it took. */
    Duration awaitDeadIn(String subject, Set<String> observers, Duration limit) {
        long start = System.nanoTime();
        Waits.until(subject + " DEAD in the views of " + observers, limit, Duration.ofMillis(50), () -> {
            for (String id : observers) {
                String status = cluster.node(id).view().map(v -> v.statusOf(subject)).orElse("no answer");
                if (!status.equals("DEAD")) {
                    return Optional.of(id + " sees " + subject + " as " + status);
                }
            }
            return Optional.empty();
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The first verdict on {@code subject} since {@code since} (by {@code observer}, or anyone if null), or null. */
    Instant verdictAt(String observer, String subject, Instant since) {
        return RingLog.since(RingLog.of(cluster), since, Kind.DECLARES_DEAD).stream()
                .filter(e -> e.subject().equals(subject))
                .filter(e -> observer == null || e.node().equals(observer))
                .map(Event::at).findFirst().orElse(null);
    }

    /** From the fault to the first verdict on {@code subject}; waits for it (bounded). */
    Duration detection(String subject, Instant fault) {
        Waits.until("a verdict on " + subject, Duration.ofSeconds(15), POLL, () -> verdictAt(null, subject, fault) != null);
        return Duration.between(fault, verdictAt(null, subject, fault));
    }

    /** Dead verdicts and dead rumours since {@code since}: in a scenario without a crash, each is a false one. */
    List<Event> deadVerdicts(Instant since) {
        List<Event> events = RingLog.of(cluster);
        List<Event> out = new java.util.ArrayList<>(RingLog.since(events, since, Kind.DECLARES_DEAD));
        out.addAll(RingLog.since(events, since, Kind.HEARS_DEAD));
        return out;
    }

    List<Event> switchesSince(Instant since) {
        return RingLog.since(RingLog.of(cluster), since, Kind.ROLE_SWITCHED);
    }

    /** Exactly {@code expected} router -> data switches since {@code since}, no member twice. */
    Optional<String> switchProblem(Instant since, long expected) {
        List<Event> switches = switchesSince(since);
        Set<String> switchers = new HashSet<>();
        for (Event e : switches) {
            if (!switchers.add(e.node())) {
                return Optional.of(e.node() + " switched twice: " + switches);
            }
        }
        if (switches.size() != expected || !switches.stream().allMatch(e -> e.subject().equals("router -> data"))) {
            return Optional.of("expected " + expected + " router -> data switches, saw " + switches.stream()
                    .map(e -> e.node() + " " + e.subject()).toList());
        }
        return Optional.empty();
    }

    RingView view(String id) {
        return cluster.node(id).view().orElseThrow(() -> new AssertionError(id + " did not answer /ring/view"));
    }

    String roleOf(String id) {
        return view(id).role();
    }

    List<String> withRole(String role) {
        return cluster.live().stream().map(Node::id).filter(id -> roleOf(id).equals(role)).sorted().toList();
    }

    Set<String> othersThan(Set<String> excluded) {
        Set<String> others = new LinkedHashSet<>(cluster.liveIds());
        others.removeAll(excluded);
        return others;
    }
}
