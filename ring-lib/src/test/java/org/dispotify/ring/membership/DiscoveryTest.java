package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Discovery's pace: every interval after a change, spacing out to the idle interval while the ring and the
 * name service agree, and back to every interval as soon as either shows something new.
 */
class DiscoveryTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final Peer A = new Peer("a", "127.0.0.1", 1);
    private static final Peer B = new Peer("b", "127.0.0.2", 1);
    private static final Peer C = new Peer("c", "127.0.0.3", 1);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final LocalMember local = new LocalMember(A, new CurrentRole(Role.DATA, false));
    private final List<Peer> registered = new CopyOnWriteArrayList<>(List.of(A, B));
    private final List<Long> listedAt = new CopyOnWriteArrayList<>();
    private final List<String> synced = new CopyOnWriteArrayList<>();
    private boolean nameServiceDown;
    private Discovery discovery;

    @BeforeEach
    void joinedWithB() {
        local.phase(LocalMember.Phase.JOINED);
        local.membership().merge(entry("b", 1, MemberStatus.ALIVE), now());
        Directory directory = new Directory() {
            @Override
            public Mono<List<Peer>> members() {
                return Mono.defer(() -> {
                    listedAt.add(time.now(TimeUnit.SECONDS));
                    return nameServiceDown ? Mono.error(new IllegalStateException("down")) : Mono.just(new ArrayList<>(registered));
                });
            }

            @Override
            public Mono<Void> deregister(Role role, String nodeId) {
                return Mono.empty();
            }
        };
        discovery = new Discovery(local, directory, peer -> synced.add(peer.nodeId()), time, this::now, INTERVAL, IDLE,
                found -> { });
        discovery.start();
    }

    private long now() {
        return time.now(TimeUnit.NANOSECONDS);
    }

    private static MemberEntry entry(String id, long incarnation, MemberStatus status) {
        return new MemberEntry(id, "127.0.0.2", 1, Role.ROUTER, false, 0.5, incarnation, status);
    }

    private List<Long> gaps() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < listedAt.size(); i++) {
            gaps.add(listedAt.get(i) - listedAt.get(i - 1));
        }
        return gaps;
    }

    @Test
    void listingsSpaceOutToTheIdleIntervalWhileAllAgrees() {
        time.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(listedAt.get(0)).as("the first tick lists").isEqualTo(INTERVAL.toSeconds());
        assertThat(gaps()).as("seconds between listings").startsWith(10L, 20L, 30L, 30L)
                .allMatch(gap -> gap <= IDLE.toSeconds());
        assertThat(listedAt).as("a sixth of the listings at a 5 s pace, and the first few").hasSizeLessThanOrEqualTo(12);
        assertThat(discovery.pace()).isEqualTo(IDLE);
        assertThat(synced).isEmpty();
    }

    @Test
    void aChangeInTheRingIsLookedAtWithinOneInterval() {
        time.advanceTimeBy(Duration.ofMinutes(3));
        assertThat(discovery.pace()).isEqualTo(IDLE);
        int before = listedAt.size();
        long changed = time.now(TimeUnit.SECONDS);

        // b is declared dead here (a crash, or a partition): the name service still lists it.
        local.membership().merge(entry("b", 1, MemberStatus.DEAD), now());
        time.advanceTimeBy(INTERVAL);

        assertThat(listedAt.subList(before, listedAt.size())).as("listed within one interval of the change").hasSize(1)
                .allMatch(at -> at - changed <= INTERVAL.toSeconds());
        assertThat(synced).as("b, listed but dead here, is synced with (a healed partition)").containsExactly("b");

        // While the name service and the ring disagree, the pace stays at the interval.
        time.advanceTimeBy(INTERVAL.multipliedBy(4));
        assertThat(gaps().subList(gaps().size() - 4, gaps().size())).containsOnly(INTERVAL.toSeconds());
        assertThat(discovery.pace()).isEqualTo(INTERVAL);
    }

    @Test
    void aMemberHeldDeadKeepsTheIntervalEvenWhenTheNameServiceAgrees() {
        time.advanceTimeBy(Duration.ofMinutes(3));

        // A partition: b is declared dead here and removed from the name service; the listings agree with the ring.
        local.membership().merge(entry("b", 1, MemberStatus.DEAD), now());
        registered.remove(B);
        time.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(discovery.pace()).isEqualTo(INTERVAL);
        assertThat(gaps().subList(gaps().size() - 10, gaps().size())).containsOnly(INTERVAL.toSeconds());

        // The heal shows only in the name service (b renews its record): found at the next tick.
        long healedAt = time.now(TimeUnit.SECONDS);
        registered.add(B);
        time.advanceTimeBy(INTERVAL);
        assertThat(synced).containsExactly("b");
        assertThat(listedAt.get(listedAt.size() - 1) - healedAt).isLessThanOrEqualTo(INTERVAL.toSeconds());
    }

    @Test
    void aFailingNameServiceIsAskedEveryInterval() {
        nameServiceDown = true;
        time.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(listedAt).hasSize(12);
        assertThat(gaps()).containsOnly(INTERVAL.toSeconds());

        nameServiceDown = false;
        time.advanceTimeBy(Duration.ofMinutes(2));
        assertThat(discovery.pace()).as("spaced out again once it answers and agrees").isEqualTo(IDLE);
    }

    @Test
    void aMemberOnlyTheNameServiceKnowsIsFoundWithinTheIdleInterval() {
        time.advanceTimeBy(Duration.ofMinutes(3));
        long registeredAt = time.now(TimeUnit.SECONDS);

        // Registered without a join that reached this ring (it formed a ring of its own, say).
        registered.add(C);
        time.advanceTimeBy(IDLE);

        assertThat(synced).as("synced with c (again at each listing while c is not live here)").isNotEmpty().containsOnly("c");
        long firstListingWithC = listedAt.stream().filter(at -> at >= registeredAt).findFirst().orElseThrow();
        assertThat(firstListingWithC - registeredAt).isLessThanOrEqualTo(IDLE.toSeconds());
        assertThat(discovery.pace()).as("c is not live here yet: back to every interval").isEqualTo(INTERVAL);
    }

    @Test
    void aStoppedOrLeftMemberDoesNotList() {
        time.advanceTimeBy(Duration.ofSeconds(20));
        int before = listedAt.size();

        local.phase(LocalMember.Phase.STOPPED);
        time.advanceTimeBy(Duration.ofMinutes(2));

        assertThat(listedAt).hasSize(before);
    }
}
