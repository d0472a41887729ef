package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Covers travel with their songs between data-role contexts in this JVM: copied with each replica
 * (checked against their hash), repaired from another holder when damaged, and still there after the
 * node that took the upload is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoverReplicationTest {

    private static final Duration CONVERGE = Duration.ofSeconds(40);
    private static final byte[] COVER = TestCovers.jpeg(256, 42);
    private static final String COVER_ID = Uploads.sha256(COVER);

    private static DataCluster cluster;
    private static String songId;

    @BeforeAll
    static void twoDataNodes() {
        cluster = new DataCluster(Map.of(
                "dispotify.data.replication.sync-interval", "1s",
                "dispotify.data.replication.event-delay", "100ms",
                "dispotify.data.replication.trim-delay", "1s"));
        cluster.start("c1");
        cluster.start("c2");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @Order(1)
    void anUploadsCoverIsOnEveryHolderWhenItIsAcknowledged() {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", TestAudio.wav(2, 4242)).filename("song.wav").contentType(MediaType.APPLICATION_OCTET_STREAM);
        form.part("cover", COVER).filename("cover.jpg").contentType(MediaType.IMAGE_JPEG);
        cluster.client("c1").post().uri("/data/songs").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.replicas").isEqualTo(2)
                .jsonPath("$.coverId").isEqualTo(COVER_ID);
        songId = Uploads.sha256(TestAudio.wav(2, 4242));

        // c2's copy is read straight from its table (verified) here; its first read through the API comes next.
        assertThat(cover("c1")).isEqualTo(COVER);
        cluster.client("c2").get().uri("/data/songs/{id}", songId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.coverId").isEqualTo(COVER_ID);
    }

    @Test
    @Order(2)
    void aDamagedCoverIsDetectedOnReadAndRepairedFromTheOtherHolder() throws Exception {
        damage(cluster.dir("c2").resolve("songs.db"));

        cluster.client("c2").get().uri("/data/songs/{id}/cover", songId).exchange().expectStatus().is5xxServerError();

        await().atMost(CONVERGE).untilAsserted(() -> assertThat(cover("c2")).isEqualTo(COVER));
        assertThat(cluster.node("c2").getBean(MeterRegistry.class).get("dispotify.replication.repairs")
                .tag("kind", "cover").counter().count()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theCoverSurvivesTheLossOfTheNodeThatTookTheUpload() {
        cluster.start("c3");
        cluster.kill("c1");

        await().atMost(CONVERGE).untilAsserted(() -> assertThat(cluster.holders(songId)).contains("c3"));
        assertThat(cover("c3")).isEqualTo(COVER);
        // c1 (the uploader) is gone: the new copy came from c2, checked on the way.
        assertThat(cover("c2")).isEqualTo(COVER);
    }

    private static byte[] cover(String node) {
        return cluster.client(node).get().uri("/data/songs/{id}/cover", songId).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"" + COVER_ID + "\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    /** One byte of the stored cover flipped, as a bad disk would; its key left as it was. */
    private static void damage(Path db) throws Exception {
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement update = sqlite.prepareStatement("UPDATE covers SET bytes = ? WHERE sha256 = ?")) {
            byte[] damaged = COVER.clone();
            damaged[damaged.length / 2] ^= 0x40;
            update.setBytes(1, damaged);
            update.setString(2, COVER_ID);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
