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

/**
 * Five-member rings over real WebSockets on 127.0.0.1, with the default timers. Nothing here measures
 * time: every wait is for a condition the ring signals (an event, a view), with a cap derived from the
 * timers and generous enough for a loaded machine; how fast things happen is measured by the simulator
 * and bench/ring.sh.
 */
class LiveRingTest {

    private static final RingProperties TIMERS = RingProperties.defaults();
    /** A cap on every wait: several discovery rounds, far beyond what any step takes on an idle machine. */
    private static final Duration SETTLE = TIMERS.discoveryInterval().multipliedBy(8);
    private final LiveRing ring = new LiveRing(TIMERS);

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

    private List<String> walksAbandoned(Set<String> ids) {
        return ring.events(RingEvent.Type.WALK_ABANDONED).stream()
                .map(e -> e.detail().split(" ")[0])
                .filter(ids::contains)
                .toList();
    }

    /** Every imbalance sent so far has come back to its origin: no switch is still being asked for. */
    private boolean imbalancesEnded() {
        Set<String> sent = ring.events(RingEvent.Type.IMBALANCE).stream().map(e -> e.detail().split(" ")[0])
                .collect(Collectors.toSet());
        Set<String> ended = ring.events(RingEvent.Type.IMBALANCE_ENDED).stream().map(e -> e.detail().split(" ")[0])
                .collect(Collectors.toSet());
        return !sent.isEmpty() && ended.containsAll(sent);
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

        ring.member(victim).kill();

        await().atMost(SETTLE).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.views().stream().allMatch(v -> status(v, victim).equals("DEAD")));
        assertThat(deadDetail(victim)).as("convicted on the fast path of a closed port").contains("port refuses connections");
        await().atMost(SETTLE).until(() -> ring.directory.deregistrations.contains("router.dispotify/" + victim));
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

        ring.member(first).kill();
        ring.member(second).kill();

        await().atMost(SETTLE).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.views().stream()
                        .allMatch(v -> status(v, first).equals("DEAD") && status(v, second).equals("DEAD")));
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
        // Both end: one with its count, the other yielded to it (or dropped for it and told so).
        await().atMost(SETTLE).until(() -> walksFinished(drills).size() + walksAbandoned(drills).size() == 2);

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
        await().atMost(SETTLE).until(this::imbalancesEnded);
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

        await().atMost(SETTLE).until(this::imbalancesEnded);
        assertThat(ring.events(RingEvent.Type.IMBALANCE_ENDED)).allMatch(e -> e.detail().contains("still short of 1 data"));
        assertThat(ring.events(RingEvent.Type.ROLE_SWITCHED)).isEmpty();
        assertThat(ring.alive()).filteredOn(m -> m.role.get() == Role.ROUTER).hasSize(3);
    }

    @Test
    void aMemberThatLeavesCleanlyIsDroppedWithoutWaitingForProbes() {
        fiveMembers(false, List.of());

        ring.member("e").node.stop();

        await().atMost(SETTLE).until(() -> ring.views().stream()
                .filter(v -> !v.nodeId().equals("e")).allMatch(v -> status(v, "e").equals("DEAD")));
        // Its neighbours saw it leave; nobody had to suspect it, let alone convict it on silence.
        assertThat(ring.events(RingEvent.Type.LEFT)).anyMatch(e -> e.subject().equals("e"));
        assertThat(ring.events(RingEvent.Type.SUSPECTED)).noneMatch(e -> e.subject().equals("e"));
        assertThat(ring.events(RingEvent.Type.DEAD)).noneMatch(e -> e.subject().equals("e")
                && e.detail().startsWith("silent"));
    }

    @Test
    void aKilledMemberIsConvictedOnceItsPortRefusesButASilentOneGetsTheWholeSuspicionTimeout() {
        fiveMembers(false, List.of());
        long suspicion = RingProperties.defaults().suspicionTimeout().toNanos();

        ring.member("c").kill();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(20))
                .until(() -> ring.firstNanos(RingEvent.Type.DEAD, "c") > 0);
        // The verdict names its cause: the fast path, before the suspicion timeout ran out.
        assertThat(deadDetail("c")).contains("port refuses connections");
        awaitConsistent(Set.of("a", "b", "d", "e"));

        // Isolation drops everything to and from e, as SIGSTOP or a partition would: silence, no refusal.
        ring.faults.isolate("e");
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(20))
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
