package org.dispotify.ring.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.dispotify.ring.RingProperties;
import org.dispotify.ring.membership.PausableScheduler;
import org.dispotify.ring.membership.RingAssertions;
import org.dispotify.ring.membership.VirtualRing;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.MemberView;
import org.dispotify.ring.view.RingEvent;
import org.dispotify.ring.view.RingSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The SWIM timeline on virtual time: probe interval 500 ms, probe timeout 300 ms, suspicion 2 s. */
class FailureDetectionTest {

    private static final Duration LATENCY = Duration.ofMillis(1);

    @AfterEach
    void resetTime() {
        VirtualTimeScheduler.reset();
    }

    /** a, b, c joined one after another; c ends up after a or b depending on its (seeded) contact. */
    private static VirtualRing threeMembers(VirtualTimeScheduler time, PausableScheduler forA) {
        VirtualRing ring = new VirtualRing(time, RingProperties.defaults(), LATENCY);
        if (forA == null) {
            ring.add("a", Role.DATA);
        } else {
            ring.add("a", Role.DATA, false, forA);
        }
        time.advanceTimeBy(Duration.ofMillis(100));
        ring.add("b", Role.ROUTER);
        time.advanceTimeBy(Duration.ofMillis(100));
        ring.add("c", Role.DATA);
        time.advanceTimeBy(Duration.ofSeconds(3));
        return ring;
    }

    private static List<RingSnapshot> views(VirtualRing ring, String... ids) {
        return java.util.Arrays.stream(ids).map(id -> ring.member(id).node.snapshot()).toList();
    }

    private static String status(VirtualRing ring, String observer, String subject) {
        return ring.member(observer).node.snapshot().members().stream()
                .filter(m -> m.nodeId().equals(subject)).map(MemberView::status).findFirst().orElse("UNKNOWN");
    }

    @Test
    void threeMembersFormOneRing() {
        VirtualRing ring = threeMembers(VirtualTimeScheduler.getOrSet(), null);

        RingAssertions.assertConsistentRing(views(ring, "a", "b", "c"), Set.of("a", "b", "c"));
    }

    @Test
    void aSilentMemberIsSuspectedAfterOnePeriodAndDeclaredDeadAfterTheSuspicionTimeout() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = threeMembers(time, null);
        String predecessor = ring.member("b").node.snapshot().predecessor();

        long crashedAt = time.now(java.util.concurrent.TimeUnit.MILLISECONDS);
        ring.crash("b");
        time.advanceTimeBy(Duration.ofSeconds(5));

