package org.dispotify.router.relay;

import org.dispotify.router.RouterTestSupport;
import org.dispotify.router.testing.FakeSong;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The default router (relay off): the relay path answers nothing and asks no data node. */
class RelayOffTest extends RouterTestSupport {

    @Test
    void theRelayPathIs404AndTouchesNoDataNode() {
        FakeSong song = FakeSong.of("Off", "Tests", "Tests", "Test");
        cluster.a.hold(song);
        cluster.listData(cluster.a);
        awaitCatalog("/" + song.id(), r -> r.expectStatus().isOk());

        web.get().uri("/api/songs/{id}/audio?node=data-a", song.id()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://dispotify.org/problems/relay-off");
        assertThat(cluster.a.audioRequests.get()).isZero();
    }
}
