package org.dispotify.ring.membership;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;

/**
 * This node's own standing: who it is, where it is in its life, its incarnation, the member list it
 * holds (replaced wholesale when it rejoins) and whether a role switch is under way. Shared by the
 * parts of one {@code RingNode} and confined to its ring scheduler, like all ring state.
 */
public final class LocalMember {

    /** Where a node is in its life: not started, asking to join, a member, or stopped. */
    public enum Phase { IDLE, JOINING, JOINED, STOPPED }

    private final Peer peer;
    private final CurrentRole role;
    private volatile Phase phase = Phase.IDLE;
    private Membership membership;
    private long incarnation;
    private Role switchingTo;
    private boolean rejoining;

    public LocalMember(Peer peer, CurrentRole role) {
        this.peer = peer;
        this.role = role;
        this.membership = new Membership(entry(0.0, 0, MemberStatus.ALIVE));
    }

    public Peer peer() {
        return peer;
    }

    public String id() {
        return peer.nodeId();
    }

    public CurrentRole role() {
        return role;
    }

    public Phase phase() {
        return phase;
    }

    public void phase(Phase next) {
        phase = next;
    }

    public boolean joined() {
        return phase == Phase.JOINED;
    }

    public Membership membership() {
        return membership;
    }

    /** Starts over with a member list holding only this node, at {@code position} and the current incarnation. */
    public void resetMembership(double position) {
        membership = new Membership(entry(position, incarnation, MemberStatus.ALIVE));
    }

    public long incarnation() {
        return incarnation;
    }

    /** Raises this node's incarnation to at least {@code floor} + 1 and returns it; only a member raises its own. */
    public long raiseIncarnationAbove(long floor) {
        incarnation = Math.max(incarnation, floor) + 1;
        return incarnation;
    }

    public void incarnation(long value) {
        incarnation = value;
    }

    public boolean switching() {
        return switchingTo != null;
    }

    /** The role a switch under way is taking, or null. */
    public Role switchingTo() {
        return switchingTo;
    }

    public void switchingTo(Role next) {
        switchingTo = next;
    }

    public boolean rejoining() {
        return rejoining;
    }

    public void rejoining(boolean value) {
        rejoining = value;
    }

    /**
     * Whether this node sees more than half of the members it knows (the dead not yet purged count):
     * a node cut off with a minority cannot tell a partition from a mass crash, so it switches no role
     * until the ring is whole again or the dead are purged ({@code dead-retention}).
     */
    public boolean inMajority() {
        return membership.liveCount() * 2 > membership.size();
    }

    public MemberEntry entry(double position, long inc, MemberStatus status) {
        return new MemberEntry(peer.nodeId(), peer.host(), peer.port(), role.get(), role.pinned(), position, inc, status);
    }
}
