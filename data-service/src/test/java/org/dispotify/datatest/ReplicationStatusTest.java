package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/** GET /data/replication/status: the node's song count and its under-replicated gauge, as JSON. */
class ReplicationStatusTest extends DataApiTestBase {

    private JsonNode status() {
        return client.get().uri("/data/replication/status").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void countsTheSongsHeldAndReportsTheUnderReplicatedGauge() {
        long before = status().path("songs").asLong();
        assertThat(before).isEqualTo(songCount());

        Uploads.upload(client, TestAudio.wav(1.5, 4242L), "status.wav").expectStatus().is2xxSuccessful();

        JsonNode after = status();
        assertThat(after.path("songs").asLong()).isEqualTo(songCount()).isGreaterThan(before);
        assertThat(after.path("underReplicated").asLong())
                .isEqualTo((long) meters.get("dispotify.replication.under.replicated").gauge().value());
    }
}
