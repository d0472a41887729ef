package org.dispotify.ring.naming;

/** A record a node keeps registered: {@code PUT /api/records} body. */
public record Registration(String name, String nodeId, String host, int port, int ttlSeconds) {

    public Registration {
        if (ttlSeconds < 1 || ttlSeconds > 3600) {
            throw new IllegalArgumentException("ttlSeconds must be 1..3600, was " + ttlSeconds);
        }
    }
}
