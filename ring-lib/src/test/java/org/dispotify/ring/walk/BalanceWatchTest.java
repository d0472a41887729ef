package org.dispotify.ring.walk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.membership.InMemoryDirectory;
import org.dispotify.ring.membership.LocalMember;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.test.scheduler.VirtualTimeScheduler;

/** When the balance watch counts, and when it lets a deficit be acted on. Join-settle 10 s, discovery 5 s. */
class BalanceWatchTest {

    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration DISCOVERY = Duration.ofSeconds(5);

    private final InMemoryDirectory names = new InMemoryDirectory();
    private final List<String> walks = new ArrayList<>();
    private VirtualTimeScheduler time;
    private LocalMember local;
    private BalanceWatch watch;

    @BeforeEach
    void setUp() {
        time = VirtualTimeScheduler.create();
        local = new LocalMember(new Peer("a", "127.0.0.1", 9001), new CurrentRole(Role.DATA, false));
        local.resetMembership(0.1);
        local.phase(LocalMember.Phase.JOINED);
        // a holds 3 data members and no router: off the ratio in its own view.
        local.membership().merge(new MemberEntry("b", "127.0.0.1", 9002, Role.DATA, false, 0.5, 1, MemberStatus.ALIVE), 0);
        local.membership().merge(new MemberEntry("c", "127.0.0.1", 9003, Role.DATA, false, 0.7, 1, MemberStatus.ALIVE), 0);
        List.of("a", "b", "c").forEach(id -> names.register(new Peer(id, "127.0.0.1", 9000 + id.charAt(0) - 'a' + 1)));
        watch = new BalanceWatch(local, names, time, () -> time.now(TimeUnit.NANOSECONDS), SETTLE, DISCOVERY, walks::add,
                () -> false);
    }

    @AfterEach
    void tearDown() {
        time.dispose();
    }

    private Boolean decide(boolean afterLoss) {
        Boolean[] decided = new Boolean[1];
        watch.mayRebalance(afterLoss).subscribe(now -> decided[0] = now);
        time.advanceTimeBy(Duration.ofMillis(1));
        return decided[0];
    }

    @Test
    void aDeficitWaitsUntilMembersStopArrivingThenTheNodeWalksAgain() {
        time.advanceTimeBy(Duration.ofSeconds(30));
        watch.arrived("join of x");
        time.advanceTimeBy(Duration.ofSeconds(4));

        assertThat(decide(false)).isFalse();
        assertThat(walks).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(6));
        assertThat(walks).anySatisfy(walk -> assertThat(walk).startsWith("held deficit"));
        assertThat(decide(false)).isTrue();
    }

    @Test
    void aDeficitAfterALossDoesNotWaitForArrivals() {
        time.advanceTimeBy(Duration.ofSeconds(30));
        watch.arrived("join of x");

        assertThat(decide(true)).isTrue();
    }

    @Test
    void aMemberListedInTheNameServiceButNeverSeenHoldsADeficitForThreeDiscoveryIntervalsAtMost() {
        time.advanceTimeBy(Duration.ofSeconds(30));
        names.register(new Peer("d", "127.0.0.1", 9004));

        assertThat(decide(true)).isFalse();
        time.advanceTimeBy(DISCOVERY);
        assertThat(walks).hasSize(1);
        assertThat(decide(true)).isFalse();
        time.advanceTimeBy(DISCOVERY.multipliedBy(2));
        assertThat(decide(true)).as("a record that never shows up stops holding the ring").isTrue();
    }

    @Test
    void aBurstOfArrivalsCostsOneWalkOnceTheyStop() {
        watch.arrived("join of x");
        time.advanceTimeBy(Duration.ofSeconds(3));
        watch.arrived("join of y");
        time.advanceTimeBy(Duration.ofSeconds(3));
        watch.arrived("join of z");
        time.advanceTimeBy(SETTLE.minusSeconds(1));
        assertThat(walks).isEmpty();

        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(walks).containsExactly("join of z, once arrivals settled");
    }

    @Test
    void onlyTheLowestMemberCountsAfterArrivals() {
        local.membership().merge(new MemberEntry("0-first", "127.0.0.1", 9000, Role.ROUTER, false, 0.9, 1,
                MemberStatus.ALIVE), 0);

        watch.arrived("join of x");
        time.advanceTimeBy(SETTLE.plusSeconds(1));

        assertThat(walks).isEmpty();
    }

    @Test
    void theLowestMemberWalksWhenItsViewIsOffTheRatioButNotWhileMembersAreStillListedUnseen() {
        names.register(new Peer("d", "127.0.0.1", 9004));
        watch.listed(names.members().block());
        assertThat(walks).isEmpty();

        watch.listed(List.of(new Peer("a", "127.0.0.1", 9001)));
        assertThat(walks).singleElement().asString().startsWith("balance check: this view has 3 data, 0 routers");
        watch.listed(List.of(new Peer("a", "127.0.0.1", 9001)));
        assertThat(walks).as("the same view is not walked for again at once").hasSize(1);
    }
}
