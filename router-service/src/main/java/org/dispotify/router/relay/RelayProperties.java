package org.dispotify.router.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audio relay's settings, under the router's own prefix ({@code dispotify.router.relay-*}) so
 * that the switch reads {@code dispotify.router.relay-audio}. Off by default: DESIGN.md has
 * listeners stream straight from data nodes, and a relay puts every song's bytes through a router.
 *
 * @param relayAudio             providers' URLs point at this router, which relays the data node's audio;
 *                               for deployments where listeners can reach a router but not the data nodes
 *                               (Docker Compose publishes only one router's port)
 * @param relayFirstByteTimeout  how long a relayed request waits for the data node's response headers;
 *                               once they arrived the stream has no time limit (songs are long and a
 *                               paused listener stops reading)
 * @param relayMaxStreams        relayed responses this router streams at once; more get 503. Each one
 *                               holds at most a few MiB while its listener does not read
 */
@ConfigurationProperties("dispotify.router")
public record RelayProperties(
        @DefaultValue("false") boolean relayAudio,
        @DefaultValue("5s") Duration relayFirstByteTimeout,
        @DefaultValue("64") int relayMaxStreams) {

    public RelayProperties {
        if (relayFirstByteTimeout == null || relayFirstByteTimeout.isZero() || relayFirstByteTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "dispotify.router.relay-first-byte-timeout must be a positive duration, was " + relayFirstByteTimeout);
        }
        if (relayMaxStreams < 1) {
            throw new IllegalArgumentException("dispotify.router.relay-max-streams must be >= 1, was " + relayMaxStreams);
        }
    }
}
