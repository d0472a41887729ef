package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A player on a router's origin may read audio from a data node; nothing else on a data node
 * answers another origin: not uploads, not replication, not the song list.
 */
class AudioCorsTest extends DataApiTestBase {

    private static final String PLAYER = "http://127.0.0.1:9999";
    private static final byte[] SONG = TestAudio.wav(1.5, 404);

    private String id;

    @BeforeEach
    void storeASong() {
        Uploads.upload(client, SONG, "cors.wav").expectStatus().is2xxSuccessful();
        id = Uploads.sha256(SONG);
    }

    @ParameterizedTest
    @CsvSource({"GET,/audio", "HEAD,/audio", "GET,/chunks/0", "GET,/chunk?atMs=0"})
    void anotherOriginMayPreflightAndReadAudio(String method, String path) {
        client.options().uri("/data/songs/" + id + path)
                .header(HttpHeaders.ORIGIN, PLAYER)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "range")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods -> assertThat(methods).contains(method));

        client.method(HttpMethod.valueOf(method)).uri("/data/songs/" + id + path)
                .header(HttpHeaders.ORIGIN, PLAYER)
                .header(HttpHeaders.RANGE, "bytes=0-99")
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed -> assertThat(exposed).contains("Content-Range"));
    }

    @ParameterizedTest
    @CsvSource({
            "POST,/data/songs", "PUT,/data/songs", "DELETE,/data/songs/{id}", "POST,/data/songs/{id}/audio",
            "POST,/data/replication/songs/{id}", "GET,/data/replication/ids", "GET,/data/songs", "GET,/data/songs/{id}"})
    void anotherOriginIsRefusedEverythingElse(String method, String path) {
        String uri = path.replace("{id}", id);
        client.options().uri(uri)
                .header(HttpHeaders.ORIGIN, PLAYER)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void aCrossOriginUploadIsRefusedAndStoresNothing() {
        long before = songCount();
        // Small enough that the whole request is read before the 403: a refused body still unread when the
        // server closes makes the kernel send a reset, which can overtake the answer (seen on a loaded machine).
        byte[] other = TestAudio.wav(0.02, 405);

        Uploads.upload(client.mutate().defaultHeader(HttpHeaders.ORIGIN, PLAYER).build(), other, "x.wav")
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

        assertThat(songCount()).isEqualTo(before);
        client.get().uri("/data/songs/" + Uploads.sha256(other)).exchange().expectStatus().isNotFound();
    }

    @Test
    void theSameOriginAndNonBrowserClientsAreNotAffected() {
        client.get().uri("/data/songs").exchange().expectStatus().isOk();
        client.get().uri("/data/songs/" + id).exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
