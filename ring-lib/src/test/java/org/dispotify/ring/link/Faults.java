package org.dispotify.ring.link;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;

import reactor.core.scheduler.Scheduler;

/**
 * Fault injection for ring tests (in the spirit of ScaleCube's network emulator): isolate a node,
 * drop messages of one type to a node, or delay everything one node sends. Wrap every node's
 * {@link Transport} with {@link #wrap} and the rules apply on both ends.
 */
public final class Faults {

    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Class<? extends RingMessage>>> droppedTo = new ConcurrentHashMap<>();
    private final Map<String, Duration> delayFrom = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    /** Drops every message to and from {@code nodeId}, like a partition (or a SIGSTOP) would. */
    public void isolate(String nodeId) {
        isolated.add(nodeId);
    }

    /** Drops messages of {@code type} sent to {@code nodeId}. */
    public void drop(Class<? extends RingMessage> type, String nodeId) {
        droppedTo.computeIfAbsent(nodeId, id -> ConcurrentHashMap.newKeySet()).add(type);
    }

    public void delayFrom(String nodeId, Duration delay) {
        delayFrom.put(nodeId, delay);
    }

    public void heal(String nodeId) {
        isolated.remove(nodeId);
        droppedTo.remove(nodeId);
        delayFrom.remove(nodeId);
    }

    public long dropped() {
        return dropped.get();
    }

    boolean allows(String from, String to, RingMessage message) {
        if (isolated.contains(from) || isolated.contains(to)) {
            return false;
        }
        Set<Class<? extends RingMessage>> types = droppedTo.get(to);
        return types == null || types.stream().noneMatch(type -> type.isInstance(message));
    }

    /** {@code inner} as seen through these faults, for the node {@code owner}; delays run on {@code timer}. */
    public Transport wrap(String owner, Transport inner, Scheduler timer) {
        return new Transport() {
            @Override
            public void send(Peer to, RingMessage message) {
                if (!allows(owner, to.nodeId(), message)) {
                    dropped.incrementAndGet();
                    return;
                }
                Duration delay = delayFrom.get(owner);
                if (delay == null) {
                    inner.send(to, message);
                } else {
                    timer.schedule(() -> inner.send(to, message), delay.toNanos(), TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public void retain(Collection<Peer> neighbours) {
                inner.retain(neighbours);
            }

            @Override
            public void close() {
                inner.close();
            }

            @Override
            public boolean refused(String nodeId) {
                // An isolated node is silent, as behind a partition or SIGSTOP: nothing refuses.
                return !isolated.contains(owner) && !isolated.contains(nodeId) && inner.refused(nodeId);
            }
        };
    }
}
