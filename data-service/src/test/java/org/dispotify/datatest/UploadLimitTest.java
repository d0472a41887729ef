package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A node with a 64 KB upload limit: bigger uploads get 413 without their rest being read. */
@SpringBootTest(classes = DataTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class UploadLimitTest {

    private static final Path DIR = TestDirs.fresh("limit");
    private static final int LIMIT = 64 * 1024;
    private static final String BOUNDARY = "dispotify-test-boundary";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", DIR::toString);
        registry.add("dispotify.data.max-upload-size", () -> LIMIT + "B");
    }

    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @BeforeEach
    void roomForSongs() {
        client = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIs413BeforeAnyBodyIsSent() throws IOException {
        long before = songCount();
        try (RawHttp http = new RawHttp(port, 0)) {
            http.send("POST /data/songs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Content-Length: 1000000000\r\n\r\n");
            // Not one byte of the body was sent: the answer can only come from the headers.
            String head = http.readHead();
            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        }
        assertUnchanged(before);
    }

    @Test
    void aStreamedUploadIs413AsSoonAsItPassesTheLimit() throws Exception {
        long before = songCount();
        try (RawHttp http = new RawHttp(port, 0)) {
            http.send("POST /data/songs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            http.send(chunk(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            byte[] wav = TestAudio.wav(60, 9); // ~960 KB, 15 times the limit
            // Keep sending until the server answers or stops reading; never send the end of the body.
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < wav.length; off += 8192) {
                        byte[] piece = java.util.Arrays.copyOfRange(wav, off, Math.min(wav.length, off + 8192));
                        http.send(chunk(piece));
                    }
                } catch (IOException closedByServer) {
                    // expected once the server has answered and closed
                }
            });
            String head = http.readHead();
            assertThat(head).startsWith("HTTP/1.1 413");
            sender.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertUnchanged(before);
    }

    @Test
    void aClientLibraryUploadOverTheLimitIs413AndOneUnderItIsStored() {
        long before = songCount();
        client.post().uri("/data/songs").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(org.springframework.web.reactive.function.BodyInserters.fromMultipartData(
                        "file", new org.springframework.core.io.ByteArrayResource(TestAudio.wav(10, 10)) {
                            @Override
                            public String getFilename() {
                                return "ten-seconds.wav";
                            }
                        }))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertUnchanged(before);

        Uploads.stored(client, TestAudio.wav(1, 10), "one-second.wav");
        assertThat(songCount()).isEqualTo(before + 1);
    }

    private static byte[] chunk(byte[] data) {
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    private void assertUnchanged(long before) {
        assertThat(songCount()).isEqualTo(before);
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (var files = Files.list(DIR.resolve("ingest"))) {
                assertThat(files.toList()).isEmpty();
            }
        });
    }

    private long songCount() {
        return client.get().uri("/data/songs?size=1").exchange().expectStatus().isOk()
                .expectBody(SongView.Page.class).returnResult().getResponseBody().total();
    }
}
