package org.dispotify.ring.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;

/** A transport that keeps what it is asked to send, and refuses connections to whom a test says. */
public final class RecordingTransport implements Transport {

    /** A message and where it was to go. */
    public record Sent(Peer to, RingMessage message) {
    }

    public final List<Sent> sent = new ArrayList<>();
    public final Set<String> refusing = new HashSet<>();

    @Override
    public void send(Peer to, RingMessage message) {
        sent.add(new Sent(to, message));
    }

    @Override
    public void retain(Collection<Peer> neighbours) {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean refused(String nodeId) {
        return refusing.contains(nodeId);
    }

    /** The messages of {@code type} sent so far, in order. */
    public <T extends RingMessage> List<T> of(Class<T> type) {
        return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
    }
}
