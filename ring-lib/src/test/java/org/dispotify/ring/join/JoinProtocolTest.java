package org.dispotify.ring.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.link.RecordingTransport;
import org.dispotify.ring.membership.Gossip;
import org.dispotify.ring.membership.Links;
import org.dispotify.ring.membership.LocalMember;
import org.dispotify.ring.membership.RingAssertions;
import org.dispotify.ring.membership.ViewPublisher;
import org.dispotify.ring.membership.VirtualRing;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Joining, on virtual time with the real codec. */
class JoinProtocolTest {

    @AfterEach
    void resetTime() {
        VirtualTimeScheduler.reset();
    }

    private static RingProperties framesOf(int bytes) {
        RingProperties d = RingProperties.defaults();
        return new RingProperties(d.probeInterval(), d.probeTimeout(), d.indirectProbes(), d.suspicionTimeout(),
                d.successors(), d.walkHopLimit(), d.hopTimeout(), d.joinTimeout(), d.discoveryInterval(),
                d.deadRetention(), d.connectTimeout(), d.handoverTimeout(), bytes, d.joinSettle(), d.walkSegment(),
                d.discoveryIdleInterval());
    }

    @Test
    void aRingLongerThanAFrameHoldsIsHandedToNewcomersInPages() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        // 4 KiB frames carry 8 entries each: the later newcomers get the list in several answers.
        VirtualRing ring = new VirtualRing(time, framesOf(4096), Duration.ofMillis(1));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String id = "m" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
            ids.add(id);
            ring.add(id, i % 2 == 0 ? Role.DATA : Role.ROUTER);
            time.advanceTimeBy(Duration.ofMillis(200));
        }
        time.advanceTimeBy(Duration.ofSeconds(5));

        RingAssertions.assertConsistentRing(ring.all().stream().map(m -> m.node.snapshot()).toList(), ids);
    }

    @Test
    void aContactAskedAgainGivesTheSameNewcomerTheSamePlace() {
        LocalMember local = new LocalMember(new Peer("a", "127.0.0.1", 9001), new CurrentRole(Role.DATA, false));
        local.resetMembership(0.2);
        local.phase(LocalMember.Phase.JOINED);
        local.membership().merge(new MemberEntry("b", "127.0.0.1", 9002, Role.ROUTER, false, 0.6, 1,
                MemberStatus.ALIVE), 0);
        RecordingTransport transport = new RecordingTransport();
        RingMetrics metrics = new RingMetrics(new SimpleMeterRegistry());
        Links links = new Links(local, transport, metrics, 2);
        ViewPublisher view = new ViewPublisher(local, metrics, 2);
        Gossip gossip = new Gossip(local, links, view, () -> 0L, id -> { }, () -> false);
        List<MemberEntry> inserted = new ArrayList<>();
        JoinProtocol join = new JoinProtocol(local, links, null, gossip, view, VirtualTimeScheduler.create(), () -> 0L,
                new Random(1), Duration.ofSeconds(2), 128, new JoinProtocol.Listener() {
                    @Override
                    public void joined(boolean rejoined) {
                    }

                    @Override
                    public void inserted(MemberEntry newcomer) {
                        inserted.add(newcomer);
                    }
                });
        Peer c = new Peer("c", "127.0.0.1", 9003);

        // c's first answer is lost; it asks a again with a higher incarnation.
        join.onJoin(new RingMessage.Join(c, Role.DATA, false, 1));
        join.onJoin(new RingMessage.Join(c, Role.DATA, false, 2));

        List<RingMessage.JoinAccepted> answers = transport.of(RingMessage.JoinAccepted.class);
        assertThat(answers).hasSize(2);
        assertThat(answers.get(1).you().position()).isEqualTo(answers.get(0).you().position()).isBetween(0.2, 0.6);
        assertThat(answers.get(1).you().incarnation()).isEqualTo(2);
        assertThat(inserted).extracting(MemberEntry::incarnation).containsExactly(1L, 2L);
    }

    @Test
    void aNewcomerWhoseAnswerIsLostAsksAgainAndIsNeverConvictedMeanwhile() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        ring.add("a", Role.DATA);
        ring.add("b", Role.ROUTER);
        time.advanceTimeBy(Duration.ofSeconds(3));
        ring.faults.drop(RingMessage.JoinAccepted.class, "c");

        ring.add("c", Role.DATA);
        time.advanceTimeBy(Duration.ofMillis(1500));
        ring.faults.heal("c");
        time.advanceTimeBy(Duration.ofSeconds(10));

        assertThat(ring.events(RingEvent.Type.DEAD, "c")).isEmpty();
        RingAssertions.assertConsistentRing(List.of(ring.member("a").node.snapshot(), ring.member("b").node.snapshot(),
                ring.member("c").node.snapshot()), Set.of("a", "b", "c"));
    }
}
