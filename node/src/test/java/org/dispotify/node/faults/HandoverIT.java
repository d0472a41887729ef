package org.dispotify.node.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ClusterExtension;
import org.dispotify.node.harness.Http;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.RingLog.Event;
import org.dispotify.node.harness.Waits;
import org.dispotify.node.harness.report.FaultReport;
import org.dispotify.node.harness.report.Scenario;
import org.dispotify.node.harness.report.Suite;
import org.dispotify.node.harness.workload.Durability;
import org.dispotify.node.harness.workload.History;
import org.dispotify.node.harness.workload.Operation;
import org.dispotify.node.harness.workload.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 item 5: role switches with songs present, on four real node JVMs (n1, n2 data; n3 an auto
 * router; n4 a router pinned so that every switch falls to the node the scenario watches) under a client
 * workload. First a data node becomes a router: n1 is paused until the ring declares it dead (n3 takes
 * the data role and copies n2's songs), then resumed: it rejoins a ring that needs a router and switches
 * data -> router, handing its songs over first. Then that router, still holding its songs, becomes a
 * data node again: n2 is killed and n1 is the one auto router left. Both times: every acknowledged upload
 * is on 2 data nodes after, byte for byte, and no listener read failed. Surplus copies are kept for the
 * class's length ({@code trim-delay} 10 min), so n1 really is a router holding songs when it switches back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandoverIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final Duration DURABLE = Duration.ofSeconds(120);
    private static final Map<String, byte[]> ACKNOWLEDGED = new ConcurrentHashMap<>();

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(builder -> builder.fastStart()
            .startTimeout(Duration.ofMinutes(6))
            .property("dispotify.data.replication.trim-delay", "10m"));

    private final Http http = new Http(Duration.ofSeconds(5));
    private Workload workload;

    @AfterEach
    void stopWorkload() {
        if (workload != null) {
            workload.close();
        }
    }

    @Test
    @Order(1)
    void aDataNodeThatBecomesARouterHandsItsSongsOverAndNothingIsLost() throws Exception {
        FaultReport.run("handover: a data node holding songs becomes a router", "0 lost, 2 copies on data nodes after, "
                + "no failed listener read", scenario -> {
            Cluster cluster = CLUSTER.cluster();
            Ring ring = new Ring(cluster);
            cluster.start(List.of(cluster.spec("n1", "auto", "data"), cluster.spec("n2", "auto", "data"),
                    cluster.spec("n3", "auto", "router"), cluster.spec("n4", "router", null)));
            cluster.awaitConverged(Duration.ofSeconds(90));
            ring.awaitRoles(2, 2, CONVERGE);
            Workload loader = Workload.builder(cluster).threads(2).pause(Duration.ZERO)
                    .limits(1_000_000, Duration.ofMinutes(5)).build();
            int songs = Suite.count(40, 400);
            assertThat(loader.preload(songs)).as(loader.history().summary()).isEqualTo(songs);
            ACKNOWLEDGED.putAll(loader.history().acknowledged());
            assertThat(songsHeldBy(cluster.node("n1"))).isGreaterThanOrEqualTo(songs);

            Workload running = background(cluster);
            running.start();
            Instant paused = cluster.pause("n1");
            ring.awaitDeadIn("n1", Set.of("n2", "n3", "n4"), Duration.ofSeconds(15));
            scenario.detection(ring.detection("n1", paused));
            Waits.until("n3 a data node in the others' views", CONVERGE, Ring.POLL,
                    () -> roleIn(cluster, "n2", "n3").equals(Optional.of("data")) ? Optional.empty()
                            : Optional.of("n2 sees n3 as " + roleIn(cluster, "n2", "n3")));
            Instant resumed = cluster.resume("n1");
            Waits.until("n1 a router", CONVERGE, Ring.POLL,
                    () -> cluster.node("n1").role().equals(Optional.of("router")) ? Optional.empty()
                            : Optional.of("n1 is " + cluster.node("n1").role()));
            ring.awaitRoles(2, 2, CONVERGE);
            Durability.Verdict verdict = finish(scenario, cluster, running, resumed);

            List<String> switches = ring.switchesSince(paused).stream().map(e -> e.node() + " " + e.subject()).toList();
            scenario.note("switches " + switches + "; n1 holds " + songsHeldBy(cluster.node("n1")) + " songs as a router");
            assertThat(switches).containsExactlyInAnyOrder("n3 router -> data", "n1 data -> router");
            assertThat(verdict.holds()).as(verdict.toString()).isTrue();
            assertThat(songsHeldBy(cluster.node("n1"))).as("songs n1 still holds as a router").isPositive();
        });
    }

    @Test
    @Order(2)
    void aRouterHoldingSongsThatBecomesADataNodeLosesNothing() throws Exception {
        FaultReport.run("handover: a router holding songs becomes a data node", "0 lost, 2 copies on data nodes after, "
                + "no failed listener read", scenario -> {
            Cluster cluster = CLUSTER.cluster();
            Ring ring = new Ring(cluster);
            assertThat(cluster.node("n1").role()).contains("router");
            long held = songsHeldBy(cluster.node("n1"));
            assertThat(held).as("songs n1 holds as a router").isPositive();

            Workload running = background(cluster);
            running.start();
            Instant killed = cluster.kill("n2");
            ring.awaitDeadIn("n2", Set.of("n1", "n3", "n4"), Duration.ofSeconds(15));
            scenario.detection(ring.detection("n2", killed));
            ring.awaitRoles(2, 1, CONVERGE);
            Durability.Verdict verdict = finish(scenario, cluster, running, killed);

            List<Event> switches = ring.switchesSince(killed);
            scenario.note("n1 held " + held + " songs as a router; switches " + switches.stream()
                    .map(e -> e.node() + " " + e.subject()).toList());
            assertThat(switches).extracting(e -> e.node() + " " + e.subject()).containsExactly("n1 router -> data");
            assertThat(cluster.node("n1").role()).contains("data");
            assertThat(verdict.holds()).as(verdict.toString()).isTrue();
        });
    }

    /** Stops the workload, checks every acknowledged song on 2 data nodes and the listeners' reads. */
    private Durability.Verdict finish(Scenario scenario, Cluster cluster, Workload running, Instant fault) {
        Instant checked = Instant.now();
        Durability.Verdict verdict = Durability.check(cluster, ACKNOWLEDGED, DURABLE);
        History history = running.stop();
        ACKNOWLEDGED.putAll(history.acknowledged());
        Durability.Verdict all = Durability.check(cluster, ACKNOWLEDGED, DURABLE);
        scenario.recovery(verdict.listed() == null ? Duration.between(fault, Instant.now())
                : Duration.between(fault, checked).plus(verdict.listed()));
        scenario.workload(history).durability(all).note(history.summary());
        List<Operation> failedReads = history.failed().stream().filter(o -> o.kind() != Operation.Kind.UPLOAD).toList();
        assertThat(failedReads).as("listener reads that failed after their retries").isEmpty();
        assertThat(history.corruptReads()).as("reads with other bytes than uploaded").isEmpty();
        return all;
    }

    private Workload background(Cluster cluster) {
        workload = Workload.builder(cluster).threads(1).pause(Duration.ofMillis(100))
                .limits(100_000, Duration.ofMinutes(10)).build();
        return workload;
    }

    /** What {@code observer}'s view says {@code subject}'s role is. */
    private static Optional<String> roleIn(Cluster cluster, String observer, String subject) {
        return cluster.node(observer).view().flatMap(v -> v.live().stream().filter(m -> m.nodeId().equals(subject))
                .map(m -> m.role()).findFirst());
    }

    /** Songs a node stores, in either role ({@code /data/replication/status}). */
    private long songsHeldBy(Node node) {
        return http.json(node.uri("/data/replication/status")).map(s -> s.path("songs").asLong())
                .orElseThrow(() -> new AssertionError(node.id() + " did not say what it holds"));
    }
}
