package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A walk whose hop to a live member got no receipt in time skips that member; its count is then short.
 * Seen in PartitionIT: right after a partition healed, a walk missed a data node behind a freshly dialled
 * link, counted 1 data + 2 routers, and switched a router to data that the ring did not need.
 */
class PartialWalkTest {

    @AfterEach
    void resetTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void aWalkThatMissedALiveMemberSwitchesNoRole() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        Map<String, Role> roles = Map.of("a", Role.DATA, "b", Role.ROUTER, "c", Role.DATA, "d", Role.ROUTER, "e", Role.ROUTER);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            ring.add(id, roles.get(id));
            time.advanceTimeBy(Duration.ofMillis(300));
        }
        // Past the walks that follow the joins once arrivals settle.
        time.advanceTimeBy(RingProperties.defaults().joinSettle().plusSeconds(5));
        assertThat(roles(ring)).isEqualTo(Map.of("data", 2L, "router", 3L));
        long from = time.now(java.util.concurrent.TimeUnit.MILLISECONDS);

        // c (data) gets no walk messages: every walk that passes it skips it and counts 1 data + 3 routers.
        ring.faults.drop(RingMessage.Alert.class, "c");
        ring.member("a").node.startWalk("a check");
        time.advanceTimeBy(Duration.ofSeconds(15));

        assertThat(ring.events.stream().filter(s -> s.atMillis() >= from).map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.ROLE_SWITCHED).toList()).as("role switches").isEmpty();
        assertThat(ring.events.stream().filter(s -> s.atMillis() >= from).map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.WALK_FINISHED).count()).as("walks finished (the first and one retry)")
                .isBetween(2L, 3L);
        assertThat(roles(ring)).isEqualTo(Map.of("data", 2L, "router", 3L));
    }

    private static Map<String, Long> roles(VirtualRing ring) {
        return ring.member("a").node.snapshot().members().stream().filter(m -> m.status().equals("ALIVE"))
                .collect(Collectors.groupingBy(MemberView::role, TreeMap::new, Collectors.counting()));
    }
}
