package org.dispotify.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.data.replication.Placement;
import org.dispotify.node.harness.Cluster;
import org.dispotify.node.harness.ClusterExtension;
import org.dispotify.node.harness.Node;
import org.dispotify.node.harness.Waits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's multi-process tests: three pinned data-node JVMs and a name service on loopback, with
 * kill -9. Songs are small distinct WAVs. One cluster serves the class; each scenario starts from every
 * node running and every song on its two owners.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {

    private static final List<String> IDS = List.of("d1", "d2", "d3");
    private static final Duration CONVERGE = Duration.ofSeconds(45);
    private static final Duration POLL = Duration.ofMillis(250);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(builder -> builder.fastStart()
            .property("dispotify.data.replication.sync-interval", "2s")
            .property("dispotify.data.replication.event-delay", "200ms")
            .property("dispotify.data.replication.trim-delay", "2s"));

    /** Every song the tests uploaded and had acknowledged, with its bytes. */
    private static final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();

    private final DataNodeHttp http = new DataNodeHttp();
    private Cluster cluster;

    @BeforeEach
    void threeDataNodes() {
        cluster = CLUSTER.cluster();
        if (cluster.nodes().isEmpty()) {
            cluster.start(IDS.stream().map(id -> cluster.spec(id, "data", null)).toList());
        }
        List<String> down = cluster.nodes().stream().filter(n -> !n.live()).map(Node::id).toList();
        if (!down.isEmpty()) {
            cluster.restart(down, spec -> spec);
        }
        cluster.awaitConverged(Duration.ofSeconds(90));
    }

    @Test
    @Order(1)
    void killedNodesSongsAreBackOnTwoNodesAndItCatchesUpWhenItReturns() {
        for (int i = 0; i < 50; i++) {
            byte[] wav = DataNodeHttp.wav(0.25, 10_000 + i);
            Node receiver = cluster.node(IDS.get(i % 3));
            DataNodeHttp.Answer answer = http.upload(receiver, wav, "song-" + i + ".wav").orElseThrow();
            assertThat(answer.status()).as("upload %d to %s: %s", i, receiver.id(), answer.body()).isEqualTo(201);
            assertThat(answer.body().path("replicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(answer.body().path("id").asString()).isEqualTo(DataNodeHttp.sha256(wav));
            acknowledged.put(DataNodeHttp.sha256(wav), wav);
        }
        awaitOnOwners(IDS);

        String victim = mostLoaded();
        Instant killed = cluster.kill(victim);
        List<String> survivors = IDS.stream().filter(id -> !id.equals(victim)).toList();
        awaitOnOwners(survivors);
        System.out.printf("every song back on 2 live data nodes %d ms after kill -9 of %s%n",
                Duration.between(killed, Instant.now()).toMillis(), victim);
        assertIdenticalBytesOnOwners(survivors);
        for (String id : survivors) {
            Waits.until("no under-replicated songs on " + id, CONVERGE, POLL, () -> http.metric(cluster.node(id),
                    "dispotify_replication_under_replicated").map(v -> v == 0.0).orElse(false));
        }

        cluster.restart(List.of(victim), spec -> spec);
        cluster.awaitConverged(Duration.ofSeconds(60));
        // It pulls what it owns again, and the survivors drop the copies they no longer own.
        awaitOnOwners(IDS);
        assertIdenticalBytesOnOwners(IDS);
    }

    @Test
    @Order(2)
    void noAcknowledgedUploadIsLostWhileADataNodeIsKilledAndRestarted() throws Exception {
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong seeds = new AtomicLong(100_000);
        Map<String, byte[]> ackedHere = new ConcurrentHashMap<>();
        ExecutorService uploaders = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            running.add(uploaders.submit(() -> {
                // Bounded: at most 2,000 uploads per thread, and the test stops them.
                for (int n = 0; n < 2000 && !stop.get(); n++) {
                    List<Node> live = cluster.live();
                    if (live.isEmpty()) {
                        Waits.sleep(Duration.ofMillis(50));
                        continue;
                    }
                    Node target = live.get(ThreadLocalRandom.current().nextInt(live.size()));
                    byte[] wav = DataNodeHttp.wav(0.2, seeds.incrementAndGet());
                    String id = DataNodeHttp.sha256(wav);
                    attempted.add(id);
                    http.upload(target, wav, "concurrent.wav")
                            .filter(DataNodeHttp.Answer::acknowledged)
                            .ifPresent(answer -> ackedHere.put(id, wav));
                }
            }));
        }
        try {
            Waits.sleep(Duration.ofSeconds(3));
            String victim = "d2";
            cluster.kill(victim);
            Waits.sleep(Duration.ofSeconds(4));
            cluster.restart(List.of(victim), spec -> spec);
            Waits.sleep(Duration.ofSeconds(3));
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            uploaders.shutdownNow();
        }
        cluster.awaitConverged(Duration.ofSeconds(60));
        assertThat(ackedHere).isNotEmpty();
        acknowledged.putAll(ackedHere);

        // Jepsen-style set check: every acknowledged upload is readable, byte for byte, on its owners.
        awaitOnOwners(IDS);
        assertIdenticalBytesOnOwners(IDS);
        System.out.printf("%d uploads attempted, %d acknowledged, all readable%n", attempted.size(), ackedHere.size());
    }

    /** Waits until every acknowledged song is held by exactly its owners among {@code live}. */
    private void awaitOnOwners(List<String> live) {
        Waits.until("every song on exactly its 2 owners among " + live, CONVERGE, POLL, () -> {
            Map<String, Set<String>> held = new HashMap<>();
            for (String id : live) {
                Optional<Set<String>> ids = http.heldIds(cluster.node(id));
                if (ids.isEmpty()) {
                    return Optional.of(id + " did not list its songs");
                }
                held.put(id, ids.get());
            }
            int wrong = 0;
            String example = null;
            for (String song : acknowledged.keySet()) {
                Set<String> holders = new HashSet<>();
                held.forEach((node, ids) -> {
                    if (ids.contains(song)) {
                        holders.add(node);
                    }
                });
                Set<String> owners = new HashSet<>(Placement.owners(song, live, 2));
                if (!holders.equals(owners)) {
                    wrong++;
                    example = song + " on " + holders + ", owners " + owners;
                }
            }
            return wrong == 0 ? Optional.empty() : Optional.of(wrong + " songs not on their owners, e.g. " + example);
        });
    }

    private void assertIdenticalBytesOnOwners(List<String> live) {
        for (Map.Entry<String, byte[]> song : acknowledged.entrySet()) {
            for (String owner : Placement.owners(song.getKey(), live, 2)) {
                assertThat(http.audio(cluster.node(owner), song.getKey()))
                        .as("song %s on %s", song.getKey(), owner)
                        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(song.getValue()));
            }
        }
    }

    private String mostLoaded() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String id : IDS) {
            counts.put(id, http.heldIds(cluster.node(id)).orElseThrow().size());
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
