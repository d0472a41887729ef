package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Issue 14 item 4: damage is found and repaired without anyone reading the song. Bytes are changed
 * inside a data node's SQLite file, as a bad disk would; the background scrub finds the chunk, and
 * replication replaces it with the other holder's good copy.
 */
class ScrubRepairTest {

    private static DataCluster cluster;

    @BeforeAll
    static void twoDataNodesThatScrubOften() {
        cluster = new DataCluster(Map.of(
                "dispotify.data.replication.sync-interval", "1s",
                "dispotify.data.replication.event-delay", "100ms",
                "dispotify.data.scrub.initial-delay", "0s",
                "dispotify.data.scrub.interval", "200ms"));
        cluster.start("n1");
        cluster.start("n2");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aChunkDamagedOnDiskIsRepairedFromTheOtherHolderWithoutAnyRead() throws Exception {
        byte[] wav = TestAudio.wav(25, 91); // 3 chunks
        WebTestClient n1 = cluster.client("n1").mutate().responseTimeout(Duration.ofMinutes(2)).build();
        String id = Uploads.upload(n1, wav, "scrubbed.wav").expectStatus().isCreated()
                .expectBody(SongView.class).returnResult().getResponseBody().id();
        assertThat(cluster.holders(id)).containsExactlyInAnyOrder("n1", "n2");
        Path db = cluster.dir("n1").resolve("songs.db");
        byte[] good = chunk(db, id, 1);
        double readsBefore = counter("n1", "dispotify.data.chunk.reads");
        double passesBefore = counter("n1", "dispotify.scrub.passes");

        damage(db, id, 1);
        assertThat(chunk(db, id, 1)).isNotEqualTo(good);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(chunk(db, id, 1)).isEqualTo(good));
        // Found by the scrub (again at each pass until the repair is in: passes here are 200 ms apart) and
        // repaired once, from n2, with no chunk read from n1's store.
        assertThat(counter("n1", "dispotify.scrub.damaged")).isGreaterThanOrEqualTo(1);
        assertThat(counter("n1", "dispotify.replication.repairs", "kind", "chunk")).isEqualTo(1);
        assertThat(counter("n1", "dispotify.data.chunk.reads")).as("no chunk read from n1's store").isEqualTo(readsBefore);
        assertThat(passesBefore).as("passes ran before the damage too").isPositive();
        // Later passes check the song again and find it whole (the pass under way at the repair may still
        // have read the old bytes: counted from the one after it); the status says what they did.
        double repairedAt = counter("n1", "dispotify.scrub.passes");
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("n1", "dispotify.scrub.passes") > repairedAt);
        double found = counter("n1", "dispotify.scrub.damaged");
        double passesAfterRepair = counter("n1", "dispotify.scrub.passes");
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("n1", "dispotify.scrub.passes") > passesAfterRepair + 1);
        assertThat(counter("n1", "dispotify.scrub.damaged")).as("nothing damaged after the repair").isEqualTo(found);
        assertThat(counter("n1", "dispotify.scrub.checked")).isPositive();
        cluster.client("n1").get().uri("/data/replication/status").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.scrub.damaged").isEqualTo((int) found)
                .jsonPath("$.scrub.passes").value(passes -> assertThat(((Number) passes).longValue()).isPositive())
                .jsonPath("$.scrub.lastPassEnd").isNotEmpty();
        // The repaired song reads whole again.
        byte[] audio = cluster.client("n1").get().uri("/data/songs/{id}/audio", id).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(audio).isEqualTo(wav);
    }

    private static double counter(String node, String name, String... tags) {
        MeterRegistry meters = cluster.node(node).getBean(MeterRegistry.class);
        return meters.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static byte[] chunk(Path db, String id, int index) throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement select = sqlite.prepareStatement("SELECT bytes FROM chunks WHERE song_id = ? AND idx = ?")) {
            select.setString(1, id);
            select.setInt(2, index);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getBytes(1);
            }
        }
    }

    /** Flips one byte in the middle of a stored chunk, leaving its hash as it was. */
    private static void damage(Path db, String id, int index) throws Exception {
        byte[] damaged = chunk(db, id, index);
        damaged = Arrays.copyOf(damaged, damaged.length);
        damaged[damaged.length / 2] ^= 0x40;
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement update = sqlite.prepareStatement("UPDATE chunks SET bytes = ? WHERE song_id = ? AND idx = ?")) {
            update.setBytes(1, damaged);
            update.setString(2, id);
            update.setInt(3, index);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
