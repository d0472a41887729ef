package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.dispotify.data.replication.DataNode;

import org.dispotify.data.replication.Placement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A surplus copy (held by a node that does not own the song, e.g. a data node that became a router,
 * or the node an upload came in at) is deleted once its owners hold the song, but not while a
 * listener is streaming it from there: the stream plays to its last byte, and the copy goes after.
 */
class SurplusCopyStreamTest {

    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final String RECEIVER = "n3";
    private static final String GHOST = "ghost";
    private static final List<String> WITH_GHOST = List.of("n1", "n2", "n3", GHOST);

    private static DataCluster cluster;

    @BeforeAll
    static void threeDataNodes() {
        cluster = new DataCluster(Map.of(
                "dispotify.data.replication.sync-interval", "500ms",
                "dispotify.data.replication.event-delay", "100ms",
                "dispotify.data.replication.trim-delay", "0s"));
        NODES.forEach(cluster::start);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aSurplusCopyBeingStreamedStaysUntilTheListenerIsDone() throws Exception {
        // While an owner that never answers is listed, the receiver's copy cannot be trimmed: the listener
        // starts before the trim can happen, whatever the machine's load.
        byte[] streamed = song(44_100, 2, 36, 1, ranked -> ranked.subList(0, 2).contains(GHOST)
                && !owners(ranked).contains(RECEIVER));
        String streamedId = Uploads.sha256(streamed);
        cluster.directory().add(new DataNode(GHOST, "http://127.0.0.1:9"));
        WebTestClient receiver = cluster.client(RECEIVER).mutate().responseTimeout(Duration.ofMinutes(3)).build();
        Uploads.upload(receiver, streamed, "streamed.wav").expectStatus().isCreated();

        int port = URI.create(cluster.url(RECEIVER)).getPort();
        try (RawHttp http = new RawHttp(port, 16 * 1024)) {
            http.send("GET /data/songs/" + streamedId + "/audio HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(http.readHead()).startsWith("HTTP/1.1 200");
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.write(http.readBytes(64 * 1024));

            // The owner that never answered leaves: the receiver's copy is surplus now, like any other ...
            cluster.directory().remove(GHOST);
            byte[] other = song(8000, 1, 2, 1000, ranked -> !owners(ranked).contains(RECEIVER));
            Uploads.upload(receiver, other, "other.wav").expectStatus().isCreated();
            // ... and one that nobody streams goes as soon as its owners hold it ...
            await().atMost(Duration.ofSeconds(60)).until(() -> !cluster.store(RECEIVER).holds(Uploads.sha256(other)));
            // ... while the streamed one stays as long as the listener is at it.
            assertThat(cluster.holders(streamedId)).contains(RECEIVER).containsAll(owners(streamedId));

            received.write(http.readBytes(streamed.length - received.size()));
            assertThat(received.toByteArray()).isEqualTo(streamed);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(cluster.holders(streamedId)).containsExactlyInAnyOrderElementsOf(owners(streamedId)));
    }

    /** A WAV whose id's rank among the three nodes and the ghost satisfies {@code wanted}. */
    private static byte[] song(int rate, int channels, double seconds, long firstSeed, Predicate<List<String>> wanted) {
        for (long seed = firstSeed; seed < firstSeed + 500; seed++) {
            byte[] wav = TestAudio.wav(rate, channels, seconds, seed);
            List<String> ranked = Placement.rank(Uploads.sha256(wav), WITH_GHOST);
            if (wanted.test(ranked)) {
                return wav;
            }
        }
        throw new AssertionError("no seed gave a song of the wanted placement");
    }

    /** The owners among the three real nodes, from a rank that may list the ghost. */
    private static List<String> owners(List<String> ranked) {
        return ranked.stream().filter(NODES::contains).limit(2).toList();
    }

    private static List<String> owners(String id) {
        return Placement.owners(id, NODES, 2);
    }
}
