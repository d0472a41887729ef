package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.dispotify.data.replication.Placement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * Personal-state documents among data-role contexts in this JVM: a document written to any node reaches
 * both of its owners (rendezvous hashing of its key, as songs), writes to the two owners at once merge to
 * the same state on both, and when an owner dies the new owner gets the document from the survivor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocumentReplicationTest {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static DataCluster cluster;

    @BeforeAll
    static void threeDataNodes() {
        cluster = new DataCluster(Map.of(
                "dispotify.data.replication.sync-interval", "1s",
                "dispotify.data.replication.event-delay", "100ms"));
        cluster.start("d1");
        cluster.start("d2");
        cluster.start("d3");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String star(String song, long millis, String node) {
        return "{\"sets\":{\"songs\":{\"added\":{\"" + song + "\":{\"millis\":" + millis
                + ",\"counter\":0,\"node\":\"" + node + "\"}}}}}";
    }

    private static void put(String node, String key, String body) {
        cluster.client(node).put().uri("/data/docs/" + key).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk();
    }

    private static Optional<JsonNode> read(String node, String key) {
        JsonNode[] found = new JsonNode[1];
        cluster.client(node).get().uri("/data/docs/" + key).exchange()
                .expectBody(JsonNode.class).value(body -> found[0] = body);
        return Optional.ofNullable(found[0]).filter(body -> body.has("digest"));
    }

    private static List<String> starred(JsonNode answer) {
        return answer.path("doc").path("sets").path("songs").path("added").propertyNames().stream().sorted().toList();
    }

    /** A key whose owners among {@code nodes} do not include {@code outsider}. */
    private static String keyOwnedWithout(String outsider, List<String> nodes) {
        for (int i = 0; ; i++) {
            String key = "favorites:user" + i;
            if (!Placement.owners(key, nodes, 2).contains(outsider)) {
                return key;
            }
        }
    }

    @Test
    @Order(1)
    void aDocumentWrittenToANonOwnerReachesBothOwners() {
        List<String> nodes = List.of("d1", "d2", "d3");
        String key = keyOwnedWithout("d1", nodes);
        List<String> owners = Placement.owners(key, nodes, 2);

        put("d1", key, star("song-a", 1_000, "router-1"));

        Awaitility.await().atMost(CONVERGE).untilAsserted(() -> {
            for (String owner : owners) {
                assertThat(read(owner, key)).as("%s's copy", owner).get()
                        .satisfies(doc -> assertThat(starred(doc)).containsExactly("song-a"));
            }
        });
    }

    @Test
    @Order(2)
    void writesToBothOwnersAtOnceConvergeToTheSameStateOnBoth() {
        List<String> nodes = List.of("d1", "d2", "d3");
        String key = "favorites:concurrent";
        List<String> owners = Placement.owners(key, nodes, 2);

        put(owners.get(0), key, star("song-x", 2_000, "router-1"));
        put(owners.get(1), key, star("song-y", 2_001, "router-2"));

        Awaitility.await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode first = read(owners.get(0), key).orElseThrow();
            JsonNode second = read(owners.get(1), key).orElseThrow();
            assertThat(starred(first)).containsExactly("song-x", "song-y");
            assertThat(second.path("digest").asString()).isEqualTo(first.path("digest").asString());
        });
    }

    @Test
    @Order(3)
    void whenAnOwnerDiesTheNewOwnerGetsTheDocumentFromTheSurvivor() {
        List<String> nodes = List.of("d1", "d2", "d3");
        // A key owned by d2 and d3 (so d1 holds no copy of it from the write), then d3 dies: d1 becomes an owner.
        String key = keyOwnedWithout("d1", nodes);
        key = key + ":handover";
        while (Placement.owners(key, nodes, 2).contains("d1")) {
            key = key + "x";
        }
        String written = key;
        List<String> owners = Placement.owners(written, nodes, 2);
        put(owners.get(0), written, star("song-h", 3_000, "router-1"));
        Awaitility.await().atMost(CONVERGE).until(() -> owners.stream().allMatch(o -> read(o, written).isPresent()));
        assertThat(read("d1", written)).as("d1 owns none of it yet").isEmpty();

        cluster.kill(owners.get(1));

        List<String> after = Placement.owners(written, List.of("d1", owners.get(0)), 2);
        assertThat(after).contains("d1");
        Awaitility.await().atMost(CONVERGE).untilAsserted(() -> assertThat(read("d1", written)).get()
                .satisfies(doc -> assertThat(starred(doc)).containsExactly("song-h")));
    }
}
