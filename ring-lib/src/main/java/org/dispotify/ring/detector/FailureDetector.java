package org.dispotify.ring.detector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage.Ack;
import org.dispotify.ring.message.RingMessage.IndirectAck;
import org.dispotify.ring.message.RingMessage.Ping;
import org.dispotify.ring.message.RingMessage.PingReq;
import org.dispotify.ring.view.RingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.scheduler.Scheduler;

/**
 * SWIM-style failure detection for one node. Each {@link #tick()} (every probe interval) judges the
 * previous round and probes again: a probe with no direct ack within the probe timeout is retried
 * through other neighbours (ping-req); no answer at all by the next tick makes the target SUSPECT;
 * a suspicion that nobody clears within the suspicion timeout makes it DEAD.
 * <p>
 * A suspect whose port refuses connections is convicted after one probe interval instead: a refused
 * connection means no process listens there (it crashed or was killed), while a paused process, a
 * long GC or a lossy network only ever makes a member silent, never refused. So crashes are found in
 * about two probe intervals, and a pause still has the whole suspicion timeout to end.
 * <p>
 * Time is the monotonic clock given. A tick that comes more than two intervals after the last one
 * means this node itself was paused (SIGSTOP, a long GC): probes then in flight are discarded
 * unjudged, and no one is suspected or convicted until a fresh round has been judged.
 * Confined to the node's ring scheduler, like all ring state.
 */
public final class FailureDetector {

    private static final Logger log = LoggerFactory.getLogger(FailureDetector.class);

    private final DetectorHost host;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final RingMetrics metrics;
    private final long interval;
    private final Duration probeTimeout;
    private final long suspicionTimeout;
    private final int indirectProbes;

    private long seq;
    private final Map<Long, Probe> probes = new HashMap<>();
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<String, Long> suspicionDeadlines = new HashMap<>();
    private final Map<String, Long> suspectedAt = new HashMap<>();
    private final Map<String, Long> lastHeard = new HashMap<>();
    private long lastTick = Long.MIN_VALUE;
    private long graceUntil = Long.MIN_VALUE;
    private long lastPauseEnd = Long.MIN_VALUE;
    private long lastPause;

    public FailureDetector(DetectorHost host, Scheduler scheduler, LongSupplier clock, RingMetrics metrics,
            Duration probeInterval, Duration probeTimeout, Duration suspicionTimeout, int indirectProbes) {
        this.host = host;
        this.scheduler = scheduler;
        this.clock = clock;
        this.metrics = metrics;
        this.interval = probeInterval.toNanos();
        this.probeTimeout = probeTimeout;
        this.suspicionTimeout = suspicionTimeout.toNanos();
        this.indirectProbes = indirectProbes;
    }

    /** Judges the last round, convicts expired suspects, then probes again. */
    public void tick() {
        long now = clock.getAsLong();
        if (lastTick != Long.MIN_VALUE && now - lastTick > 2 * interval) {
            log.info("ring: {} was paused for {} ms; re-probing before convicting anyone",
                    host.self().nodeId(), (now - lastTick) / 1_000_000);
            lastPause = now - lastTick;
            lastPauseEnd = now;
            probes.clear();
            relays.clear();
            graceUntil = now + interval;
            suspicionDeadlines.replaceAll((id, deadline) -> Math.max(deadline, graceUntil));
        }
        lastTick = now;
        boolean mayConvict = now >= graceUntil;

        List<Peer> silent = new ArrayList<>();
        probes.values().forEach(probe -> {
            if (!probe.answered) {
                silent.add(probe.target);
            }
        });
        probes.clear();
        relays.values().removeIf(relay -> now - relay.startedAt > 2 * interval);
        if (mayConvict) {
            silent.forEach(target -> probeFailed(target, now));
            convictExpired(now);
        }
        for (MemberEntry target : host.probeTargets()) {
            probe(target.peer(), now);
        }
    }

    public void onAck(Ack ack) {
        Probe probe = probes.get(ack.seq());
        if (probe != null && probe.target.nodeId().equals(ack.from().nodeId())) {
            answered(probe);
            return;
        }
        Relay relay = relays.remove(ack.seq());
        if (relay != null && relay.targetId.equals(ack.from().nodeId())) {
            host.send(relay.requester, new IndirectAck(host.self(), relay.requesterSeq, relay.targetId));
        }
    }

