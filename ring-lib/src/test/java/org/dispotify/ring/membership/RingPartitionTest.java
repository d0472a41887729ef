package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A majority/minority partition of five members, then heal (issue 7's PartitionIT, in virtual time):
 * the two routers cut off alone must not switch one of them to data (they cannot tell a split from a
 * crash of the other three), and after healing the minority rejoins the majority, whose roles stand.
 */
class RingPartitionTest {

    private static final Set<String> MAJORITY = Set.of("a", "b", "c");
    private static final Set<String> MINORITY = Set.of("d", "e");

    @AfterEach
    void resetTime() {
        VirtualTimeScheduler.reset();
    }

    /** The seed of every member's contact shuffle (which member a rejoining node asks first) and of the heal's moment. */
    @ParameterizedTest(name = "shuffle seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void aMinorityOfTwoRoutersSwitchesNoRoleAndRejoinsTheMajorityAfterHealing(int seed) {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        Map<String, Role> roles = Map.of("a", Role.DATA, "b", Role.ROUTER, "c", Role.DATA, "d", Role.ROUTER, "e", Role.ROUTER);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            ring.add(id, roles.get(id), seed * 31L + id.hashCode());
            time.advanceTimeBy(Duration.ofMillis(300));
        }
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(roles(ring, "a")).as("before").isEqualTo(Map.of("data", 2L, "router", 3L));
        long cutAt = time.now(TimeUnit.MILLISECONDS);

        ring.partition(MAJORITY, MINORITY);
        // The seed moves the heal across the discovery interval too: whose discovery runs first after
        // healing (a minority member's, or a majority member's) decides who learns of the other first.
        time.advanceTimeBy(Duration.ofSeconds(30).plusMillis(seed * 600L));
        for (String id : MINORITY) {
            assertThat(ring.member(id).node.snapshot().count("ALIVE")).as("%s's live members while cut off", id).isEqualTo(2);
        }
        for (String id : MAJORITY) {
            assertThat(ring.member(id).node.snapshot().count("ALIVE")).as("%s's live members while cut off", id).isEqualTo(3);
        }
        assertThat(switches(ring, cutAt)).as("role switches during the partition").isEmpty();

        // Each side removed the other from the name service; their renewals put them back (as every TTL/3).
        ring.heal();
        List.of("a", "b", "c", "d", "e").forEach(id -> ring.directory.register(peerOf(ring, id)));
        long healedAt = time.now(TimeUnit.MILLISECONDS);
        long oneViewAt = -1;
        for (int step = 0; step < 200 && oneViewAt < 0; step++) {
            time.advanceTimeBy(Duration.ofMillis(100));
            if (List.of("a", "b", "c", "d", "e").stream().allMatch(id -> ring.member(id).node.snapshot().count("ALIVE") == 5)) {
                oneViewAt = time.now(TimeUnit.MILLISECONDS);
            }
        }
        assertThat(oneViewAt).as("one view of five after healing").isPositive();
        assertThat(oneViewAt - healedAt).as("ms from healing to one view (discovery runs every 5 s)").isLessThanOrEqualTo(6_000);
        time.advanceTimeBy(Duration.ofSeconds(5));
        for (String id : List.of("a", "b", "c", "d", "e")) {
            assertThat(roles(ring, id)).as("roles in %s's view after healing", id).isEqualTo(Map.of("data", 2L, "router", 3L));
        }
        assertThat(switches(ring, cutAt)).as("role switches from the cut to the end").isEmpty();
        assertThat(ring.events.stream().filter(s -> s.atMillis() >= healedAt).map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.JOINED && e.observer().equals(e.subject()))
                .map(RingEvent::subject).collect(Collectors.toSet()))
                .as("members that rejoined after healing").isEqualTo(MINORITY);
    }

    @Test
    void aMemberCutOffWithAMinorityTurnsAwayAMemberOfItsRingThatTheMajorityDeclaredDead() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        Map<String, Role> roles = Map.of("a", Role.DATA, "b", Role.ROUTER, "c", Role.DATA, "d", Role.ROUTER, "e", Role.ROUTER);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            ring.add(id, roles.get(id));
            time.advanceTimeBy(Duration.ofMillis(300));
        }
        time.advanceTimeBy(Duration.ofSeconds(5));
        ring.partition(MAJORITY, MINORITY);
        time.advanceTimeBy(Duration.ofSeconds(20));
        long askedAt = time.now(TimeUnit.MILLISECONDS);

        // d heard from the majority that it was declared dead and rejoins; it asks e first. Were e to take it
        // in, d and e would rebuild their minority ring under new incarnations (and d take a "clean" role in it).
        ring.member("e").node.receive(Flux.just(new RingMessage.Join(peerOf(ring, "d"), Role.ROUTER, false, 50))).subscribe();
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(ring.events.stream().filter(s -> s.atMillis() >= askedAt).map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.JOINED && e.observer().equals("e")).toList())
                .as("e inserting d").isEmpty();
    }

    @Test
    void aMemberToldItIsDeadRejoinsThroughTheMemberThatToldIt() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), Duration.ofMillis(1));
        Map<String, Role> roles = Map.of("a", Role.DATA, "b", Role.ROUTER, "c", Role.DATA, "d", Role.ROUTER, "e", Role.ROUTER);
        for (String id : List.of("a", "b", "c", "d", "e")) {
            ring.add(id, roles.get(id));
            time.advanceTimeBy(Duration.ofMillis(300));
        }
        time.advanceTimeBy(Duration.ofSeconds(5));
        ring.partition(MAJORITY, MINORITY);
        time.advanceTimeBy(Duration.ofSeconds(20));
        ring.heal();
        // The name service lists only e (the others' records lapsed): without a better hint d would ask e,
        // which is cut off from most of the ring with it.
        Peer a = peerOf(ring, "a");
        Peer d = peerOf(ring, "d");
        List.of("a", "b", "c", "d").forEach(id -> ring.directory.deregister(roles.get(id), id).block());
        long toldAt = time.now(TimeUnit.MILLISECONDS);

        MemberEntry verdict = new MemberEntry("d", d.host(), d.port(), Role.ROUTER, false, 0.5, 100, MemberStatus.DEAD);
        ring.member("d").node.receive(Flux.just(new RingMessage.Gossip(a, List.of(verdict)))).subscribe();
        time.advanceTimeBy(Duration.ofSeconds(3));

        assertThat(ring.events.stream().filter(s -> s.atMillis() >= toldAt).map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.JOINED && e.observer().equals("d") && e.subject().equals("d"))
                .map(RingEvent::detail).toList())
                .as("how d rejoined").containsExactly("through a");
    }

    private static Peer peerOf(VirtualRing ring, String id) {
        RingSnapshot view = ring.member(id).node.snapshot();
        MemberView me = view.members().stream().filter(m -> m.nodeId().equals(id)).findFirst().orElseThrow();
        return new Peer(id, me.host(), me.port());
    }

    private static List<RingEvent> switches(VirtualRing ring, long since) {
        return ring.events.stream().filter(s -> s.atMillis() >= since).map(VirtualRing.Seen::event)
                .filter(e -> e.type() == RingEvent.Type.ROLE_SWITCHED && e.observer().equals(e.subject())).toList();
    }

    private static Map<String, Long> roles(VirtualRing ring, String observer) {
        return ring.member(observer).node.snapshot().members().stream().filter(m -> m.status().equals("ALIVE"))
                .collect(Collectors.groupingBy(MemberView::role, TreeMap::new, Collectors.counting()));
    }
}
