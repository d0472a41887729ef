package org.dispotify.ring.detector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.dispotify.ring.link.Transport;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage.Ack;
import org.dispotify.ring.message.RingMessage.IndirectAck;
import org.dispotify.ring.message.RingMessage.Ping;
import org.dispotify.ring.message.RingMessage.PingReq;
import org.dispotify.ring.view.RingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * SWIM-style failure detection for one node. Each {@link #tick()} (every probe interval) judges the
 * previous round and probes again: a probe with no direct ack within the probe timeout is retried
 * through other neighbours (ping-req) and once more directly; no answer at all by the next tick makes
 * the target suspect;
 * a suspicion that nobody clears within the suspicion timeout convicts it. Conclusions leave as
 * {@link Verdict}s on {@link #verdicts()}; the detector reads the ring through a {@link ProbeSet}
 * and never changes it.
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

    private final Peer self;
    private final ProbeSet ring;
    private final Transport transport;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final RingMetrics metrics;
    private final long interval;
    private final long probeTimeout;
    private final long suspicionTimeout;
    private final int indirectProbes;
    private final Sinks.Many<Verdict> verdicts = Sinks.many().multicast().directBestEffort();

    private long seq;
    private final Map<Long, Probe> probes = new LinkedHashMap<>();
    private final Map<Long, Relay> relays = new LinkedHashMap<>();
    private final Map<String, Long> suspicionDeadlines = new LinkedHashMap<>();
    private final Map<String, Long> suspectedAt = new LinkedHashMap<>();
    /** The incarnation each suspicion is about: one that refuted or rejoined since is not the one suspected. */
    private final Map<String, Long> suspectedIncarnation = new LinkedHashMap<>();
    private final Map<String, Long> lastHeard = new LinkedHashMap<>();
    private long lastTick = Long.MIN_VALUE;
    private long graceUntil = Long.MIN_VALUE;
    private long lastPauseEnd = Long.MIN_VALUE;
    private long lastPause;

    public FailureDetector(Peer self, ProbeSet ring, Transport transport, Scheduler scheduler, LongSupplier clock,
            RingMetrics metrics, DetectorSettings settings) {
        this.self = self;
        this.ring = ring;
        this.transport = transport;
        this.scheduler = scheduler;
        this.clock = clock;
        this.metrics = metrics;
        this.interval = settings.probeInterval().toNanos();
        this.probeTimeout = settings.probeTimeout().toNanos();
        this.suspicionTimeout = settings.suspicionTimeout().toNanos();
        this.indirectProbes = settings.indirectProbes();
    }

    /** Suspicions, convictions and answers of suspects, emitted on the ring scheduler as they are reached. */
    public Flux<Verdict> verdicts() {
        return verdicts.asFlux();
    }

    /** Judges the last round, convicts expired suspects, then probes again. */
    public void tick() {
        long now = clock.getAsLong();
        if (lastTick != Long.MIN_VALUE && now - lastTick > 2 * interval) {
            log.info("ring: {} was paused for {} ms; re-probing before convicting anyone",
                    self.nodeId(), (now - lastTick) / 1_000_000);
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
        dropOutdatedSuspicions();
        if (mayConvict) {
            silent.forEach(target -> probeFailed(target, now));
            convictExpired(now);
        }
        ring.probeTargets().forEach(target -> probe(target.peer(), now));
    }

    /** Answers a probe meant for this node (a restarted process on a reused port ignores others'). */
    public void onPing(Ping ping) {
        if (ping.target().equals(self.nodeId())) {
            transport.send(ping.from(), new Ack(self, ping.seq(), ring.digest()));
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
            transport.send(relay.requester, new IndirectAck(self, relay.requesterSeq, relay.targetId));
        }
    }

    public void onPingReq(PingReq request) {
        long mine = ++seq;
        relays.put(mine, new Relay(request.from(), request.seq(), request.target().nodeId(), clock.getAsLong()));
        transport.send(request.target(), new Ping(self, mine, request.target().nodeId(), ring.digest()));
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
        suspectedIncarnation.remove(nodeId);
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
        suspectedIncarnation.clear();
        lastHeard.clear();
        lastTick = Long.MIN_VALUE;
        graceUntil = Long.MIN_VALUE;
    }

    private void probe(Peer target, long now) {
        long mine = ++seq;
        Probe probe = new Probe(target);
        probes.put(mine, probe);
        lastHeard.putIfAbsent(target.nodeId(), now);
        metrics.probed();
        transport.send(target, new Ping(self, mine, target.nodeId(), ring.digest()));
        scheduler.schedule(() -> probeTimedOut(mine, probe), probeTimeout, TimeUnit.NANOSECONDS);
    }

    private void probeTimedOut(long mine, Probe probe) {
        if (probes.get(mine) != probe || probe.answered) {
            return;
        }
        for (Peer helper : ring.helpers(probe.target.nodeId(), indirectProbes)) {
            transport.send(helper, new PingReq(self, mine, probe.target));
        }
        // And once more directly (memberlist's fallback ping does the same): on a lossy link the first ping or
        // its ack is the likeliest loss, and every false suspicion costs the whole ring a flood and a refutation.
        transport.send(probe.target, new Ping(self, mine, probe.target.nodeId(), ring.digest()));
    }

    private void answered(Probe probe) {
        probe.answered = true;
        String id = probe.target.nodeId();
        lastHeard.put(id, clock.getAsLong());
        suspectedAt.remove(id);
        suspectedIncarnation.remove(id);
        if (suspicionDeadlines.remove(id) != null) {
            verdicts.tryEmitNext(new Verdict.Answered(id));
        }
    }

    private void probeFailed(Peer target, long now) {
        String id = target.nodeId();
        if (!ring.live(id) || suspicionDeadlines.containsKey(id)) {
            return;
        }
        suspicionDeadlines.put(id, now + suspicionTimeout);
        suspectedAt.put(id, now);
        suspectedIncarnation.put(id, ring.incarnation(id));
        metrics.suspected();
        verdicts.tryEmitNext(new Verdict.Suspected(id));
    }

    private void convictExpired(long now) {
        List<String> expired = suspicionDeadlines.entrySet().stream()
                .filter(e -> now >= e.getValue() || crashed(e.getKey(), now))
                .map(Map.Entry::getKey)
                .toList();
        for (String id : expired) {
            boolean refused = now < suspicionDeadlines.remove(id);
            suspectedAt.remove(id);
            suspectedIncarnation.remove(id);
            long silent = now - lastHeard.getOrDefault(id, now);
            if (ring.live(id)) {
                verdicts.tryEmitNext(new Verdict.Convicted(id, silent, refused));
            }
        }
    }

    /**
     * Ends the suspicions of members that refuted or rejoined since they were suspected (this node holds a higher
     * incarnation now): the suspicion was about a process state that is gone, and convicting the new incarnation on
     * the old one's silence declared a member dead a second after it had rejoined (simulator seed 867). If the new
     * incarnation is silent too, its own suspicion follows from the next probes.
     */
    private void dropOutdatedSuspicions() {
        List<String> outdated = suspectedIncarnation.entrySet().stream()
                .filter(e -> ring.incarnation(e.getKey()) > e.getValue())
                .map(Map.Entry::getKey)
                .toList();
        for (String id : outdated) {
            suspicionDeadlines.remove(id);
            suspectedAt.remove(id);
            suspectedIncarnation.remove(id);
        }
    }

    /** Suspected for a whole probe interval, and its port refuses connections now. */
    private boolean crashed(String id, long now) {
        Long since = suspectedAt.get(id);
        return since != null && now - since >= interval && transport.refused(id);
    }

    private static final class Probe {
        final Peer target;
        boolean answered;

        Probe(Peer target) {
            this.target = target;
        }
    }

    private record Relay(Peer requester, long requesterSeq, String targetId, long startedAt) {
    }
}
