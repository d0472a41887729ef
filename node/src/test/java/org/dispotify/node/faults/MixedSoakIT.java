package org.dispotify.node.faults;

import java.time.Duration;
import java.util.List;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ClockSkew;
import org.dispotify.node.harness.ClusterExtension;
import org.dispotify.node.harness.Waits;
import org.dispotify.node.harness.report.FaultReport;
import org.dispotify.node.harness.report.Suite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14's soak: network and clock faults mixed with process faults, every 10 s one of
 * <ul>
 * <li>kill -9 of a node (started again at the next tick), or a SIGSTOP of 1-8 s;</li>
 * <li>a partition: one node cut off, both ways, for 3-8 s, from the others but {@code s5}: s5's traffic goes
 *     through its delay proxies on the host, not across the bridge, so no bridge rule can cut it (the first
 *     30-minute run failed on trying). The cut node keeps its link to s5: a partial partition, where
 *     connectivity is not transitive, which suspicions and indirect probes must cope with too;</li>
 * <li>7 % packet loss plus 50 ± 20 ms delay on {@code s5} for 8 s;</li>
 * <li>a node's wall clock moved by +30 s or -30 s for 8 s (libfaketime; the monotonic clock stays real).</li>
 * </ul>
 * Every fault but a kill ends within its tick, and while a killed node is out only 1-2 s pauses come
 * ({@link Soak}). The nodes run in network namespaces with a cluster secret, so links, replication and
 * name-service writes are signed with timestamps the clock jumps move. Same pass line as issue 7's soak.
 * With {@code -Pfaults}: 30 minutes ({@code -Ddispotify.faults.suite=soak}: 2); needs root, nft and
 * libfaketime, and is reported as skipped without them.
 */
@EnabledIfSystemProperty(named = Suite.PROPERTY, matches = "full|soak")
class MixedSoakIT {

    private static final String DELAYED = "s5";
    private static final double LOSS_PERCENT = 7;
    private static final Duration NETWORK_FAULT = Duration.ofSeconds(8);
    private static final Duration CLOCK_JUMP = Duration.ofSeconds(30);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(b -> b.fastStart().isolated().delayable(DELAYED)
            .skewableClock(Soak.IDS.toArray(String[]::new)).startTimeout(Soak.START));

    @Test
    void networkClockAndProcessFaultsMixedLoseNoAcknowledgedUpload() throws Exception {
        Duration length = Suite.duration(Duration.ofMinutes(2), Duration.ofMinutes(30));
        long seed = Long.getLong("dispotify.faults.seed", System.nanoTime());
        String name = "soak " + length.toMinutes() + " min: kill -9, SIGSTOP, partition, loss + delay, clock jump every 10 s";
        FaultReport.run(name, "0 acknowledged uploads lost, 2 copies of every song, one view, roles in ratio", scenario -> {
            Cluster cluster = CLUSTER.cluster();
            Ring ring = new Ring(cluster);
            Soak soak = new Soak(cluster, seed);
            soak.start(ring);
            soak.run(scenario, ring, length, new Soak.Menu(List.of(
                    new Soak.Named("kill -9", Soak.kill()),
                    new Soak.Named("SIGSTOP", Soak.pause(Duration.ofSeconds(1), Duration.ofSeconds(7))),
                    new Soak.Named("partition", MixedSoakIT::partition),
                    new Soak.Named("loss + delay", MixedSoakIT::lossAndDelay),
                    new Soak.Named("clock jump", MixedSoakIT::clockJump)),
                    Soak.pause(Duration.ofSeconds(1), Duration.ofSeconds(1))));
        });
    }

    /** One node cut off for 3-8 s from the others that cross the bridge (all but the delayed node), then healed. */
    private static String partition(Cluster cluster, java.util.Random random) {
        List<String> bridged = cluster.live().stream().map(n -> n.id()).filter(id -> !id.equals(DELAYED)).toList();
        if (bridged.size() < 2) {
            return "partition skipped: fewer than two live nodes cross the bridge";
        }
        String cut = Soak.pick(bridged, random);
        List<String> rest = bridged.stream().filter(id -> !id.equals(cut)).toList();
        Duration hold = Duration.ofMillis(3000 + random.nextInt(5001));
        cluster.network().partition(List.of(cut), rest);
        try {
            Waits.sleep(hold);
        } finally {
            cluster.network().heal();
        }
        return "partition " + cut + " | " + rest + " " + hold.toMillis() + " ms";
    }

    private static String lossAndDelay(Cluster cluster, java.util.Random random) {
        cluster.network().loss(DELAYED, LOSS_PERCENT);
        cluster.network().delay(DELAYED, Duration.ofMillis(50), Duration.ofMillis(20));
        try {
            Waits.sleep(NETWORK_FAULT);
        } finally {
            cluster.network().heal();
        }
        return "7 % loss + 50 ± 20 ms " + DELAYED + " " + NETWORK_FAULT.toMillis() + " ms";
    }

    private static String clockJump(Cluster cluster, java.util.Random random) {
        String node = Soak.pick(cluster.live().stream().map(n -> n.id()).toList(), random);
        Duration jump = random.nextBoolean() ? CLOCK_JUMP : CLOCK_JUMP.negated();
        ClockSkew clock = cluster.clock(node);
        clock.set(jump);
        try {
            Waits.sleep(NETWORK_FAULT);
        } finally {
            clock.reset();
        }
        return "clock " + (jump.isNegative() ? "" : "+") + jump.toSeconds() + " s " + node;
    }
}
