package org.dispotify.ring.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything one ring member says to another over a {@code /ring} link. Every message names its
 * sender with an address, so a reply goes back over the receiver's own link to the sender; links
 * carry traffic one way and no reply waits on a socket. Dispatch with {@code instanceof} patterns.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RingMessage.Join.class, name = "join"),
        @JsonSubTypes.Type(value = RingMessage.JoinAccepted.class, name = "join-accepted"),
        @JsonSubTypes.Type(value = RingMessage.JoinRejected.class, name = "join-rejected"),
        @JsonSubTypes.Type(value = RingMessage.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = RingMessage.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = RingMessage.PingReq.class, name = "ping-req"),
        @JsonSubTypes.Type(value = RingMessage.IndirectAck.class, name = "indirect-ack"),
        @JsonSubTypes.Type(value = RingMessage.Gossip.class, name = "gossip"),
        @JsonSubTypes.Type(value = RingMessage.Sync.class, name = "sync"),
        @JsonSubTypes.Type(value = RingMessage.Leave.class, name = "leave"),
        @JsonSubTypes.Type(value = RingMessage.Alert.class, name = "alert"),
        @JsonSubTypes.Type(value = RingMessage.Imbalance.class, name = "imbalance"),
        @JsonSubTypes.Type(value = RingMessage.HopAck.class, name = "hop-ack"),
        @JsonSubTypes.Type(value = RingMessage.WalkDropped.class, name = "walk-dropped")
})
public sealed interface RingMessage {

    Peer from();

    /** A newcomer asks the receiver to insert it next to itself, as the receiver's successor. */
    record Join(Peer from, org.dispotify.ring.roles.Role role, boolean pinned, long incarnation) implements RingMessage {
        public Join {
            require(from, role);
        }
    }

    /** The newcomer's own entry (with the position it was given) and every member the contact knows. */
    record JoinAccepted(Peer from, MemberEntry you, java.util.List<MemberEntry> members) implements RingMessage {
        public JoinAccepted {
            require(from, you, members);
            members = java.util.List.copyOf(members);
        }
    }

    /** The contact cannot insert anyone now (it is joining itself, or stopping): try another member. */
    record JoinRejected(Peer from, String reason) implements RingMessage {
        public JoinRejected {
            require(from);
        }
    }

    /** A direct probe. {@code target} lets a restarted process on a reused port ignore a probe meant for another node. */
    record Ping(Peer from, long seq, String target, long digest) implements RingMessage {
        public Ping {
            require(from, target);
        }
    }

    /** The answer to a ping; {@code digest} summarises the sender's member list, so a mismatch triggers a sync. */
    record Ack(Peer from, long seq, long digest) implements RingMessage {
        public Ack {
            require(from);
        }
    }

    /** Asks the receiver to probe {@code target} for the sender (SWIM's indirect probe). */
    record PingReq(Peer from, long seq, Peer target) implements RingMessage {
        public PingReq {
            require(from, target);
        }
    }

    /** The receiver of a ping-req heard from {@code target}; {@code seq} is the requester's. */
    record IndirectAck(Peer from, long seq, String target) implements RingMessage {
        public IndirectAck {
            require(from, target);
        }
    }

    /** Membership changes, flooded to ring neighbours; each receiver forwards only what was news to it. */
    record Gossip(Peer from, java.util.List<MemberEntry> updates) implements RingMessage {
        public Gossip {
            require(from, updates);
            updates = java.util.List.copyOf(updates);
        }
    }

    /** The sender's whole member list (anti-entropy); {@code reply} asks for the receiver's list back. */
    record Sync(Peer from, java.util.List<MemberEntry> members, boolean reply) implements RingMessage {
        public Sync {
            require(from, members);
            members = java.util.List.copyOf(members);
        }
    }

    /** The sender is shutting down cleanly; its neighbours treat it as dead without waiting for probes. */
    record Leave(Peer from, long incarnation) implements RingMessage {
        public Leave {
            require(from);
        }
    }

    /**
     * The alert walk: each live member appends itself and passes it on along {@code ring}; back at the
     * initiator, {@code visited} is the live membership of the stretch walked. {@code ring} starts with
     * the initiator and carries the stretch of its ring order this message walks (in a small ring, the
     * whole ring: the walk goes all the way round, as in the original design). A longer ring is walked
     * in {@code segment}s at once: the initiator sends one message per stretch, and the last member of
     * each hands it back.
     */
    record Alert(Peer from, WalkId walk, String cause, int hops, java.util.List<WalkEntry> visited,
            java.util.List<Peer> ring, int segment) implements RingMessage {
        public Alert {
            require(from, walk, cause, visited, ring);
            visited = java.util.List.copyOf(visited);
            ring = java.util.List.copyOf(ring);
            if (segment < 0) {
                throw new IllegalArgumentException("segment must not be negative");
            }
        }

        /** A walk of the whole ring in one segment. */
        public Alert(Peer from, WalkId walk, String cause, int hops, java.util.List<WalkEntry> visited,
                java.util.List<Peer> ring) {
            this(from, walk, cause, hops, visited, ring, 0);
        }
    }

    /**
     * A role is short: the first auto-role members of the other role that can give their role up
     * switch, one per missing node, until {@code remaining} is 0 ("satisfied"), and the message goes
     * back to its origin. {@code data} and {@code routers} are the counts after the switches so far.
     * It skips ahead along {@code candidates} (the members the origin's count found able to switch, in
     * ring order); without candidates it goes from successor to successor.
     */
    record Imbalance(Peer from, WalkId deficit, String origin, org.dispotify.ring.roles.Role needed,
            int remaining, int data, int routers, int hops, java.util.List<String> visited,
            java.util.List<String> switched, java.util.List<Peer> candidates) implements RingMessage {
        public Imbalance {
            require(from, deficit, origin, needed, visited, switched);
            visited = java.util.List.copyOf(visited);
            switched = java.util.List.copyOf(switched);
            candidates = candidates == null ? java.util.List.of() : java.util.List.copyOf(candidates);
            if (remaining < 0) {
                throw new IllegalArgumentException("remaining must not be negative");
            }
        }

        /** An imbalance that goes from successor to successor. */
        public Imbalance(Peer from, WalkId deficit, String origin, org.dispotify.ring.roles.Role needed,
                int remaining, int data, int routers, int hops, java.util.List<String> visited,
                java.util.List<String> switched) {
            this(from, deficit, origin, needed, remaining, data, routers, hops, visited, switched, java.util.List.of());
        }

        public boolean satisfied() {
            return remaining == 0;
        }
    }

    /** Hop-by-hop receipt for walk messages, so a sender can route around a dead next hop. */
    record HopAck(Peer from, String hopId) implements RingMessage {
        public HopAck {
            require(from, hopId);
        }
    }

    /**
     * A member dropped a walk segment ({@code reason}: a lower walk of its own is under way, the hop limit,
     * or the walk came round without reaching its initiator) and tells the initiator, which then stops
     * waiting for it instead of holding the walk (and every walk above it) until its budget runs out.
     */
    record WalkDropped(Peer from, WalkId walk, int segment, String reason) implements RingMessage {
        public WalkDropped {
            require(from, walk, reason);
        }
    }

    private static void require(Object... fields) {
        for (Object field : fields) {
            if (field == null) {
                throw new IllegalArgumentException("a required field is missing");
            }
        }
    }
}
