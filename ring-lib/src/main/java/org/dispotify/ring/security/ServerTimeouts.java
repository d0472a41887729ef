package org.dispotify.ring.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a client may take to send a request ({@code dispotify.server.*}), on every Dispotify
 * HTTP server (name service and nodes). They bound what a slow or silent client can hold (a
 * connection, a decoder, an upload slot) without touching responses: a listener streaming a song
 * for minutes and the ring's WebSocket links are never cut by them.
 *
 * @param idleTimeout    a connection with no request under way and no bytes either way for this long is closed
 *                       (a client that connects and sends nothing; a kept-alive connection nobody uses)
 * @param headerTimeout  from the first byte of a request to the end of its headers; a client sending its
 *                       headers byte by byte (slowloris) is closed after this
 * @param readTimeout    the longest pause while a request body is received; a stalled upload is closed
 * @param requestTimeout the longest time to receive a whole request body; at 15 minutes a 200 MB upload needs
 *                       about 230 KB/s
 */
@ConfigurationProperties("dispotify.server")
public record ServerTimeouts(
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("10s") Duration headerTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("15m") Duration requestTimeout) {

    public ServerTimeouts {
        positive(idleTimeout, "idle-timeout");
        positive(headerTimeout, "header-timeout");
        positive(readTimeout, "read-timeout");
        positive(requestTimeout, "request-timeout");
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("dispotify.server." + name + " must be positive");
        }
    }
}
