package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.dispotify.ring.link.RecordingTransport;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Gossip alone: a member a (0.1) with b (0.4), c (0.6) and d (0.8): its neighbours are d, b and c. */
class GossipTest {

    private final RecordingTransport transport = new RecordingTransport();
    private final List<RingEvent> events = new ArrayList<>();
    private final List<String> suspicionsOver = new ArrayList<>();
    private LocalMember local;
    private Gossip gossip;
    private boolean pausedLong;

    private static MemberEntry member(String id, double position, long incarnation, MemberStatus status) {
        return new MemberEntry(id, "127.0.0.1", 9000 + id.charAt(0), Role.ROUTER, false, position, incarnation, status);
    }

    @BeforeEach
    void setUp() {
        local = new LocalMember(new Peer("a", "127.0.0.1", 9000 + 'a'), new CurrentRole(Role.DATA, false));
        local.incarnation(1);
        local.resetMembership(0.1);
        local.phase(LocalMember.Phase.JOINED);
        List.of(member("b", 0.4, 1, MemberStatus.ALIVE), member("c", 0.6, 1, MemberStatus.ALIVE),
                member("d", 0.8, 1, MemberStatus.ALIVE)).forEach(m -> local.membership().merge(m, 0));
        RingMetrics metrics = new RingMetrics(new SimpleMeterRegistry());
        Links links = new Links(local, transport, metrics, 2);
        ViewPublisher view = new ViewPublisher(local, metrics, 2);
        view.events().subscribe(events::add);
        gossip = new Gossip(local, links, view, () -> 0L, suspicionsOver::add, () -> pausedLong);
    }

    private List<String> recipients() {
        return transport.sent.stream().map(s -> s.to().nodeId()).toList();
    }

    @Test
    void newsIsFloodedToEveryNeighbourButTheOneItCameFrom() {
        Gossip.Merged merged = gossip.merge(List.of(member("e", 0.2, 1, MemberStatus.ALIVE)), member("d", 0.8, 1,
                MemberStatus.ALIVE).peer());

        assertThat(merged.added()).isEqualTo(1);
        // e now sits between a and b, so a's successors are e and b.
        assertThat(recipients()).containsExactlyInAnyOrder("e", "b");
        assertThat(events).extracting(RingEvent::type).containsExactly(RingEvent.Type.JOINED);
    }

    @Test
    void whatIsNoNewsGoesNoFurther() {
        gossip.merge(List.of(member("b", 0.4, 1, MemberStatus.ALIVE)), member("c", 0.6, 1, MemberStatus.ALIVE).peer());

        assertThat(transport.sent).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void aDeathIsNotSentToTheDeadAndEndsItsSuspicionHere() {
        gossip.merge(List.of(member("b", 0.4, 1, MemberStatus.DEAD)), member("c", 0.6, 1, MemberStatus.ALIVE).peer());

        assertThat(recipients()).doesNotContain("b", "c");
        assertThat(suspicionsOver).containsExactly("b");
        assertThat(events).extracting(RingEvent::type).containsExactly(RingEvent.Type.DEAD);
    }

    @Test
    void aSuspicionOfThisNodeIsRefutedWithAHigherIncarnation() {
        Gossip.Merged merged = gossip.merge(List.of(local.entry(0.1, 1, MemberStatus.SUSPECT)),
                member("b", 0.4, 1, MemberStatus.ALIVE).peer());

        assertThat(merged.declaredDead()).isEmpty();
        assertThat(local.incarnation()).isEqualTo(2);
        assertThat(transport.of(RingMessage.Gossip.class)).allSatisfy(g ->
                assertThat(g.updates()).containsExactly(local.membership().self()));
        assertThat(local.membership().self().status()).isEqualTo(MemberStatus.ALIVE);
        assertThat(events).extracting(RingEvent::type).containsExactly(RingEvent.Type.REFUTED);
    }

    @Test
    void aDeathVerdictOnThisNodeIsHandedBackAndSpreadNoFurther() {
        MemberEntry verdict = local.entry(0.1, 1, MemberStatus.DEAD);

        Gossip.Merged merged = gossip.merge(List.of(verdict), member("b", 0.4, 1, MemberStatus.ALIVE).peer());

        assertThat(merged.declaredDead()).contains(verdict);
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void aNodePausedPastTheSuspicionTimeoutTakesASuspicionAsItsVerdict() {
        pausedLong = true;

        Gossip.Merged merged = gossip.merge(List.of(local.entry(0.1, 1, MemberStatus.SUSPECT)),
                member("b", 0.4, 1, MemberStatus.ALIVE).peer());

        assertThat(merged.declaredDead()).isPresent();
        assertThat(local.incarnation()).isEqualTo(1);
    }

    @Test
    void theMajorityStandsAgainstALostMemberThatSaysItIsDead() {
        gossip.merge(List.of(member("d", 0.8, 1, MemberStatus.DEAD)), member("b", 0.4, 1, MemberStatus.ALIVE).peer());
        transport.sent.clear();

        List<MemberEntry> fromD = List.of(member("d", 0.8, 2, MemberStatus.ALIVE), local.entry(0.1, 1, MemberStatus.DEAD));
        boolean stood = gossip.standsAgainst(fromD, member("d", 0.8, 2, MemberStatus.ALIVE).peer());

        assertThat(stood).isTrue();
        assertThat(transport.sent).singleElement().satisfies(s -> {
            assertThat(s.to().nodeId()).isEqualTo("d");
            assertThat(((RingMessage.Gossip) s.message()).updates()).singleElement()
                    .satisfies(e -> assertThat(e.status()).isEqualTo(MemberStatus.DEAD));
        });
    }
}
