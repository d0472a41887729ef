package org.dispotify.node.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ManagedJvm;
import org.dispotify.node.harness.NodeSpec;
import org.dispotify.node.harness.RingLog;
import org.dispotify.node.harness.RingView;
import org.dispotify.node.harness.Waits;

/**
 * The network, clock and CPU scenarios' cluster: five auto-role nodes, 2 data + 3 routers, one view
 * (or the first three of them, 2 data + 1 router, where a short run needs a cheaper cluster);
 * and what the scenarios read back: roles and the ring events logged after a mark. Events are taken
 * by log position, not by timestamp, because a node with a skewed clock stamps its lines wrong.
 */
final class RingOfFive {

    static final List<String> IDS = List.of("n1", "n2", "n3", "n4", "n5");
    /** The roles `dispotify up` gives five nodes joining one by one. */
    private static final List<String> INITIAL_ROLES = List.of("data", "router", "data", "router", "router");
    static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private RingOfFive() {
    }

    static void start(Cluster cluster) {
        start(cluster, IDS.size());
    }

    /** Starts the first {@code count} (3 or 5) nodes and waits for one view in the ratio. */
    static void start(Cluster cluster, int count) {
        Map<String, Long> ratio = count == 3 ? Map.of("data", 2L, "router", 1L) : Map.of("data", 2L, "router", 3L);
        if (count != 3 && count != 5) {
            throw new IllegalArgumentException("3 or 5 nodes: " + count);
        }
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(cluster.spec(IDS.get(i), "auto", INITIAL_ROLES.get(i)));
        }
        cluster.start(specs);
        // Nodes started at the same moment form rings apart and merge through discovery (every 5 s).
        cluster.awaitConverged(Duration.ofSeconds(90));
        Waits.until("roles " + ratio, CONVERGE, POLL, () -> roles(cluster).equals(ratio)
                ? cluster.divergence() : Optional.of("roles " + roles(cluster)));
    }

    /** Role to count, as the first live node's view has it. */
    static Map<String, Long> roles(Cluster cluster) {
        return cluster.live().stream().findFirst().flatMap(n -> n.view())
                .map(v -> v.live().stream().collect(Collectors.groupingBy(RingView.Member::role, TreeMap::new,
                        Collectors.counting())))
                .map(m -> (Map<String, Long>) m).orElse(Map.of());
    }

    /** Node id to the role it reports itself ({@code /ring/view}), for every live node. */
    static Map<String, String> ownRoles(Cluster cluster) {
        Map<String, String> roles = new TreeMap<>();
        cluster.live().forEach(n -> roles.put(n.id(), n.view().map(RingView::role).orElse("no answer")));
        return roles;
    }

    static List<String> withRole(Cluster cluster, String role) {
        return ownRoles(cluster).entrySet().stream().filter(e -> e.getValue().equals(role)).map(Map.Entry::getKey).toList();
    }

    /** Where every node JVM's log ends now. */
    static Map<ManagedJvm, Integer> mark(Cluster cluster) {
        Map<ManagedJvm, Integer> mark = new HashMap<>();
        cluster.nodeJvms().forEach(jvm -> mark.put(jvm, jvm.lines().size()));
        return mark;
    }

    /** Ring events of {@code kind} logged after {@code mark}, by any node JVM. */
    static List<RingLog.Event> since(Cluster cluster, Map<ManagedJvm, Integer> mark, RingLog.Kind kind) {
        List<RingLog.Event> events = new ArrayList<>();
        for (ManagedJvm jvm : cluster.nodeJvms()) {
            List<String> lines = jvm.lines();
            int from = Math.min(mark.getOrDefault(jvm, 0), lines.size());
            RingLog.parse(lines.subList(from, lines.size())).stream().filter(e -> e.kind() == kind).forEach(events::add);
        }
        return events;
    }

    /** Sleeps until {@code end} (not at all if it has passed). */
    static void holdUntil(Instant end) {
        Duration left = Duration.between(Instant.now(), end);
        if (!left.isNegative()) {
            Waits.sleep(left);
        }
    }

    /** How long from {@code from} until some node in {@code observers} lists a node of {@code subjects} as DEAD. */
    static Optional<Duration> firstDeadVerdict(Cluster cluster, List<String> observers, List<String> subjects,
                                                Instant from, Duration limit) {
        try {
            Waits.until("a DEAD verdict", limit, Duration.ofMillis(100), () -> observers.stream()
                    .anyMatch(o -> cluster.node(o).view().map(v -> subjects.stream().anyMatch(s -> v.statusOf(s).equals("DEAD")))
                            .orElse(false)));
            return Optional.of(Duration.between(from, Instant.now()));
        } catch (AssertionError e) {
            return Optional.empty();
        }
    }
}
