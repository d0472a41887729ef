package org.dispotify.ring.detector;

import java.util.List;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.Peer;

/** What the failure detector reads of its node's ring; it never changes the ring itself. */
public interface ProbeSet {

    /** Whom to probe this round: the first successor, and the next ones while those are suspect. */
    List<MemberEntry> probeTargets();

    /** Other neighbours that can probe {@code targetId} for this node. */
    List<Peer> helpers(String targetId, int count);

    /** Whether {@code nodeId} is a live member (ALIVE or SUSPECT) in this node's view. */
    boolean live(String nodeId);

    /** The incarnation this node holds for {@code nodeId}, or -1 if it holds none. */
    long incarnation(String nodeId);

    /** The digest of this node's member list, carried by pings and acks. */
    long digest();
}