    public void onPingReq(PingReq request) {
        long mine = ++seq;
        relays.put(mine, new Relay(request.from(), request.seq(), request.target().nodeId(), clock.getAsLong()));
        host.send(request.target(), new Ping(host.self(), mine, request.target().nodeId(), host.digest()));
    }

    public void onIndirectAck(IndirectAck ack) {
        Probe probe = probes.get(ack.seq());
        if (probe != null && probe.target.nodeId().equals(ack.target())) {
            answered(probe);
        }
    }

    /** The member refuted, died or left: its suspicion here is over. */
    public void clear(String nodeId) {
        suspicionDeadlines.remove(nodeId);
        suspectedAt.remove(nodeId);
    }

    public boolean suspecting(String nodeId) {
        return suspicionDeadlines.containsKey(nodeId);
    }

    /**
     * True if this node is, or just was, paused for longer than a probe round plus the suspicion
     * timeout: long enough for its neighbours to have convicted it (the shortest way to a silent
     * verdict). "Just" means within one suspicion timeout after the pause ended.
     */
    public boolean pausedPastConviction() {
        long now = clock.getAsLong();
        long convictable = interval + suspicionTimeout;
        if (lastTick != Long.MIN_VALUE && now - lastTick > convictable) {
            return true;
        }
        return lastPauseEnd != Long.MIN_VALUE && lastPause > convictable && now - lastPauseEnd < suspicionTimeout;
    }

    /** Forgets everything, as for a node that rejoins. */
    public void reset() {
        lastPauseEnd = Long.MIN_VALUE;
        lastPause = 0;
        probes.clear();
        relays.clear();
        suspicionDeadlines.clear();
        suspectedAt.clear();
        lastHeard.clear();
        lastTick = Long.MIN_VALUE;
        graceUntil = Long.MIN_VALUE;
    }

    private void probe(Peer target, long now) {
        long mine = ++seq;
        Probe probe = new Probe(target, now);
        probes.put(mine, probe);
        lastHeard.putIfAbsent(target.nodeId(), now);
        metrics.probed();
        host.send(target, new Ping(host.self(), mine, target.nodeId(), host.digest()));
        scheduler.schedule(() -> probeTimedOut(mine, probe), probeTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void probeTimedOut(long mine, Probe probe) {
        if (probes.get(mine) != probe || probe.answered) {
            return;
        }
        for (Peer helper : host.helpers(probe.target.nodeId(), indirectProbes)) {
            host.send(helper, new PingReq(host.self(), mine, probe.target));
        }
    }

    private void answered(Probe probe) {
        probe.answered = true;
        String id = probe.target.nodeId();
        lastHeard.put(id, clock.getAsLong());
        suspectedAt.remove(id);
        if (suspicionDeadlines.remove(id) != null) {
            host.answeredWhileSuspected(id);
        }
    }

    private void probeFailed(Peer target, long now) {
        String id = target.nodeId();
        boolean member = host.member(id).map(MemberEntry::live).orElse(false);
        if (!member || suspicionDeadlines.containsKey(id)) {
            return;
        }
        suspicionDeadlines.put(id, now + suspicionTimeout);
        suspectedAt.put(id, now);
        host.suspect(id);
    }

    private void convictExpired(long now) {
        List<String> expired = suspicionDeadlines.entrySet().stream()
                .filter(e -> now >= e.getValue() || crashed(e.getKey(), now))
                .map(Map.Entry::getKey)
                .toList();
        for (String id : expired) {
            boolean refused = now < suspicionDeadlines.remove(id);
            suspectedAt.remove(id);
            long silent = now - lastHeard.getOrDefault(id, now);
            host.convict(id, silent, refused);
        }
    }

    /** Suspected for a whole probe interval, and its port refuses connections now. */
    private boolean crashed(String id, long now) {
        Long since = suspectedAt.get(id);
        return since != null && now - since >= interval && host.refused(id);
    }

    private static final class Probe {
        final Peer target;
        final long sentAt;
        boolean answered;

        Probe(Peer target, long sentAt) {
            this.target = target;
            this.sentAt = sentAt;
        }
    }

    private record Relay(Peer requester, long requesterSeq, String targetId, long startedAt) {
    }
}
