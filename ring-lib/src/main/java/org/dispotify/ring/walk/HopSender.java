package org.dispotify.ring.walk;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.scheduler.Scheduler;

/**
 * Passes a walk message to the next live hop. Candidates are tried in order, each given the hop
 * timeout to send a receipt ({@link RingMessage.HopAck}); when all have failed, the name service's
 * members are tried once; then the message is given up (and logged). Scheduler-confined.
 */
final class HopSender {

    private static final Logger log = LoggerFactory.getLogger(HopSender.class);

    private final WalkHost host;
    private final Scheduler scheduler;
    private final Duration hopTimeout;
    private final Map<String, Pending> pending = new HashMap<>();

    HopSender(WalkHost host, Scheduler scheduler, Duration hopTimeout) {
        this.host = host;
        this.scheduler = scheduler;
        this.hopTimeout = hopTimeout;
    }

    /** Sends {@code message} to the first candidate that acknowledges it; {@code eligible} filters directory members. */
    void send(String hopId, RingMessage message, List<Peer> candidates, Predicate<Peer> eligible) {
        Pending hop = new Pending(message, new ArrayDeque<>(candidates), eligible);
        pending.put(hopId, hop);
        attempt(hopId, hop);
    }

    void acknowledged(String hopId) {
        pending.remove(hopId);
    }

    void clear() {
        pending.clear();
    }

    private void attempt(String hopId, Pending hop) {
        if (pending.get(hopId) != hop) {
            return;
        }
        Peer next = hop.candidates.poll();
        if (next == null) {
            if (hop.directoryTried) {
                pending.remove(hopId);
                log.warn("ring: {} could not pass {} on: no live next hop answered", host.selfEntry().nodeId(), hopId);
                return;
            }
            hop.directoryTried = true;
            host.directoryMembers()
                    .timeout(Duration.ofSeconds(3))
                    .onErrorReturn(List.of())
                    .publishOn(scheduler)
                    .subscribe(members -> {
                        members.stream()
                                .filter(peer -> !hop.tried.contains(peer.nodeId()) && hop.eligible.test(peer))
                                .forEach(hop.candidates::add);
                        attempt(hopId, hop);
                    });
            return;
        }
        if (!hop.tried.add(next.nodeId())) {
            attempt(hopId, hop);
            return;
        }
        host.send(next, hop.message);
        scheduler.schedule(() -> {
            if (pending.get(hopId) == hop) {
                log.info("ring: {} got no receipt from {} for {}; skipping it", host.selfEntry().nodeId(),
                        next.nodeId(), hopId);
                attempt(hopId, hop);
            }
        }, hopTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static final class Pending {
        final RingMessage message;
        final Deque<Peer> candidates;
        final Predicate<Peer> eligible;
        final Set<String> tried = new HashSet<>();
        boolean directoryTried;

        Pending(RingMessage message, Deque<Peer> candidates, Predicate<Peer> eligible) {
            this.message = message;
            this.candidates = candidates;
            this.eligible = eligible;
        }
    }
}
