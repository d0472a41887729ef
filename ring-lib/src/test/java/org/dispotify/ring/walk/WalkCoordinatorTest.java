package org.dispotify.ring.walk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.membership.VirtualRing;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleRatio;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.test.scheduler.VirtualTimeScheduler;

/** Walks and imbalances in a 40-member ring on virtual time, 1 ms per hop, segments of 8. */
class WalkCoordinatorTest {

    private static final Duration HOP = Duration.ofMillis(1);

    @AfterEach
    void resetTime() {
        VirtualTimeScheduler.reset();
    }

    private static RingProperties segmentsOf(int length) {
        RingProperties d = RingProperties.defaults();
        return new RingProperties(d.probeInterval(), d.probeTimeout(), d.indirectProbes(), d.suspicionTimeout(),
                d.successors(), Math.max(d.walkHopLimit(), length + 2), d.hopTimeout(), d.joinTimeout(),
                d.discoveryInterval(), d.deadRetention(), d.connectTimeout(), d.handoverTimeout(), d.maxFrameBytes(),
                d.joinSettle(), length, d.discoveryIdleInterval());
    }

    private static VirtualRing fortyMembers(VirtualTimeScheduler time, int segment) {
        VirtualRing ring = new VirtualRing(time, segmentsOf(segment), HOP);
        int data = 0;
        for (int i = 0; i < 40; i++) {
            Role role = RoleRatio.roleForNewcomer(data, i - data);
            data += role == Role.DATA ? 1 : 0;
            ring.add(String.format("m%02d", i), role);
            time.advanceTimeBy(Duration.ofMillis(50));
        }
        time.advanceTimeBy(RingProperties.defaults().joinSettle().plusSeconds(10));
        return ring;
    }

    /** Virtual milliseconds from the start of the walk with {@code cause} to its count. */
    private static long walkMillis(VirtualRing ring, String cause) {
        VirtualRing.Seen started = ring.events.stream().filter(s -> s.event().type() == RingEvent.Type.WALK_STARTED
                && s.event().detail().endsWith(cause)).findFirst().orElseThrow();
        String id = started.event().detail().split(" ")[0];
        VirtualRing.Seen finished = ring.events.stream().filter(s -> s.event().type() == RingEvent.Type.WALK_FINISHED
                && s.event().detail().startsWith(id + " ")).findFirst().orElseThrow();
        assertThat(finished.event().detail()).contains("members=40");
        return finished.atMillis() - started.atMillis();
    }

    @Test
    void aLongRingIsWalkedInSegmentsAtOnceAndEveryMemberCounted() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing segmented = fortyMembers(time, 8);
        segmented.member("m07").node.startWalk("drill");
        time.advanceTimeBy(Duration.ofSeconds(2));
        long inSegments = walkMillis(segmented, "drill");
        VirtualTimeScheduler.reset();

        VirtualTimeScheduler again = VirtualTimeScheduler.getOrSet();
        VirtualRing sequential = fortyMembers(again, 40);
        sequential.member("m07").node.startWalk("drill");
        again.advanceTimeBy(Duration.ofSeconds(2));
        long inOneSequence = walkMillis(sequential, "drill");

        // 40 hops one after another; 5 segments of 8 at once, each handing back to the initiator.
        assertThat(inOneSequence).isGreaterThanOrEqualTo(40);
        assertThat(inSegments).isLessThanOrEqualTo(10);
    }

    @Test
    void losingDataNodesInALongRingSwitchesExactlyTheRoutersNeeded() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = fortyMembers(time, 8);
        assertThat(roles(ring, "m00")).isEqualTo(Map.of("data", 16L, "router", 24L));

        // m00 and m02 took the data role in join order.
        ring.crash("m00");
        ring.crash("m02");
        time.advanceTimeBy(Duration.ofSeconds(15));

        // 38 members: 15 data (round(2 * 38 / 5)); 14 were left, so one router switches.
        assertThat(roles(ring, "m01")).isEqualTo(Map.of("data", 15L, "router", 23L));
        List<RingEvent> switches = ring.events.stream().map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.ROLE_SWITCHED && e.observer().equals(e.subject())).toList();
        assertThat(switches).hasSize(1);
    }

    @Test
    void anInitiatorWhoseWalkWasDroppedForALowerOneStopsWaitingAtOnce() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = fortyMembers(time, 8);
        long from = time.now(java.util.concurrent.TimeUnit.MILLISECONDS);

        ring.member("m10").node.startWalk("first");
        ring.member("m20").node.startWalk("second");
        time.advanceTimeBy(Duration.ofSeconds(1));

        List<VirtualRing.Seen> ended = ring.events.stream().filter(s -> s.atMillis() >= from)
                .filter(s -> s.event().type() == RingEvent.Type.WALK_FINISHED
                        || s.event().type() == RingEvent.Type.WALK_ABANDONED).toList();
        assertThat(ended).extracting(s -> s.event().type())
                .containsExactlyInAnyOrder(RingEvent.Type.WALK_FINISHED, RingEvent.Type.WALK_ABANDONED);
        assertThat(ended).allSatisfy(s -> assertThat(s.atMillis() - from).isLessThan(100));
    }

    @Test
    void aManagerThatFillsTheDeficitItselfEndsTheImbalanceAtOnce() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, segmentsOf(8), HOP);
        // Three members need two data nodes: "a" (the lowest, which counts after the joins) is the only
        // member that can switch, so its own imbalance has no one else to visit.
        ring.add("a", Role.ROUTER);
        ring.add("b", Role.DATA);
        ring.add("c", Role.ROUTER, true, time);
        time.advanceTimeBy(RingProperties.defaults().joinSettle().plusSeconds(5));

        List<VirtualRing.Seen> imbalances = ring.events.stream()
                .filter(s -> s.event().type() == RingEvent.Type.IMBALANCE).toList();
        List<VirtualRing.Seen> ended = ring.events.stream()
                .filter(s -> s.event().type() == RingEvent.Type.IMBALANCE_ENDED).toList();
        assertThat(imbalances).singleElement().satisfies(s -> assertThat(s.event().observer()).isEqualTo("a"));
        assertThat(ended).singleElement().satisfies(s -> {
            assertThat(s.event().detail()).contains("satisfied by [a]");
            assertThat(s.atMillis() - imbalances.get(0).atMillis()).isLessThan(100);
        });
        assertThat(ring.member("a").role.get()).isEqualTo(Role.DATA);
    }

    private static Map<String, Long> roles(VirtualRing ring, String observer) {
        return ring.member(observer).node.snapshot().members().stream().filter(m -> m.status().equals("ALIVE"))
                .collect(Collectors.groupingBy(MemberView::role, TreeMap::new, Collectors.counting()));
    }
}
