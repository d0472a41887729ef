package org.dispotify.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.NodeSpec;
import org.dispotify.node.harness.RingLog;
import org.dispotify.node.harness.RingLog.Kind;
import org.dispotify.node.harness.Waits;
import org.dispotify.node.harness.report.Scenario;
import org.dispotify.node.harness.workload.Durability;
import org.dispotify.node.harness.workload.History;
import org.dispotify.node.harness.workload.ReplicationWatch;
import org.dispotify.node.harness.workload.Workload;

/**
 * A soak: five auto-role nodes under a client workload, and every 10 s one random fault from a menu.
 * A killed node starts again (as an auto-role newcomer) at the next tick; while it is down or starting,
 * only short pauses (1-2 s, short of a verdict) are injected, so at most one node is ever out (two data
 * nodes, two copies: two out at once could take every copy of a song away for a while, which no
 * replication factor of 2 survives). Every other fault ends within its tick. Then heal, wait 10 s, and
 * the final read: 0 acknowledged uploads lost, 2 copies of every song, one view, roles in ratio. The
 * copies get 90 s, or longer when a router may have to become data and copy every song first.
 */
final class Soak {

    static final Duration EVERY = Duration.ofSeconds(10);
    /** Five JVMs starting at once on a loaded 2-core machine took 185 s: time enough for that, bounded. */
    static final Duration START = Duration.ofMinutes(6);
    static final List<String> IDS = List.of("s1", "s2", "s3", "s4", "s5");

    /** One fault: injects it, holds it (within the tick) and ends it; returns what it did, for the report. */
    @FunctionalInterface
    interface Fault {
        String inject(Cluster cluster, Random random) throws Exception;
    }

    /** A fault and its name in the report's counts. */
    record Named(String kind, Fault fault) {
    }

    /** The faults to choose from, in a fixed order (a seed replays the same faults); {@code whileOneIsDown} while a killed node is out. */
    record Menu(List<Named> faults, Fault whileOneIsDown) {
    }

    private final Cluster cluster;
    private final Random random;
    private final long seed;

