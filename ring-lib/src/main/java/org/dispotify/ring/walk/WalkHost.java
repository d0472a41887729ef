package org.dispotify.ring.walk;

import java.util.List;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.message.WalkId;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;

import reactor.core.publisher.Mono;

/** What walks need from their node. */
public interface WalkHost {

    MemberEntry selfEntry();

    /** Live members after this node, in ring order: the walk's next hops, nearest first. */
    List<MemberEntry> liveAfterSelf();

    void send(Peer to, RingMessage message);

    /** The member list's entry for {@code nodeId}, dead or alive, if this node holds one. */
    java.util.Optional<MemberEntry> member(String nodeId);

    /** Whether this node holds {@code nodeId} dead (a walk does not wait for a receipt from it). */
    default boolean heldDead(String nodeId) {
        return member(nodeId).map(m -> !m.live()).orElse(false);
    }

    /** Whether this node suspects {@code nodeId} or holds it dead: a walk waits less for its receipt. */
    default boolean doubted(String nodeId) {
        return member(nodeId).map(m -> m.status() != MemberStatus.ALIVE).orElse(false);
    }

    /** The name service's members: the last resort for a next hop. */
    Mono<List<Peer>> directoryMembers();

    void event(RingEvent.Type type, String subject, String detail);

    /**
     * Whether a deficit this node's walk just counted may be acted on now: true sends the imbalance round;
     * false holds it (members are still arriving), and the host walks again once they have. A walk that
     * followed a loss ({@code afterLoss}) does not wait for arrivals to settle.
     */
    Mono<Boolean> mayRebalance(boolean afterLoss);

    /** Whether this node could switch to {@code needed} now (auto role, holds the other role, not already switching). */
    boolean mayTake(Role needed);

    /**
     * Switches this node to {@code next} (handovers first); calls {@code onFailure} on the ring
     * scheduler if the switch did not happen.
     */
    void switchRole(Role next, WalkId deficit, Runnable onFailure);
}
