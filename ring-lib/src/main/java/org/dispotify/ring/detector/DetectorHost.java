package org.dispotify.ring.detector;

import java.util.List;
import java.util.Optional;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;

/** What the failure detector needs from its node: the ring around it, a way to talk, and where verdicts go. */
public interface DetectorHost {

    Peer self();

    long digest();

    Optional<MemberEntry> member(String nodeId);

    /** Whom to probe this round: the first successor, and the next ones while those are suspect. */
    List<MemberEntry> probeTargets();

    /** Other neighbours that can probe {@code targetId} for this node. */
    List<Peer> helpers(String targetId, int count);

    void send(Peer to, RingMessage message);

    /** True while connections to {@code nodeId} are refused: its process is gone, not just silent. */
    default boolean refused(String nodeId) {
        return false;
    }

    /** No direct or indirect answer in a whole probe period. */
    void suspect(String nodeId);

    /**
     * The suspicion timed out, or was cut short because the member's port refuses connections;
     * {@code silentNanos} is the time since the member last answered.
     */
    void convict(String nodeId, long silentNanos, boolean refused);

    /** A member this node suspected answered; the host tells it, so it refutes the suspicion everywhere. */
    void answeredWhileSuspected(String nodeId);
}
