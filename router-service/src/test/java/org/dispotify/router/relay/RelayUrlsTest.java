package org.dispotify.router.relay;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayUrlsTest {

    private static final String ID = "ab".repeat(32);

    @Test
    void keepsTheSchemeHostAndPortTheListenerUsedAndNothingElse() {
        assertThat(RelayUrls.audioUrl(URI.create("https://music.example:8443/api/songs/x/providers?q=1#f"), ID, "data-a"))
                .isEqualTo("https://music.example:8443/api/songs/" + ID + "/audio?node=data-a");
        assertThat(RelayUrls.audioUrl(URI.create("http://music.example/api/songs/x/providers"), ID, "data-a"))
                .isEqualTo("http://music.example/api/songs/" + ID + "/audio?node=data-a");
        assertThat(RelayUrls.audioUrl(URI.create("http://[::1]:8080/api/songs/x/providers"), ID, "data-a"))
                .isEqualTo("http://[::1]:8080/api/songs/" + ID + "/audio?node=data-a");
    }

    @Test
    void withoutARequestItIsAPathOnTheRouterAsked() {
        assertThat(RelayUrls.audioUrl(null, ID, "data-a")).isEqualTo("/api/songs/" + ID + "/audio?node=data-a");
    }

    @Test
    void encodesWhatItInserts() {
        assertThat(RelayUrls.audioUrl(null, "a b", "n&x=1")).isEqualTo("/api/songs/a%20b/audio?node=n%26x%3D1");
    }
}
