package org.dispotify.ring.message;

import java.util.Objects;

import org.dispotify.ring.roles.Role;

/**
 * One member as the ring knows it. The ring order is the order of {@code position} (ties broken by
 * node id), so every member that holds the same entries computes the same predecessor and successors,
 * whatever order the entries arrived in. Only the member itself raises its incarnation (to refute a
 * suspicion, or to announce a new role); anyone may lower its status (ALIVE, SUSPECT, DEAD) at the
 * same incarnation.
 */
public record MemberEntry(String nodeId, String host, int port, Role role, boolean pinned,
        double position, long incarnation, MemberStatus status) {

    public MemberEntry {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        new Peer(nodeId, host, port);
        if (!(position >= 0 && position < 1)) {
            throw new IllegalArgumentException("position must be in [0, 1), was " + position);
        }
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation must not be negative");
        }
    }

    public Peer peer() {
        return new Peer(nodeId, host, port);
    }

    public boolean live() {
        return status != MemberStatus.DEAD;
    }

    public MemberEntry withStatus(MemberStatus next) {
        return new MemberEntry(nodeId, host, port, role, pinned, position, incarnation, next);
    }

    public MemberEntry withIncarnation(long next, MemberStatus nextStatus) {
        return new MemberEntry(nodeId, host, port, role, pinned, position, next, nextStatus);
    }

    public MemberEntry withRole(Role next, long nextIncarnation) {
        return new MemberEntry(nodeId, host, port, next, pinned, position, nextIncarnation, MemberStatus.ALIVE);
    }

    public MemberEntry withPosition(double next) {
        return new MemberEntry(nodeId, host, port, role, pinned, next, incarnation, status);
    }

    /** SWIM's rule: a higher incarnation wins; at the same incarnation, DEAD beats SUSPECT beats ALIVE. */
    public boolean supersedes(MemberEntry other) {
        if (incarnation != other.incarnation) {
            return incarnation > other.incarnation;
        }
        return status.ordinal() > other.status.ordinal();
    }
}
