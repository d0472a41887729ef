package org.dispotify.router.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeDataNode;
import org.dispotify.router.testing.FakeDataNode.UploadMode;
import org.dispotify.router.testing.FakeSong;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

class UploadApiTest extends RouterTestSupport {

    @Test
    void storesOnADataNodeAndReturnsItsSongWithReplicas() {
        cluster.listData(cluster.a);
        byte[] audio = bytes("a small song");
        MultipartBodyBuilder form = form(audio, "song.mp3");
        form.part("title", "My Title");
        form.part("artist", "Me");
        form.part("album", "Demos");
        form.part("genre", "Lo-fi");
        form.part("secret", "not forwarded");

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isCreated()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.id").isEqualTo(FakeSong.sha256(audio))
                .jsonPath("$.title").isEqualTo("My Title")
                .jsonPath("$.sizeBytes").isEqualTo(audio.length)
                .jsonPath("$.replicas").isEqualTo(1);
        // The tag fields, and the SHA-256 of what the router received: the data node must store exactly that.
        assertThat(cluster.a.lastUploadFields.get()).isEqualTo(Map.of("title", "My Title", "artist", "Me",
                "album", "Demos", "genre", "Lo-fi", "sha256", FakeSong.sha256(audio)));
        assertThat(cluster.a.lastUploadFilename.get()).isEqualTo("song.mp3");
        // The song is in the catalog as soon as the upload answers.
        web.get().uri("/api/songs/{id}", FakeSong.sha256(audio)).exchange().expectStatus().isOk();

        // Same bytes again: the data node says 200 (already stored); so does the router.
        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(audio, "again.mp3").build())).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(FakeSong.sha256(audio));
    }

    @Test
    void countsReplicasOfTheStoredSongAcrossLiveDataNodes() {
        byte[] audio = bytes("a replicated song");
        cluster.b.hold(FakeSong.audio("Replicated", "Someone", audio, "audio/wav"));
        cluster.b.uploadMode(UploadMode.FAIL_500); // so the upload itself lands on a
        cluster.listData(cluster.a, cluster.b);
        awaitCatalog("", r -> r.expectBody().jsonPath("$.total").isEqualTo(1));

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(audio, "r.wav").build())).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.replicas").isEqualTo(2);
    }

    @Test
    void retriesAnotherDataNodeWhenOneFailsOrIsDown() {
        cluster.a.uploadMode(UploadMode.FAIL_500);
        cluster.listData(cluster.a, cluster.b, cluster.c);
        cluster.b.stop(); // listed but refuses connections

        int uploads = 16;
        for (int i = 0; i < uploads; i++) {
            web.post().uri("/api/songs")
                    .body(BodyInserters.fromMultipartData(form(bytes("retry song " + i), "s" + i + ".mp3").build()))
                    .exchange()
                    .expectStatus().isCreated();
        }
        assertThat(cluster.c.uploadAttempts.get()).isEqualTo(uploads);
        // c is first in a random order only half the time: a 500 from a must have been retried.
        assertThat(cluster.a.uploadAttempts.get()).isPositive();
    }

    @Test
    void whenEveryDataNodeKeepsFailingTheAnswerIs503WithRetryAfterNeverA502() {
        cluster.a.uploadMode(UploadMode.FAIL_500);
        cluster.b.uploadMode(UploadMode.FAIL_500);
        cluster.listData(cluster.a, cluster.b);

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(bytes("doomed"), "d.mp3").build())).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueMatches(HttpHeaders.RETRY_AFTER, "[1-9][0-9]*")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(containsString("answered 500"));
        // Held and retried for retry-for (3 s in these tests), on both nodes, in rounds with a backoff.
        assertThat(cluster.a.uploadAttempts.get()).isGreaterThanOrEqualTo(2);
        assertThat(cluster.b.uploadAttempts.get()).isGreaterThanOrEqualTo(2);
        awaitSpoolEmpty();
    }

    @Test
    void aBusyDataNodeIsAskedAgainAfterItsRetryAfterAndTheUploadIsStored() {
        cluster.listData(cluster.a);
        cluster.a.busyFor(2); // the only data node, at its ingest limit for a moment
        byte[] audio = bytes("patient song");

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(audio, "p.mp3").build())).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.id").isEqualTo(FakeSong.sha256(audio));
        assertThat(cluster.a.busyAnswers.get()).isEqualTo(2);
        assertThat(cluster.a.uploadAttempts.get()).isEqualTo(3);
    }

    @Test
    void aNodeThatReceivedTheFileDamagedIsNotBelievedAndAnotherStoresIt() {
        cluster.a.uploadMode(UploadMode.RECEIVED_DAMAGED);
        cluster.listData(cluster.a, cluster.b);
        for (int i = 0; i < 6; i++) {
            byte[] audio = bytes("fragile song " + i);
            web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(audio, "f.mp3").build())).exchange()
                    .expectStatus().isCreated()
                    .expectBody().jsonPath("$.id").isEqualTo(FakeSong.sha256(audio));
        }
        assertThat(cluster.b.uploadAttempts.get()).isEqualTo(6);
    }

    @Test
    void anAnswerUnderAnotherIdIsNoAcknowledgement() {
        cluster.a.uploadMode(UploadMode.STORE_OTHER_ID);
        cluster.listData(cluster.a);

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(bytes("mistaken"), "m.mp3").build())).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody().jsonPath("$.detail").value(containsString("under another id"));

        cluster.listData(cluster.a, cluster.b);
        byte[] audio = bytes("rescued");
        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(audio, "r.mp3").build())).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.id").isEqualTo(FakeSong.sha256(audio));
    }

    @Test
    void bytesThatDoNotHashToTheDeclaredSha256Are400AndReachNoDataNode() {
        cluster.listData(cluster.a);
        byte[] sent = bytes("the song as sent");
        byte[] arrived = bytes("the song as it arrived");
        MultipartBodyBuilder declared = form(arrived, "d.mp3");
        declared.part("sha256", FakeSong.sha256(sent));

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(declared.build())).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://dispotify.org/problems/digest-mismatch")
                .jsonPath("$.receivedSha256").isEqualTo(FakeSong.sha256(arrived));
        web.post().uri("/api/songs").header("Repr-Digest", "sha-256=:" + java.util.Base64.getEncoder()
                        .encodeToString(java.util.HexFormat.of().parseHex(FakeSong.sha256(sent))) + ":")
                .body(BodyInserters.fromMultipartData(form(arrived, "h.mp3").build())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://dispotify.org/problems/digest-mismatch");
        assertThat(cluster.a.uploadAttempts.get()).isZero();
        awaitSpoolEmpty();

        MultipartBodyBuilder matching = form(sent, "ok.mp3");
        matching.part("sha256", FakeSong.sha256(sent).toUpperCase());
        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(matching.build())).exchange()
                .expectStatus().isCreated();
    }

    @Test
    void aDataNodesClientErrorIsPassedThroughAndNotRetried() {
        for (UploadMode mode : new UploadMode[] {UploadMode.REJECT_415, UploadMode.REJECT_422}) {
            cluster.a.uploadMode(mode);
            cluster.b.uploadMode(mode);
            cluster.a.uploadAttempts.set(0);
            cluster.b.uploadAttempts.set(0);
            cluster.listData(cluster.a, cluster.b);
            int status = mode == UploadMode.REJECT_415 ? 415 : 422;
            String detail = mode == UploadMode.REJECT_415 ? "The bytes are not MP3, FLAC, Ogg Vorbis or WAV." : "The file is truncated.";

            web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(bytes("not audio"), "x.txt").build())).exchange()
                    .expectStatus().isEqualTo(status)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo(status)
                    .jsonPath("$.detail").isEqualTo(detail);
            assertThat(cluster.a.uploadAttempts.get() + cluster.b.uploadAttempts.get()).isEqualTo(1);
        }
    }

    @Test
    void aFormWithoutAFileIs400AndReachesNoDataNode() {
        cluster.listData(cluster.a);
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("title", "No file");

        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form.build())).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(containsString("'file'"));
        assertThat(cluster.a.uploadAttempts.get()).isZero();
    }

    @Test
    void notMultipartIs415Problem() {
        cluster.listData(cluster.a);
        web.post().uri("/api/songs").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void withNoDataNodeAnswers503() {
        cluster.listData();
        web.post().uri("/api/songs").body(BodyInserters.fromMultipartData(form(bytes("homeless"), "h.mp3").build())).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aFileOverTheLimitIs413AndReachesNoDataNode() {
        cluster.listData(cluster.a);
        long size = 60L * 1024 * 1024 + 1; // limit in tests: 60MB

        slow().post().uri("/api/songs").body(BodyInserters.fromMultipartData(streamedForm(size).build())).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.maxBytes").isEqualTo(60L * 1024 * 1024);
        assertThat(cluster.a.uploadAttempts.get()).isZero();
        awaitSpoolEmpty();
    }

    /**
     * 50 MB streamed through the router: generated on the fly by the test, spooled to disk by
     * the router, hashed on the fly by the data node. The id proves the bytes arrived intact.
     */
    @Test
    void aLargeUploadStreamsThroughIntact() throws Exception {
        cluster.listData(cluster.a);
        long size = 50L * 1024 * 1024;

        slow().post().uri("/api/songs").body(BodyInserters.fromMultipartData(streamedForm(size).build())).exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.id").isEqualTo(sha256OfGenerated(size))
                .jsonPath("$.sizeBytes").isEqualTo(size);
        assertThat(cluster.a.lastUploadBytes.get()).isEqualTo(size);
        awaitSpoolEmpty();
    }

    private WebTestClient slow() {
        return web.mutate().responseTimeout(Duration.ofSeconds(90)).build();
    }

    private static void awaitSpoolEmpty() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<java.nio.file.Path> files = Files.exists(SPOOL_DIR) ? Files.list(SPOOL_DIR) : Stream.empty()) {
                assertThat(files).isEmpty();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static MultipartBodyBuilder form(byte[] audio, String filename) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource(audio) {
            @Override
            public String getFilename() {
                return filename;
            }
        }).contentType(MediaType.parseMediaType("audio/mpeg"));
        return form;
    }

    private static MultipartBodyBuilder streamedForm(long size) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.asyncPart("file", generated(size), DataBuffer.class)
                .filename("big.wav")
                .contentType(MediaType.parseMediaType("audio/wav"));
        return form;
    }

    private static final int BLOCK = 64 * 1024;

    /** Deterministic bytes, produced block by block, never held whole. */
    private static Flux<DataBuffer> generated(long size) {
        long blocks = (size + BLOCK - 1) / BLOCK;
        return Flux.range(0, (int) blocks).map(i -> {
            int length = (int) Math.min(BLOCK, size - (long) i * BLOCK);
            return DefaultDataBufferFactory.sharedInstance.wrap(block(i, length));
        });
    }

    private static byte[] block(int index, int length) {
        byte[] block = new byte[length];
        long x = 0x9E3779B97F4A7C15L * (index + 1);
        for (int j = 0; j < length; j++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            block[j] = (byte) x;
        }
        return block;
    }

    private static String sha256OfGenerated(long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long blocks = (size + BLOCK - 1) / BLOCK;
        for (int i = 0; i < blocks; i++) {
            sha.update(block(i, (int) Math.min(BLOCK, size - (long) i * BLOCK)));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
