package org.dispotify.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ClusterExtension;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.NodeSpec;
import org.dispotify.node.harness.RingLog;
import org.dispotify.node.harness.RingLog.Kind;
import org.dispotify.node.harness.Waits;
import org.dispotify.node.harness.report.FaultReport;
import org.dispotify.node.harness.report.Suite;
import org.dispotify.node.harness.workload.Durability;
import org.dispotify.node.harness.workload.History;
import org.dispotify.node.harness.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7's soak: five auto-role nodes under a client workload, and every 10 s a random process
 * fault (kill -9 of a node, started again at the next fault; or a SIGSTOP of 1-8 s). At most one
 * node is down at a time: while a killed node is down or restarting, pauses last 1-2 s, short of a
 * verdict (two data nodes, two copies: two down at once could take every copy of a song, which no
 * replication factor of 2 survives). Then heal, wait 10 s, and the final
 * read: 0 acknowledged uploads lost, 2 copies of every song, one view, roles in ratio.
 * Only with {@code -Pfaults} (10 minutes; {@code -Ddispotify.faults.suite=soak} runs a 1-minute one):
 * the default build's fault subset stays under 5 minutes without it.
 */
@EnabledIfSystemProperty(named = Suite.PROPERTY, matches = "full|soak")
class SoakIT {

    private static final Duration EVERY = Duration.ofSeconds(10);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(Cluster.Builder::fastStart);

    @Test
    void randomProcessFaultsEveryTenSecondsLoseNoAcknowledgedUpload() throws Exception {
        Duration length = Suite.duration(Duration.ofMinutes(1), Duration.ofMinutes(10));
        long seed = Long.getLong("dispotify.faults.seed", System.nanoTime());
        String name = "soak " + (length.toMinutes()) + " min: random kill -9 / SIGSTOP every 10 s";
        FaultReport.run(name, "0 acknowledged uploads lost, 2 copies of every song, one view, roles in ratio", scenario -> {
            Cluster cluster = CLUSTER.cluster();
            Ring ring = new Ring(cluster);
            cluster.start(List.of("s1", "s2", "s3", "s4", "s5").stream().map(id -> cluster.spec(id, "auto", null)).toList());
            cluster.awaitConverged(Duration.ofSeconds(90));
            ring.awaitWhole(Duration.ofSeconds(60));

            Random random = new Random(seed);
            List<String> injected = new ArrayList<>();
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
                    if (killed == null && random.nextBoolean()) {
                        killed = pick(cluster, random);
                        cluster.kill(killed);
                        injected.add("kill -9 " + killed);
                    } else {
                        String victim = pick(cluster, random);
                        // Long enough to be convicted only while no other node is down (see the class comment).
                        Duration pause = Duration.ofMillis(1000 + random.nextInt(killed == null ? 7000 : 1000));
                        cluster.pause(victim);
                        injected.add("SIGSTOP " + pause.toMillis() + " ms " + victim);
                        try {
                            Waits.sleep(pause);
                        } finally {
                            cluster.resume(victim);
                        }
                    }
                    Waits.sleep(Duration.ofNanos(Math.max(0, EVERY.toNanos() - (System.nanoTime() - tickStart))));
                }
                // Heal: every node running again, then 10 s of quiet.
                if (restarting != null) {
                    restarting.get(4, TimeUnit.MINUTES);
                }
                List<String> down = cluster.nodes().stream().filter(n -> !n.live()).map(Node::id).toList();
                if (!down.isEmpty()) {
                    cluster.restart(down, NodeSpec::asAutoNewcomer);
                }
                Instant healed = Instant.now();
                Waits.sleep(Duration.ofSeconds(10));
                History history = workload.stop();
                scenario.workload(history).note("seed " + seed + "; " + injected.size() + " faults: " + String.join(", ", injected));
                scenario.note(history.summary() + "; " + RingLog.since(RingLog.of(cluster), from, Kind.ROLE_SWITCHED).size()
                        + " role switches, " + RingLog.since(RingLog.of(cluster), from, Kind.DECLARES_DEAD).size() + " dead verdicts");

                Duration whole = ring.awaitWhole(Duration.ofSeconds(60));
                Instant checked = Instant.now();
                Durability.Verdict verdict = Durability.check(cluster, history.acknowledged(), Duration.ofSeconds(90));
                scenario.recovery(verdict.listed() == null ? Duration.between(healed, Instant.now())
                        : Duration.between(healed, checked).plus(verdict.listed())).durability(verdict);
                scenario.note("one view in ratio " + whole.toMillis() + " ms after the 10 s wait");
                assertThat(history.corruptReads()).as("reads with other bytes than uploaded").isEmpty();
                assertThat(verdict.holds()).as(verdict.toString()).isTrue();
                assertThat(ring.roles()).isEqualTo(Map.of("data", 2L, "router", 3L));
                assertThat(cluster.divergence()).isEmpty();
            }
        });
    }

    private static String pick(Cluster cluster, Random random) {
        List<Node> live = cluster.live();
        return live.get(random.nextInt(live.size())).id();
    }
}
