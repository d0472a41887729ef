package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** Five-member rings over real WebSockets on 127.0.0.1, with the default timers. */
class LiveRingTest {

    private static final Duration SETTLE = Duration.ofSeconds(10);
    private final LiveRing ring = new LiveRing(RingProperties.defaults());

    @AfterEach
    void stop() {
        ring.close();
    }

    /** a, b data and c, d, e routers, started so that every prefix keeps the roles balanced. */
    private void fiveMembers(boolean routersPinned, List<RoleHandover> handovers) {
        start("a", Role.DATA, false, handovers);
        start("c", Role.ROUTER, routersPinned, handovers);
        start("b", Role.DATA, false, handovers);
        start("d", Role.ROUTER, routersPinned, handovers);
        start("e", Role.ROUTER, routersPinned, handovers);
        awaitConsistent(Set.of("a", "b", "c", "d", "e"));
    }

    private void start(String id, Role role, boolean pinned, List<RoleHandover> handovers) {
        LiveRing.Member member = ring.start(id, role, pinned, handovers);
        await().atMost(SETTLE).until(member.node::joined);
    }

    private void awaitConsistent(Set<String> live) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> RingAssertions.consistent(ring.views(), live));
        RingAssertions.assertConsistentRing(ring.views(), live);
    }

    private static String status(RingSnapshot view, String subject) {
        return view.members().stream().filter(m -> m.nodeId().equals(subject)).map(MemberView::status)
                .findFirst().orElse("UNKNOWN");
    }

    private Set<String> walksStartedFor(String cause) {
        return ring.events(RingEvent.Type.WALK_STARTED).stream()
                .filter(e -> e.detail().endsWith(cause))
                .map(e -> e.detail().split(" ")[0])
                .collect(Collectors.toSet());
    }

    private List<String> walksFinished(Set<String> ids) {
        return ring.events(RingEvent.Type.WALK_FINISHED).stream()
                .map(e -> e.detail().split(" ")[0])
                .filter(ids::contains)
                .toList();
    }

    @Test
    void fiveMembersFormOneConsistentRingWithLinksToTheirNeighbours() {
        fiveMembers(false, List.of());

        for (LiveRing.Member member : ring.alive()) {
            RingSnapshot view = member.view();
            Set<String> neighbours = new HashSet<>(view.successors());
            neighbours.add(view.predecessor());
            await().atMost(SETTLE).until(() -> member.transport().connectedPeers().containsAll(neighbours));
        }
    }

    @Test
    void aKilledMemberIsDeclaredDeadRemovedFromTheNameServiceAndTheRingRepaired() {
        fiveMembers(false, List.of());
        String victim = "d";

        long killedAt = System.nanoTime();
        ring.member(victim).kill();

        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.views().stream().allMatch(v -> status(v, victim).equals("DEAD")));
        long detection = (ring.firstNanos(RingEvent.Type.DEAD, victim) - killedAt) / 1_000_000;
        System.out.printf("detection latency (kill -> first DEAD verdict): %d ms%n", detection);
        assertThat(detection).isLessThan(4000);
        assertThat(ring.directory.deregistrations).contains("router.dispotify/" + victim);
        awaitConsistent(Set.of("a", "b", "c", "e"));

        Set<String> walks = walksStartedFor("death of " + victim);
        await().atMost(SETTLE).until(() -> walksFinished(walks).size() == 1);
        assertThat(ring.events(RingEvent.Type.WALK_FINISHED)).anyMatch(e -> e.detail().contains("members=4"));
        assertThat(ring.events(RingEvent.Type.ROLE_SWITCHED)).as("2 data + 2 routers needs no switch").isEmpty();
    }

    @Test
    void twoAdjacentMembersKilledTogetherAreBothDeclaredDead() {
        fiveMembers(false, List.of());
        String first = "c";
        String second = ring.member(first).view().successors().get(0);
        Set<String> survivors = new HashSet<>(Set.of("a", "b", "c", "d", "e"));
        survivors.remove(first);
        survivors.remove(second);

        long killedAt = System.nanoTime();
        ring.member(first).kill();
        ring.member(second).kill();

        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.views().stream()
                        .allMatch(v -> status(v, first).equals("DEAD") && status(v, second).equals("DEAD")));
        long both = (Math.max(ring.firstNanos(RingEvent.Type.DEAD, first), ring.firstNanos(RingEvent.Type.DEAD, second))
                - killedAt) / 1_000_000;
        System.out.printf("two adjacent kills: both declared dead after %d ms%n", both);
        awaitConsistent(survivors);
        assertThat(ring.directory.deregistrations).anyMatch(d -> d.endsWith("/" + first))
                .anyMatch(d -> d.endsWith("/" + second));
        await().atMost(SETTLE).until(() -> ring.events(RingEvent.Type.WALK_FINISHED).stream()
                .anyMatch(e -> e.detail().contains("members=3")));
    }

    @Test
    void ofTwoConcurrentWalksOnlyTheLowestCompletes() {
        fiveMembers(false, List.of());
        int finishedBefore = ring.events(RingEvent.Type.WALK_FINISHED).size();

        ring.member("e").node.startWalk("drill");
        ring.member("b").node.startWalk("drill");

        await().atMost(SETTLE).until(() -> walksStartedFor("drill").size() == 2);
        Set<String> drills = walksStartedFor("drill");
        await().atMost(SETTLE).until(() -> !walksFinished(drills).isEmpty());
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);

        List<String> finished = walksFinished(drills);
        String lowest = drills.stream().min((x, y) -> {
            long ex = Long.parseLong(x.split("/")[0]);
            long ey = Long.parseLong(y.split("/")[0]);
            return ex != ey ? Long.compare(ex, ey) : x.split("/")[1].compareTo(y.split("/")[1]);
        }).orElseThrow();
        assertThat(finished).containsExactly(lowest);
        assertThat(ring.events(RingEvent.Type.WALK_FINISHED)).hasSize(finishedBefore + 1);
    }

    /** Records each prepare with the role the node still held at that moment. */
    private static final class RecordingHandover implements RoleHandover {
        final List<String> calls;
        final String nodeId;
        final CurrentRole[] role = new CurrentRole[1];

        RecordingHandover(String nodeId, List<String> calls) {
            this.nodeId = nodeId;
            this.calls = calls;
        }

        @Override
        public Mono<Void> prepare(Role from, Role next) {
            return Mono.delay(Duration.ofMillis(200))
                    .doOnNext(t -> calls.add(nodeId + " " + from + "->" + next + " holding " + role[0].get()))
                    .then();
        }
    }

    @Test
    void losingADataNodeMakesExactlyOneAutoRouterSwitchToDataAfterItsHandover() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<RecordingHandover> handovers = new ArrayList<>();
        for (String id : List.of("a", "c", "b", "d", "e")) {
            RecordingHandover handover = new RecordingHandover(id, calls);
            handovers.add(handover);
            start(id, List.of("a", "b").contains(id) ? Role.DATA : Role.ROUTER, false, List.of(handover));
            handover.role[0] = ring.member(id).role;
        }
        awaitConsistent(Set.of("a", "b", "c", "d", "e"));

        ring.member("a").kill();

        await().atMost(SETTLE).until(() -> ring.alive().stream().filter(m -> m.role.get() == Role.DATA).count() == 2);
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        List<LiveRing.Member> switched = ring.alive().stream()
                .filter(m -> !m.id.equals("b") && m.role.get() == Role.DATA).toList();
        assertThat(switched).hasSize(1);
        String switcher = switched.get(0).id;
        assertThat(calls).containsExactly(switcher + " ROUTER->DATA holding ROUTER");
        assertThat(ring.events(RingEvent.Type.ROLE_SWITCHED)).filteredOn(e -> e.observer().equals(e.subject()))
                .hasSize(1);
        assertThat(switched.get(0).registry.get("ring.role.switches").counter().count()).isEqualTo(1.0);
        await().atMost(SETTLE).until(() -> ring.views().stream().allMatch(v -> v.members().stream()
                .anyMatch(m -> m.nodeId().equals(switcher) && m.role().equals("data"))));
    }

    @Test
    void pinnedRoutersNeverSwitchEvenWhenDataNodesAreShort() {
        fiveMembers(true, List.of());

        ring.member("a").kill();

        await().atMost(SETTLE).until(() -> !ring.events(RingEvent.Type.IMBALANCE).isEmpty());
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        assertThat(ring.events(RingEvent.Type.ROLE_SWITCHED)).isEmpty();
        assertThat(ring.alive()).filteredOn(m -> m.role.get() == Role.ROUTER).hasSize(3);
    }

    @Test
    void aMemberThatLeavesCleanlyIsDroppedWithoutWaitingForProbes() {
        fiveMembers(false, List.of());

        long leftAt = System.nanoTime();
        ring.member("e").node.stop();

        await().atMost(Duration.ofSeconds(2)).until(() -> ring.views().stream()
                .filter(v -> !v.nodeId().equals("e")).allMatch(v -> status(v, "e").equals("DEAD")));
        assertThat((System.nanoTime() - leftAt) / 1_000_000).isLessThan(1500);
        assertThat(ring.events(RingEvent.Type.LEFT)).isNotEmpty();
    }

    @Test
    void aKilledMemberIsConvictedOnceItsPortRefusesButASilentOneGetsTheWholeSuspicionTimeout() {
        fiveMembers(false, List.of());
        long suspicion = RingProperties.defaults().suspicionTimeout().toNanos();

        ring.member("c").kill();
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.firstNanos(RingEvent.Type.DEAD, "c") > 0);
        assertThat(deadDetail("c")).contains("port refuses connections");
        assertThat(ring.firstNanos(RingEvent.Type.DEAD, "c") - ring.firstNanos(RingEvent.Type.SUSPECTED, "c"))
                .as("a refused suspect does not wait out the suspicion timeout").isLessThan(suspicion);
        awaitConsistent(Set.of("a", "b", "d", "e"));

        // Isolation drops everything to and from e, as SIGSTOP or a partition would: silence, no refusal.
        ring.faults.isolate("e");
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.firstNanos(RingEvent.Type.DEAD, "e") > 0);
        assertThat(deadDetail("e")).doesNotContain("refuses");
        assertThat(ring.firstNanos(RingEvent.Type.DEAD, "e") - ring.firstNanos(RingEvent.Type.SUSPECTED, "e"))
                .as("a silent suspect has the whole suspicion timeout to refute").isGreaterThanOrEqualTo(suspicion);

        LiveRing.Member a = ring.member("a");
        assertThat(a.registry.get("ring.messages.sent").tag("type", "ping").counter().count()).isPositive();
        assertThat(a.registry.get("ring.messages.received").tag("type", "ack").counter().count()).isPositive();
    }

    private String deadDetail(String subject) {
        return ring.events(RingEvent.Type.DEAD).stream().filter(e -> e.subject().equals(subject))
                .map(RingEvent::detail).findFirst().orElse("");
    }
}
