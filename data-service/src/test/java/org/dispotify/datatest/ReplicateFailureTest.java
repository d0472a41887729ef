package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** A copy that fails at its source is the source's fault: 502 problem+json, and nothing is kept. */
class ReplicateFailureTest extends DataApiTestBase {

    @Test
    void aCopyFromAnUnreachableSourceIsABadGatewayProblemAndStoresNothing() throws IOException {
        String id = Uploads.sha256(TestAudio.wav(0.5, 9_191L));
        long before = songCount();

        client.post().uri("/data/replication/songs/{id}?from={from}", id, "http://127.0.0.1:" + closedPort())
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Copy failed")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(id).contains("Nothing was kept"));

        assertThat(songCount()).isEqualTo(before);
        client.get().uri("/data/songs/{id}", id).exchange().expectStatus().isNotFound();
    }

    /** A loopback port nobody listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
