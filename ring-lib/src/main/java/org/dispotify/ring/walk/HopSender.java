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
 * Passes a walk message to the next live hop. Candidates are tried in order, each given two hop timeouts
 * to send a receipt ({@link RingMessage.HopAck}) before it is skipped, since a lost message or a lost
 * receipt says nothing about the member; within them the message is sent again every eighth of a hop
 * timeout (a receiver acknowledges a repeat again and handles it once), so a loss costs a walk an eighth
 * of a timeout, not a whole one (walks under loss in bench/results/ring-sim.md). A candidate this node
 * already doubts (suspected or dead) gets one hop timeout. When
 * all candidates have failed, the name service's members are tried once; then the message is given up
 * (and logged).
 * <p>
 * A message that may make its receiver switch roles ({@link #sendOnly}) goes to one member only and is
 * never passed to another: a receipt lost on the way back would otherwise let two members fill one
 * place. If that member never answers, the message is given up, and its origin counts again.
 * Scheduler-confined.
 */
final class HopSender {

    private static final Logger log = LoggerFactory.getLogger(HopSender.class);
    /** Hop timeouts one candidate is given before it is skipped. */
    private static final int TRIES = 2;
    /** Hop timeouts given to the member a message goes to alone. */
    private static final int TRIES_ALONE = 3;
    /** Sends of the message to a candidate per hop timeout, while it sends no receipt. */
    private static final int SENDS_PER_TIMEOUT = 8;
    /**
     * Candidates tried for one hop before it is given up: past a few silent members in a row, the silence is
     * more likely this node's own (its messages do not get out) than theirs, and the walk's initiator is told.
     */
    private static final int MAX_CANDIDATES = 4;
    private static final Duration DIRECTORY_TIMEOUT = Duration.ofSeconds(3);

    private final WalkHost host;
    private final Scheduler scheduler;
    private final Duration hopTimeout;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final java.util.function.Consumer<RingMessage> gaveUp;

    /** @param gaveUp told of each message no candidate acknowledged */
    HopSender(WalkHost host, Scheduler scheduler, Duration hopTimeout, java.util.function.Consumer<RingMessage> gaveUp) {
        this.host = host;
        this.scheduler = scheduler;
        this.hopTimeout = hopTimeout;
        this.gaveUp = gaveUp;
    }

    /** Sends {@code message} to the first candidate that acknowledges it; {@code eligible} filters directory members. */
    void send(String hopId, RingMessage message, List<Peer> candidates, Predicate<Peer> eligible) {
        Pending hop = new Pending(message, new ArrayDeque<>(candidates), eligible, TRIES);
        pending.put(hopId, hop);
        next(hopId, hop);
    }

    /** Sends {@code message} to {@code target} alone, a few times until it acknowledges; never to anyone else. */
    void sendOnly(String hopId, RingMessage message, Peer target) {
        Pending hop = new Pending(message, new ArrayDeque<>(List.of(target)), peer -> false, TRIES_ALONE);
        hop.directoryTried = true;
        pending.put(hopId, hop);
        next(hopId, hop);
    }

    void acknowledged(String hopId) {
        pending.remove(hopId);
    }

    /** Drops every hop still waiting, telling {@code gaveUp} of each (this node is rejoining or stopping). */
    void clear() {
        List<RingMessage> waiting = pending.values().stream().map(hop -> hop.message).toList();
        pending.clear();
        waiting.forEach(gaveUp);
    }

    /** Hops still waiting for a receipt. */
    int waiting() {
        return pending.size();
    }

    private void next(String hopId, Pending hop) {
        if (pending.get(hopId) != hop) {
            return;
        }
        Peer candidate = hop.tried.size() >= MAX_CANDIDATES ? null : hop.candidates.poll();
        if (candidate == null) {
            if (hop.directoryTried || hop.tried.size() >= MAX_CANDIDATES) {
                pending.remove(hopId);
                log.warn("ring: {} could not pass {} on: no live next hop answered", host.selfEntry().nodeId(), hopId);
                gaveUp.accept(hop.message);
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

    /** The {@code sent}-th send to {@code candidate}; then, without a receipt, another or the next candidate. */
    private void attempt(String hopId, Pending hop, Peer candidate, int sent) {
        host.send(candidate, hop.message);
        scheduler.schedule(() -> {
            if (pending.get(hopId) != hop) {
                return;
            }
            int timeouts = host.doubted(candidate.nodeId()) ? 1 : hop.tries;
            if (sent < timeouts * SENDS_PER_TIMEOUT) {
                attempt(hopId, hop, candidate, sent + 1);
                return;
            }
            log.info("ring: {} got no receipt from {} for {} after {} sends; skipping it", host.selfEntry().nodeId(),
                    candidate.nodeId(), hopId, sent);
            next(hopId, hop);
        }, hopTimeout.toNanos() / SENDS_PER_TIMEOUT, TimeUnit.NANOSECONDS);
    }

    private static final class Pending {
        final RingMessage message;
        final Deque<Peer> candidates;
        final Predicate<Peer> eligible;
        final int tries;
        final Set<String> tried = new HashSet<>();
        boolean directoryTried;

        Pending(RingMessage message, Deque<Peer> candidates, Predicate<Peer> eligible, int tries) {
            this.message = message;
            this.candidates = candidates;
            this.eligible = eligible;
            this.tries = tries;
        }
    }
}
