package org.dispotify.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.dispotify.node.harness.Cluster;
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
 * Issue 7: one node on a bad link, 7 % packet loss (each way, in the kernel: TCP must retransmit) and
 * 50 ± 20 ms delay (each way, through the harness's delay proxy) for 3 minutes, while a client uploads
 * and reads. Pass line: no node is declared dead, by anyone. Runs with -Pfaults only (the default build
 * checks the loss and delay primitives in FaultPrimitivesTest).
 */
@EnabledIfSystemProperty(named = Suite.PROPERTY, matches = Suite.FULL)
class LossyLinkIT {

    private static final String BAD = "n5";
    private static final double LOSS_PERCENT = 7;
    private static final Duration DELAY = Duration.ofMillis(50);
    private static final Duration JITTER = Duration.ofMillis(20);
    private static final Duration HOLD = Duration.ofMinutes(3);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(b -> b.fastStart().isolated().delayable(BAD));

    @Test
    void lossAndDelayOnOneNodeConvictNoOne() throws Exception {
        FaultReport.run("7 % loss + 50 ± 20 ms delay on one node for " + HOLD.toSeconds() + " s", "0 false dead", scenario -> {
            Cluster cluster = CLUSTER.cluster();
            RingOfFive.start(cluster);
            try (Workload workload = Workload.builder(cluster).threads(2).limits(100_000, Duration.ofMinutes(10)).build()) {
                workload.preload(10);
                workload.start();
                Waits.sleep(Duration.ofSeconds(3));

                Map<ManagedJvm, Integer> mark = RingOfFive.mark(cluster);
                Instant from = Instant.now();
                cluster.network().loss(BAD, LOSS_PERCENT);
                cluster.network().delay(BAD, DELAY, JITTER);
                scenario.note("faults on " + BAD + " (" + RingOfFive.ownRoles(cluster).get(BAD) + "): "
                        + cluster.network().active());
                RingOfFive.firstDeadVerdict(cluster, RingOfFive.IDS, RingOfFive.IDS, from, HOLD).ifPresent(scenario::detection);
                RingOfFive.holdUntil(from.plus(HOLD));
                List<RingLog.Event> dead = RingOfFive.since(cluster, mark, Kind.DECLARES_DEAD);
                List<RingLog.Event> heard = RingOfFive.since(cluster, mark, Kind.HEARS_DEAD);
                int suspicions = RingOfFive.since(cluster, mark, Kind.SUSPECTS).size();
                int refutations = RingOfFive.since(cluster, mark, Kind.REFUTES).size();

                cluster.network().heal();
                Duration oneView = cluster.awaitConverged(RingOfFive.CONVERGE);
                History history = workload.stop();
                scenario.operations(history.startedSince(history.nanosAt(from)));
                scenario.recovery(oneView);
                scenario.note(history.summary());
                scenario.note("suspected " + suspicions + " times, refuted " + refutations + " times, " + dead.size()
                        + " dead verdicts");
                Durability.Verdict verdict = Durability.check(cluster, history.acknowledged(), Duration.ofSeconds(60));
                scenario.durability(verdict);

                assertThat(dead).as("dead verdicts under loss and delay").extracting(RingLog.Event::line).isEmpty();
                assertThat(heard).as("dead rumours under loss and delay").extracting(RingLog.Event::line).isEmpty();
                assertThat(verdict.lost()).as("acknowledged uploads lost").isEmpty();
            }
        });
    }
}