    Soak(Cluster cluster, long seed) {
        this.cluster = cluster;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Starts the five nodes and waits for one view in the ratio. */
    void start(Ring ring) {
        cluster.start(IDS.stream().map(id -> cluster.spec(id, "auto", null)).toList());
        cluster.awaitConverged(Duration.ofSeconds(90));
        ring.awaitWhole(Duration.ofSeconds(60));
    }

    /** Runs the soak for {@code length}, then the final checks; notes everything on {@code scenario}. */
    void run(Scenario scenario, Ring ring, Duration length, Menu menu) throws Exception {
        List<String> injected = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Workload workload = Workload.builder(cluster).threads(2).pause(Duration.ofMillis(100))
                .limits(1_000_000, length.plusMinutes(5)).build();
        try (workload) {
            workload.start();
            Instant from = Instant.now();
            String killed = null;
            CompletableFuture<?> restarting = null;
            long ticks = length.dividedBy(EVERY);
            for (long tick = 0; tick < ticks; tick++) {
                long tickStart = System.nanoTime();
                // The node killed at the last fault starts again now (in the background: a JVM takes a while).
                if (killed != null && restarting == null) {
                    String id = killed;
                    restarting = CompletableFuture.runAsync(() -> cluster.restart(List.of(id), NodeSpec::asAutoNewcomer));
                } else if (restarting != null && restarting.isDone()) {
                    restarting.join();
                    restarting = null;
                    killed = null;
                }
                String what;
                if (killed != null) {
                    what = menu.whileOneIsDown().inject(cluster, random);
                    counts.merge("short pause", 1, Integer::sum);
                } else {
                    Named fault = menu.faults().get(random.nextInt(menu.faults().size()));
                    what = fault.fault().inject(cluster, random);
                    counts.merge(fault.kind(), 1, Integer::sum);
                    if (what.startsWith(KILL)) {
                        killed = what.substring(KILL.length());
                    }
                }
                injected.add(what);
                Waits.sleep(Duration.ofNanos(Math.max(0, EVERY.toNanos() - (System.nanoTime() - tickStart))));
            }
            // Heal: every node running again, then 10 s of quiet. A data node killed near the end may be
            // replaced by a router that first copies every song, as in the scenarios that kill one.
            Duration replacement = ring.dataReplacementLimit();
            if (restarting != null) {
                restarting.get(4, TimeUnit.MINUTES);
            }
            if (cluster.isolated()) {
                cluster.network().heal();
            }
            List<String> down = cluster.nodes().stream().filter(n -> !n.live()).map(Node::id).toList();
            if (!down.isEmpty()) {
                cluster.restart(down, NodeSpec::asAutoNewcomer);
            }
            Instant healed = Instant.now();
            Waits.sleep(Duration.ofSeconds(10));
            History history = workload.stop();
            scenario.workload(history).note("seed " + seed + "; " + injected.size() + " faults " + counts + ": "
                    + String.join(", ", injected));
            scenario.note(history.summary() + "; " + RingLog.since(RingLog.of(cluster), from, Kind.ROLE_SWITCHED).size()
                    + " role switches, " + RingLog.since(RingLog.of(cluster), from, Kind.DECLARES_DEAD).size() + " dead verdicts");

            Duration whole = ring.awaitWhole(Duration.ofSeconds(60));
            Instant checked = Instant.now();
            Duration limit = replacement.compareTo(CHECK) > 0 ? replacement : CHECK;
            Durability.Verdict verdict;
            try (ReplicationWatch watch = ReplicationWatch.start(cluster, Duration.ofSeconds(10))) {
                verdict = Durability.check(cluster, history.acknowledged(), limit);
                if (!verdict.holds()) {
                    // Not for the verdict: whether the copies were still coming (slow) or had stopped (stuck).
                    Durability.Verdict later = Durability.check(cluster, history.acknowledged(), AFTER_FAILURE);
                    scenario.note("after the " + limit.toSeconds() + " s limit, " + AFTER_FAILURE.toSeconds()
                            + " s more: " + later);
                }
                scenario.note("data nodes' songs/under-replicated during the check: " + String.join("; ", watch.lines()));
            }
            scenario.recovery(verdict.listed() == null ? Duration.between(healed, Instant.now())
                    : Duration.between(healed, checked).plus(verdict.listed())).durability(verdict);
            scenario.note("one view in ratio " + whole.toMillis() + " ms after the 10 s wait");
            assertThat(history.corruptReads()).as("reads with other bytes than uploaded").isEmpty();
            assertThat(verdict.holds()).as(verdict.toString()).isTrue();
            assertThat(ring.roles()).isEqualTo(Map.of("data", 2L, "router", 3L));
            assertThat(cluster.divergence()).isEmpty();
        }
    }

    /** What a kill returns: this prefix and the node's id (it starts again at the next tick). */
    static final String KILL = "kill -9 ";

    /** The least the final check waits for 2 copies of every song. */
    static final Duration CHECK = Duration.ofSeconds(90);

    /** How much longer a failed check keeps watching, to tell slow replication from stopped replication. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(4);

    static Fault kill() {
        return (cluster, random) -> {
            String victim = pick(cluster.live().stream().map(Node::id).toList(), random);
            cluster.kill(victim);
            return KILL + victim;
        };
    }

    /** SIGSTOP of a random node for {@code min} plus up to {@code spread}. */
    static Fault pause(Duration min, Duration spread) {
        return (cluster, random) -> {
            String victim = pick(cluster.live().stream().map(Node::id).toList(), random);
            Duration pause = min.plusMillis(random.nextInt((int) spread.toMillis() + 1));
            cluster.pause(victim);
            try {
                Waits.sleep(pause);
            } finally {
                cluster.resume(victim);
            }
            return "SIGSTOP " + pause.toMillis() + " ms " + victim;
        };
    }

    static String pick(List<String> ids, Random random) {
        return ids.get(random.nextInt(ids.size()));
    }
}
