package org.dispotify.ring.link;

import java.util.Collection;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;

/**
 * Sends ring messages, fire and forget. A message to an unreachable peer is lost, like a datagram:
 * the protocol above (probes, hop receipts, anti-entropy) copes with loss, so sending never blocks
 * or fails the caller.
 */
public interface Transport {

    void send(Peer to, RingMessage message);

    /** Keeps (opening if needed) links to {@code neighbours}; links to anyone else close once idle. */
    void retain(Collection<Peer> neighbours);

    /**
     * Drops the link to {@code nodeId} at once, without flushing: the ring holds it dead, and a
     * connection that went silent (a partition) would hold what is sent next behind TCP's retransmission
     * backoff, tens of seconds after the network heals. The next message dials afresh.
     */
    default void forget(String nodeId) {
    }

    /** Closes every link, flushing what is queued. */
    void close();

    /**
     * True while the latest attempt to connect to {@code nodeId} was refused (its port is closed: the
     * process is gone) and no link to it has opened since. A paused process or a dropped packet never
     * refuses, so this is evidence of a crash, not of silence. Transports that cannot tell say false.
     */
    default boolean refused(String nodeId) {
        return false;
    }
}
