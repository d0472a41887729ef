package org.dispotify.ring.message;

import java.net.URI;
import java.util.Objects;

/** Where a ring member listens: its id and the HTTP address whose {@code /ring} path takes ring links. */
public record Peer(String nodeId, String host, int port) {

    public Peer {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        if (nodeId.isBlank() || host.isBlank()) {
            throw new IllegalArgumentException("nodeId and host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    public URI ringUri() {
        return URI.create("ws://" + host + ":" + port + "/ring");
    }

    @Override
    public String toString() {
        return nodeId + "@" + host + ":" + port;
    }
}
