package org.dispotify.ring.message;

import java.util.Objects;

import org.dispotify.ring.roles.Role;

/** What a live member appends to an alert walk: who it is, where, its role, and whether that role is pinned. */
public record WalkEntry(String nodeId, String host, int port, Role role, boolean pinned) {

    public WalkEntry {
        Objects.requireNonNull(role, "role");
        new Peer(nodeId, host, port);
    }

    public Peer peer() {
        return new Peer(nodeId, host, port);
    }
}
