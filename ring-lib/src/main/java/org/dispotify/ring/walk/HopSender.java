package org.dispotify.ring.walk;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * timeout to send a receipt ({@link RingMessage.HopAck}); a candidate that sent none gets the message
 * once more before it is skipped, since a lost message or a lost receipt says nothing about the member
 * (a receiver acknowledges a repeat again and handles it once). When all candidates have failed, the
 * name service's members are tried once; then the message is given up (and logged). Scheduler-confined.
 */
final class HopSender {

    private static final Logger log = LoggerFactory.getLogger(HopSender.class);
    /** Sends to one candidate before it is skipped. */
    private static final int TRIES = 2;
    private static final Duration DIRECTORY_TIMEOUT = Duration.ofSeconds(3);

    private final WalkHost host;
    private final Scheduler scheduler;
    private final Duration hopTimeout;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    HopSender(WalkHost host, Scheduler scheduler, Duration hopTimeout) {
        this.host = host;
        this.scheduler = scheduler;
        this.hopTimeout = hopTimeout;
    }

    /** Sends {@code message} to the first candidate that acknowledges it; {@code eligible} filters directory members. */
    void send(String hopId, RingMessage message, List<Peer> candidates, Predicate<Peer> eligible) {
        Pending hop = new Pending(message, new ArrayDeque<>(candidates), eligible);
        pending.put(hopId, hop);
        next(hopId, hop);
    }

    void acknowledged(String hopId) {
        pending.remove(hopId);
    }

    void clear() {
        pending.clear();
    }

    /** Hops still waiting for a receipt. */
    int waiting() {
        return pending.size();
    }

    private void next(String hopId, Pending hop) {
        if (pending.get(hopId) != hop) {
            return;
        }
        Peer candidate = hop.candidates.poll();
        if (candidate == null) {
            if (hop.directoryTried) {
                pending.remove(hopId);
                log.warn("ring: {} could not pass {} on: no live next hop answered", host.selfEntry().nodeId(), hopId);
                return;
            }
            hop.directoryTried = true;
            host.directoryMembers()
                    .timeout(DIRECTORY_TIMEOUT, scheduler)
                    .onErrorReturn(List.of())
                    .publishOn(scheduler)
                    .subscribe(members -> {
                        members.stream()
                                .filter(peer -> !hop.tried.contains(peer.nodeId()) && hop.eligible.test(peer))
                                .forEach(hop.candidates::add);
                        next(hopId, hop);
                    });
            return;
        }
        if (!hop.tried.add(candidate.nodeId())) {
            next(hopId, hop);
            return;
        }
        attempt(hopId, hop, candidate, 1);
    }

    private void attempt(String hopId, Pending hop, Peer candidate, int attempt) {
        host.send(candidate, hop.message);
        scheduler.schedule(() -> {
            if (pending.get(hopId) != hop) {
                return;
            }
            if (attempt < TRIES) {
                attempt(hopId, hop, candidate, attempt + 1);
                return;
            }
            log.info("ring: {} got no receipt from {} for {}; skipping it", host.selfEntry().nodeId(),
                    candidate.nodeId(), hopId);
            next(hopId, hop);
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
