package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Rings that formed apart (nodes started at the same moment, each finding only some of the others)
 * and then merge: each part was balanced on its own, so the merged ring must be balanced again.
 */
class RingMergeTest {

    private static final Set<String> ALL = Set.of("a", "b", "c", "d", "e");

    @AfterEach
    void resetTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void twoRingsBalancedApartMergeIntoTwoDataAndThreeRoutersWithOneSwitch() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        InMemoryDirectory apart = new InMemoryDirectory();
        // Every node started as data (an auto node alone takes data); a, b, c found each other, d and e each other.
        for (String id : List.of("a", "b", "c")) {
            ring.add(id, Role.DATA);
            time.advanceTimeBy(Duration.ofMillis(50));
        }
        for (String id : List.of("d", "e")) {
            ring.add(id, Role.DATA, false, time, apart);
            time.advanceTimeBy(Duration.ofMillis(50));
        }
        // Each part balances itself once members stopped arriving there (join-settle), then walks again.
        time.advanceTimeBy(RingProperties.defaults().joinSettle().plusSeconds(3));
        assertThat(roles(ring, "a")).as("a, b, c balanced apart").isEqualTo(Map.of("data", 2L, "router", 1L));
        assertThat(roles(ring, "d")).as("d, e balanced apart").isEqualTo(Map.of("data", 1L, "router", 1L));
        long mergedFrom = time.now(TimeUnit.MILLISECONDS);

        // d and e now show in the name service the others use: discovery merges the rings, 3 data + 2 routers.
        apart.members().block().forEach(ring.directory::register);
        time.advanceTimeBy(Duration.ofSeconds(20));

        for (String id : ALL) {
            RingSnapshot view = ring.member(id).node.snapshot();
            assertThat(view.members()).as("%s's view", id).extracting(MemberView::nodeId).containsExactlyInAnyOrderElementsOf(ALL);
            assertThat(view.count("ALIVE")).as("%s's view", id).isEqualTo(5);
            assertThat(roles(ring, id)).as("roles in %s's view", id).isEqualTo(Map.of("data", 2L, "router", 3L));
        }
        List<RingEvent> switches = ring.events.stream().filter(s -> s.atMillis() >= mergedFrom)
                .map(VirtualRing.Seen::event).filter(e -> e.type() == RingEvent.Type.ROLE_SWITCHED)
                .filter(e -> e.observer().equals(e.subject())).toList();
        assertThat(switches).as("switches after the merge").hasSize(1);
        assertThat(switches.get(0).detail()).startsWith("data -> router for imbalance ");

        // And it stays so: later walks (another discovery round, a rejoin check) ask for nothing.
        ring.member("a").node.startWalk("a check");
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(roles(ring, "a")).isEqualTo(Map.of("data", 2L, "router", 3L));
    }

    @Test
    void aWalkThatMissedAMemberIsCorrectedByTheNextBalanceCheck() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        InMemoryDirectory apart = new InMemoryDirectory();
        for (String id : List.of("a", "b", "c")) {
            ring.add(id, Role.DATA);
            time.advanceTimeBy(Duration.ofMillis(50));
        }
        for (String id : List.of("d", "e")) {
            ring.add(id, Role.DATA, false, time, apart);
            time.advanceTimeBy(Duration.ofMillis(50));
        }
        // Each part balances itself once members stopped arriving there (join-settle), then walks again.
        time.advanceTimeBy(RingProperties.defaults().joinSettle().plusSeconds(3));
        // The walks after the merge miss the data node of d and e (its hops time out, as on a loaded
        // machine), so they count 2 data + 2 routers: in balance, no switch.
        String missed = ring.member("d").role.get() == Role.DATA ? "d" : "e";
        ring.faults.drop(org.dispotify.ring.message.RingMessage.Alert.class, missed);
        apart.members().block().forEach(ring.directory::register);
        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(roles(ring, "a")).as("after the merge walks that missed %s", missed)
                .isEqualTo(Map.of("data", 3L, "router", 2L));

        // Checked again within the recheck interval (30 s) plus a discovery interval (5 s).
        ring.faults.heal(missed);
        time.advanceTimeBy(Duration.ofSeconds(40));
        for (String id : ALL) {
            assertThat(roles(ring, id)).as("roles in %s's view", id).isEqualTo(Map.of("data", 2L, "router", 3L));
        }
        assertThat(ring.events.stream().map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.WALK_STARTED && e.detail().contains("balance check")))
                .as("balance-check walks").isNotEmpty();
    }

    private static Map<String, Long> roles(VirtualRing ring, String observer) {
        return ring.member(observer).node.snapshot().members().stream().filter(m -> m.status().equals("ALIVE"))
                .collect(Collectors.groupingBy(MemberView::role, TreeMap::new, Collectors.counting()));
    }
}
