package org.dispotify.ring.membership;

import java.util.Collection;

import org.dispotify.ring.link.Transport;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.view.RingMetrics;

/** Counts what a node hands its transport, so the ring's message rate is visible per type. */
final class CountingTransport implements Transport {

    private final Transport inner;
    private final RingMetrics metrics;

    CountingTransport(Transport inner, RingMetrics metrics) {
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public void send(Peer to, RingMessage message) {
        metrics.sent(message);
        inner.send(to, message);
    }

    @Override
    public void retain(Collection<Peer> neighbours) {
        inner.retain(neighbours);
    }

    @Override
    public void forget(String nodeId) {
        inner.forget(nodeId);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean refused(String nodeId) {
        return inner.refused(nodeId);
    }
}
