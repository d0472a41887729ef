package org.dispotify.ring.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.netty.channel.ConnectTimeoutException;

/** Only a refused connection counts as evidence that nobody listens; a timeout is mere silence. */
class LinkTest {

    @Test
    void aRefusedConnectionIsARefusalEvenWhenWrapped() {
        assertThat(Link.isRefusal(new ConnectException("Connection refused"))).isTrue();
        assertThat(Link.isRefusal(new IllegalStateException("handshake failed",
                new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.5:8080")))).isTrue();
    }

    @Test
    void timeoutsAndOtherFailuresAreNot() {
        assertThat(Link.isRefusal(new ConnectTimeoutException("connection timed out: /127.0.0.5:8080"))).isFalse();
        assertThat(Link.isRefusal(new ConnectException("No route to host"))).isFalse();
        assertThat(Link.isRefusal(new IllegalStateException("closed"))).isFalse();
        assertThat(Link.isRefusal(null)).isFalse();
    }
}
