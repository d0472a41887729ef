package org.dispotify.node.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ClusterExtension;
import org.dispotify.node.harness.CpuLimits;
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
 * Issue 7: one data node starved of CPU (a cgroup quota of 7 % of one CPU) for 5 minutes while a client
 * uploads and reads. Pass line: no false dead verdict, neither about the starved node nor by it. Runs
 * with -Pfaults only (the default build checks the quota in FaultPrimitivesTest).
 */
@EnabledIfSystemProperty(named = Suite.PROPERTY, matches = Suite.FULL)
class CpuStarvationIT {

    private static final double SHARE = 0.07;
    private static final Duration HOLD = Duration.ofMinutes(5);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(Cluster.Builder::fastStart);

    @Test
    void aNodeStarvedOfCpuIsNotDeclaredDead() throws Exception {
        FaultReport.run("one node at 7 % of a CPU for " + HOLD.toSeconds() + " s", "0 false dead", scenario -> {
            assumeTrue(CpuLimits.unavailable().isEmpty(), () -> CpuLimits.unavailable().orElse(""));
            Cluster cluster = CLUSTER.cluster();
            RingOfFive.start(cluster);
            String starved = RingOfFive.withRole(cluster, "data").get(0);
            try (Workload workload = Workload.builder(cluster).threads(2).limits(100_000, Duration.ofMinutes(10)).build()) {
                workload.preload(10);
                workload.start();
                Waits.sleep(Duration.ofSeconds(3));

                Map<ManagedJvm, Integer> mark = RingOfFive.mark(cluster);
                Instant from = Instant.now();
                cluster.cpu().limit(starved, SHARE);
                scenario.note(starved + " (data) limited to " + Math.round(SHARE * 100) + " % of one CPU");
                RingOfFive.firstDeadVerdict(cluster, RingOfFive.IDS, RingOfFive.IDS, from, HOLD).ifPresent(scenario::detection);
                RingOfFive.holdUntil(from.plus(HOLD));
                long throttledMs = cluster.cpu().throttledNanos(starved) / 1_000_000;
                List<RingLog.Event> dead = RingOfFive.since(cluster, mark, Kind.DECLARES_DEAD);
                List<RingLog.Event> heard = RingOfFive.since(cluster, mark, Kind.HEARS_DEAD);
                int suspicions = RingOfFive.since(cluster, mark, Kind.SUSPECTS).size();
                int refutations = RingOfFive.since(cluster, mark, Kind.REFUTES).size();
                cluster.cpu().release(starved);

                Duration oneView = cluster.awaitConverged(RingOfFive.CONVERGE);
                History history = workload.stop();
                scenario.operations(history.startedSince(history.nanosAt(from)));
                scenario.recovery(oneView);
                scenario.note(history.summary());
                scenario.note("throttled " + throttledMs + " ms; suspected " + suspicions + " times, refuted " + refutations
                        + " times, " + dead.size() + " dead verdicts");
                Durability.Verdict verdict = Durability.check(cluster, history.acknowledged(), Duration.ofSeconds(60));
                scenario.durability(verdict);

                assertThat(throttledMs).as("time the quota held the node back, ms").isPositive();
                assertThat(dead).as("dead verdicts").extracting(RingLog.Event::line).isEmpty();
                assertThat(heard).as("dead rumours").extracting(RingLog.Event::line).isEmpty();
                assertThat(verdict.lost()).as("acknowledged uploads lost").isEmpty();
            }
        });
    }
}
