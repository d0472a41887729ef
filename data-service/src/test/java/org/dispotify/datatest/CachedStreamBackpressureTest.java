package org.dispotify.datatest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same listeners with the song in the chunk cache: sent from memory, paced just the same. */
class CachedStreamBackpressureTest extends StreamBackpressureTestSupport {

    @DynamicPropertySource
    static void cacheOn(DynamicPropertyRegistry registry) {
        registry.add("dispotify.dir", () -> TestDirs.fresh("backpressure-cached").toString());
        registry.add("dispotify.data.chunk-cache-size", () -> "64MB");
    }

    @Override
    boolean cached() {
        return true;
    }

    @Test
    void aSongListenedToBeforeIsSentFromTheCache() {
        client.get().uri("/data/songs/{id}/audio", id).exchange().expectStatus().isOk().expectBody(byte[].class);
        double before = reads();
        byte[] again = client.get().uri("/data/songs/{id}/audio", id).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(LONG_WAV);
        assertThat(reads()).isEqualTo(before);
    }
}
