package org.dispotify.ring.membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dispotify.ring.link.Transport;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.view.RingMetrics;

/**
 * This node's ring neighbours (its predecessor and {@code successors} next members) and the transport
 * it reaches everyone through, counting what it sends. Links to neighbours are kept open; others close
 * once idle.
 */
public final class Links {

    private final LocalMember local;
    private final Transport transport;
    private final int successors;

    public Links(LocalMember local, Transport transport, RingMetrics metrics, int successors) {
        this.local = local;
        this.transport = new CountingTransport(transport, metrics);
        this.successors = successors;
    }

    /** The transport, counting what goes through it. */
    public Transport transport() {
        return transport;
    }

    public void send(Peer to, RingMessage message) {
        transport.send(to, message);
    }

    /** Predecessor first, then successors, nearest first, without duplicates or this node. */
    public List<Peer> neighbours() {
        Membership membership = local.membership();
        Map<String, Peer> out = new LinkedHashMap<>();
        membership.predecessor().ifPresent(p -> out.put(p.nodeId(), p.peer()));
        membership.successors(successors).forEach(s -> out.putIfAbsent(s.nodeId(), s.peer()));
        out.remove(local.id());
        return new ArrayList<>(out.values());
    }

    public List<MemberEntry> successors() {
        return local.membership().successors(successors);
    }

    public Optional<MemberEntry> firstSuccessor() {
        return local.membership().successors(1).stream().findFirst();
    }

    /** Keeps links to the current neighbours open. */
    public void relink() {
        transport.retain(neighbours());
    }

    public void forget(String nodeId) {
        transport.forget(nodeId);
    }

    public boolean refused(String nodeId) {
        return transport.refused(nodeId);
    }

    public void close() {
        transport.close();
    }

    /** How many successors each member links to. */
    public int successorCount() {
        return successors;
    }
}