        long suspectedAt = ring.firstAt(RingEvent.Type.SUSPECTED, predecessor, "b");
        long deadAt = ring.firstAt(RingEvent.Type.DEAD, predecessor, "b");
        assertThat(suspectedAt - crashedAt).as("suspected within two probe intervals")
                .isGreaterThan(0).isLessThanOrEqualTo(1000);
        assertThat(deadAt - suspectedAt).as("dead exactly one suspicion timeout after the suspicion")
                .isEqualTo(2000);
        String other = predecessor.equals("a") ? "c" : "a";
        assertThat(status(ring, other, "b")).isEqualTo("DEAD");
        assertThat(ring.directory.deregistrations).containsExactly("router.dispotify/b");
        RingAssertions.assertConsistentRing(views(ring, "a", "c"), Set.of("a", "c"));
    }

    @Test
    void theSuspicionTimelineOnVirtualTime() {
        VirtualRing[] ring = new VirtualRing[1];
        StepVerifier.withVirtualTime(() -> {
                    ring[0] = threeMembers(VirtualTimeScheduler.get(), null);
                    String predecessor = ring[0].member("b").node.snapshot().predecessor();
                    return ring[0].eventFlux()
                            .filter(e -> e.subject().equals("b") && e.observer().equals(predecessor))
                            .filter(e -> e.type() == RingEvent.Type.SUSPECTED || e.type() == RingEvent.Type.DEAD);
                })
                .then(() -> ring[0].crash("b"))
                .expectNoEvent(Duration.ofMillis(400))
                .thenAwait(Duration.ofMillis(600))
                .expectNextMatches(e -> e.type() == RingEvent.Type.SUSPECTED)
                .expectNoEvent(Duration.ofMillis(1000))
                .thenAwait(Duration.ofMillis(1500))
                .expectNextMatches(e -> e.type() == RingEvent.Type.DEAD)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anAnswerDuringTheSuspicionClearsIt() {
        VirtualRing[] ring = new VirtualRing[1];
        StepVerifier.withVirtualTime(() -> {
                    ring[0] = threeMembers(VirtualTimeScheduler.get(), null);
                    return ring[0].eventFlux().filter(e -> e.subject().equals("b") && e.type() == RingEvent.Type.DEAD);
                })
                .then(() -> ring[0].faults.isolate("b"))
                .thenAwait(Duration.ofMillis(1200))
                .then(() -> {
                    assertThat(ring[0].events(RingEvent.Type.SUSPECTED, "b")).isNotEmpty();
                    ring[0].faults.heal("b");
                })
                .expectNoEvent(Duration.ofSeconds(10))
                .thenCancel()
                .verify(Duration.ofSeconds(10));

        assertThat(ring[0].events(RingEvent.Type.REFUTED, "b")).as("b refuted the suspicion").isNotEmpty();
        RingAssertions.assertConsistentRing(views(ring[0], "a", "b", "c"), Set.of("a", "b", "c"));
    }

    @Test
    void aRefutationKeepsAMemberAliveWhileItsProbesAreLost() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        VirtualRing ring = threeMembers(time, null);

        // Every ping to b is lost, but b still hears gossip: it refutes each suspicion with a higher incarnation.
        ring.faults.drop(RingMessage.Ping.class, "b");
        time.advanceTimeBy(Duration.ofSeconds(8));
        ring.faults.heal("b");
        time.advanceTimeBy(Duration.ofSeconds(2));

        assertThat(ring.events(RingEvent.Type.SUSPECTED, "b")).isNotEmpty();
        assertThat(ring.events(RingEvent.Type.REFUTED, "b")).isNotEmpty();
        assertThat(ring.events(RingEvent.Type.DEAD, "b")).isEmpty();
        assertThat(Set.of("a", "c")).allSatisfy(id -> assertThat(status(ring, id, "b")).isEqualTo("ALIVE"));
    }

    @Test
    void aMemberWhoseSchedulerWasPausedConvictsNobody() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        PausableScheduler schedulerOfA = new PausableScheduler(time);
        VirtualRing ring = threeMembers(time, schedulerOfA);
        String successorOfA = ring.member("a").node.snapshot().successors().get(0);

        // Freeze a just after it sent a probe (a's ticks fall on whole half-seconds), before the ack arrives.
        long now = time.now(java.util.concurrent.TimeUnit.MILLISECONDS);
        time.advanceTimeBy(Duration.ofMillis(500 - now % 500));
        schedulerOfA.pause();
        time.advanceTimeBy(Duration.ofMillis(1200));
        schedulerOfA.resume();
        time.advanceTimeBy(Duration.ofSeconds(4));

        List<RingEvent> byA = ring.events.stream().map(VirtualRing.Seen::event)
                .filter(e -> e.observer().equals("a"))
                .filter(e -> e.type() == RingEvent.Type.SUSPECTED || e.type() == RingEvent.Type.DEAD)
                .toList();
        assertThat(byA).as("a suspected nobody after its pause (its successor is %s)", successorOfA).isEmpty();
        assertThat(ring.events.stream().map(VirtualRing.Seen::event).filter(e -> e.type() == RingEvent.Type.DEAD)
                .collect(Collectors.toList())).isEmpty();
        RingAssertions.assertConsistentRing(views(ring, "a", "b", "c"), Set.of("a", "b", "c"));
    }

    @Test
    void aMemberPausedPastTheSuspicionTimeoutRejoinsInsteadOfRefuting() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        PausableScheduler schedulerOfA = new PausableScheduler(time);
        VirtualRing ring = threeMembers(time, schedulerOfA);

        // Frozen for 6 s: its neighbours suspect it, then convict it; the news queues up for a.
        schedulerOfA.pause();
        time.advanceTimeBy(Duration.ofSeconds(6));
        assertThat(status(ring, "b", "a")).isEqualTo("DEAD");
        long resumedAt = time.now(java.util.concurrent.TimeUnit.MILLISECONDS);
        schedulerOfA.resume();
        time.advanceTimeBy(Duration.ofSeconds(6));

        List<RingEvent> byA = ring.events.stream().filter(seen -> seen.atMillis() >= resumedAt)
                .map(VirtualRing.Seen::event).filter(e -> e.observer().equals("a") && e.subject().equals("a"))
                .toList();
        assertThat(byA).as("a must not resurrect its old incarnation by refuting")
                .noneMatch(e -> e.type() == RingEvent.Type.REFUTED)
                .anyMatch(e -> e.type() == RingEvent.Type.JOINED);
        RingAssertions.assertConsistentRing(views(ring, "a", "b", "c"), Set.of("a", "b", "c"));
    }
}
