package org.dispotify.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ClockSkew;
import org.dispotify.node.harness.ClusterExtension;
import org.dispotify.node.harness.ManagedJvm;
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
 * Issue 7: a node's wall clock jumps +30 s, back, -30 s and back (libfaketime; its monotonic clock
 * stays real, as when NTP steps a clock), each held 20 s, on a cluster
 * with a secret, so every link handshake, replication call and name-service write is signed with a
 * timestamp. Pass line: nothing changes: no dead verdict, no role switch, and the name service never
 * drops the node's record. Runs with -Pfaults only (the default build checks the skew itself in
 * FaultPrimitivesTest).
 */
@EnabledIfSystemProperty(named = Suite.PROPERTY, matches = Suite.FULL)
class ClockJumpIT {

    private static final String SKEWED = "n1";
    private static final Duration HOLD = Duration.ofSeconds(20);
    private static final List<Duration> JUMPS = List.of(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(-30),
            Duration.ZERO);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(b -> b.fastStart().secret().skewableClock(SKEWED));

    @Test
    void aWallClockJumpOfThirtySecondsEitherWayChangesNothing() throws Exception {
        FaultReport.run("wall clock of one node +30 s / -30 s", "nothing changes: no verdict, no switch, no expired record",
                scenario -> {
            Cluster cluster = CLUSTER.cluster();
            RingOfFive.start(cluster);
            String group = RingOfFive.ownRoles(cluster).get(SKEWED) + ".dispotify";
            Map<String, String> rolesBefore = RingOfFive.ownRoles(cluster);
            try (Workload workload = Workload.builder(cluster).threads(2).limits(100_000, Duration.ofMinutes(5)).build()) {
                workload.preload(10);
                workload.start();
                Waits.sleep(Duration.ofSeconds(3));

                Map<ManagedJvm, Integer> mark = RingOfFive.mark(cluster);
                Instant from = Instant.now();
                List<String> missing = new ArrayList<>();
                ClockSkew clock = cluster.clock(SKEWED);
                for (Duration offset : JUMPS) {
                    clock.set(offset);
                    long until = System.nanoTime() + HOLD.toNanos();
                    // The node must stay in its group all along: an expired or dropped record would leave it.
                    while (System.nanoTime() < until) {
                        List<String> members = cluster.nameService().resolve(group);
                        if (members != null && !members.contains(SKEWED)) {
                            missing.add("at " + Duration.between(from, Instant.now()).toMillis() + " ms (offset " + offset
                                    + "): " + group + " = " + members);
                        }
                        Waits.sleep(Duration.ofMillis(250));
                    }
                }
                List<RingLog.Event> dead = RingOfFive.since(cluster, mark, Kind.DECLARES_DEAD);
                List<RingLog.Event> heard = RingOfFive.since(cluster, mark, Kind.HEARS_DEAD);
                List<RingLog.Event> switches = RingOfFive.since(cluster, mark, Kind.ROLE_SWITCHED);
                long refusedSignatures = cluster.nodeJvms().stream().flatMap(j -> j.lines().stream())
                        .filter(l -> l.contains("signature timestamp outside")).count();
                Duration oneView = cluster.awaitConverged(RingOfFive.CONVERGE);
                History history = workload.stop();
                scenario.operations(history.startedSince(history.nanosAt(from)));
                scenario.note(history.summary());
                scenario.note("jumps " + JUMPS + " held " + HOLD.toSeconds() + " s each; " + dead.size() + " dead verdicts, "
                        + switches.size() + " role switches, " + missing.size() + " polls without the node's record, "
                        + refusedSignatures + " signatures refused as stale");
                Durability.Verdict verdict = Durability.check(cluster, history.acknowledged(), Duration.ofSeconds(60));
                scenario.durability(verdict);
                scenario.recovery(oneView);

                assertThat(dead).as("dead verdicts").extracting(RingLog.Event::line).isEmpty();
                assertThat(heard).as("dead rumours").extracting(RingLog.Event::line).isEmpty();
                assertThat(switches).as("role switches").extracting(RingLog.Event::line).isEmpty();
                assertThat(missing).as("name service answers without %s", SKEWED).isEmpty();
                assertThat(refusedSignatures).as("signatures refused as stale").isZero();
                assertThat(RingOfFive.ownRoles(cluster)).as("roles").isEqualTo(rolesBefore);
                assertThat(verdict.lost()).as("acknowledged uploads lost").isEmpty();
            }
        });
    }
}
