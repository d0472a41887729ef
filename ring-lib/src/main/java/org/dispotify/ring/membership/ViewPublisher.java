package org.dispotify.ring.membership;

import java.util.ArrayList;
import java.util.List;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.dispotify.ring.view.RingSnapshot;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * What other threads see of one ring node: the immutable {@link RingSnapshot} (replaced after every
 * change, read without locks) and the {@link RingEvent} stream. Written only on the ring scheduler.
 */
public final class ViewPublisher {

    private final LocalMember local;
    private final RingMetrics metrics;
    private final int successors;
    private final Sinks.Many<RingEvent> events = Sinks.many().multicast().directBestEffort();
    private volatile RingSnapshot snapshot;

    public ViewPublisher(LocalMember local, RingMetrics metrics, int successors) {
        this.local = local;
        this.metrics = metrics;
        this.successors = successors;
        this.snapshot = empty();
    }

    public RingSnapshot snapshot() {
        return snapshot;
    }

    public Flux<RingEvent> events() {
        return events.asFlux();
    }

    /** Replaces the snapshot with the member list as it is now. */
    public void publish() {
        if (!local.joined()) {
            snapshot = empty();
            return;
        }
        Membership membership = local.membership();
        List<MemberView> members = new ArrayList<>(membership.size());
        membership.ring().forEach(m -> members.add(view(m)));
        membership.dead().forEach(m -> members.add(view(m)));
        String predecessor = membership.predecessor().map(MemberEntry::nodeId).orElse(null);
        List<String> next = membership.successors(successors).stream().map(MemberEntry::nodeId).toList();
        snapshot = new RingSnapshot(local.id(), local.role().get().label(), predecessor, next, members);
        metrics.members(membership.liveCount());
    }

    public void event(RingEvent.Type type, String subject, String detail) {
        events.tryEmitNext(new RingEvent(type, local.id(), subject, detail));
    }

    public void complete() {
        events.tryEmitComplete();
    }

    private RingSnapshot empty() {
        return new RingSnapshot(local.id(), local.role().get().label(), null, List.of(), List.of());
    }

    private static MemberView view(MemberEntry m) {
        return new MemberView(m.nodeId(), m.host(), m.port(), m.role().label(), m.status().name());
    }
}
