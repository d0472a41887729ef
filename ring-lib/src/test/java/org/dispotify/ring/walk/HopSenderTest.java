package org.dispotify.ring.walk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.dispotify.ring.message.WalkId;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** One hop of a walk on virtual time: what a lost message, a silent member and a doubted member cost. */
class HopSenderTest {

    private static final Duration HOP_TIMEOUT = Duration.ofSeconds(1);
    private static final Peer A = new Peer("a", "127.0.0.2", 7001);
    private static final Peer B = new Peer("b", "127.0.0.3", 7001);
    private static final RingMessage MESSAGE = new RingMessage.HopAck(new Peer("self", "127.0.0.1", 7001), "walk-1");

    private VirtualTimeScheduler time;
    private Host host;
    private HopSender sender;
    private final List<RingMessage> gaveUp = new ArrayList<>();

    @BeforeEach
    void setUp() {
        time = VirtualTimeScheduler.create();
        host = new Host();
        sender = new HopSender(host, time, HOP_TIMEOUT, gaveUp::add);
    }

    @AfterEach
    void tearDown() {
        time.dispose();
    }

    @Test
    void aLostMessageIsSentAgainAfterAnEighthOfTheHopTimeoutNotAWholeOne() {
        sender.send("hop-1", MESSAGE, List.of(A, B), peer -> true);
        assertThat(host.sendsTo("a")).containsExactly(0L);

        // The first send is lost: no receipt. An eighth of the timeout later it goes again, to the same member.
        time.advanceTimeBy(HOP_TIMEOUT.dividedBy(8));
        assertThat(host.sendsTo("a")).containsExactly(0L, 125L);
        sender.acknowledged("hop-1");

        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(host.sendsTo("a")).as("no send after the receipt").hasSize(2);
        assertThat(host.sendsTo("b")).as("a member that answered is not skipped").isEmpty();
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void aSilentMemberIsSkippedAfterTwoHopTimeoutsAndTheNextCandidateGetsTheMessage() {
        sender.send("hop-1", MESSAGE, List.of(A, B), peer -> true);

        time.advanceTimeBy(HOP_TIMEOUT.multipliedBy(2).minusMillis(1));
        assertThat(host.sendsTo("a")).hasSize(16).startsWith(0L, 125L, 250L).endsWith(1875L);
        assertThat(host.sendsTo("b")).as("a live member is given two hop timeouts").isEmpty();

        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(host.sendsTo("b")).containsExactly(2000L);
        sender.acknowledged("hop-1");
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(host.sendsTo("a")).hasSize(16);
        assertThat(gaveUp).isEmpty();
    }

    @Test
    void aMemberThisNodeSuspectsIsSkippedAfterOneHopTimeout() {
        host.status.put("a", MemberStatus.SUSPECT);
        sender.send("hop-1", MESSAGE, List.of(A, B), peer -> true);

        time.advanceTimeBy(HOP_TIMEOUT);
        assertThat(host.sendsTo("a")).hasSize(8).endsWith(875L);
        assertThat(host.sendsTo("b")).containsExactly(1000L);
    }

    @Test
    void aMessageForOneMemberAloneIsNeverPassedOnAndIsGivenUpAfterThreeHopTimeouts() {
        sender.sendOnly("hop-1", MESSAGE, A);

        time.advanceTimeBy(HOP_TIMEOUT.multipliedBy(3).minusMillis(1));
        assertThat(host.sendsTo("a")).hasSize(24);
        assertThat(gaveUp).isEmpty();
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(gaveUp).containsExactly(MESSAGE);
        assertThat(host.sendsTo("b")).isEmpty();
    }

    /** Records each send with its virtual time; knows only the statuses a test gives it. */
    private final class Host implements WalkHost {

        final Map<String, List<Long>> sends = new HashMap<>();
        final Map<String, MemberStatus> status = new HashMap<>();

        List<Long> sendsTo(String nodeId) {
            return sends.getOrDefault(nodeId, List.of());
        }

        @Override
        public MemberEntry selfEntry() {
            return new MemberEntry("self", "127.0.0.1", 7001, Role.DATA, false, 0.5, 1, MemberStatus.ALIVE);
        }

        @Override
        public List<MemberEntry> liveAfterSelf() {
            return List.of();
        }

        @Override
        public void send(Peer to, RingMessage message) {
            sends.computeIfAbsent(to.nodeId(), id -> new ArrayList<>()).add(time.now(TimeUnit.MILLISECONDS));
        }

        @Override
        public Optional<MemberEntry> member(String nodeId) {
            return Optional.ofNullable(status.get(nodeId))
                    .map(s -> new MemberEntry(nodeId, "127.0.0.9", 7001, Role.ROUTER, false, 0.1, 1, s));
        }

        @Override
        public Mono<List<Peer>> directoryMembers() {
            return Mono.just(List.of());
        }

        @Override
        public void event(RingEvent.Type type, String subject, String detail) {
        }

        @Override
        public Mono<Boolean> mayRebalance(boolean afterLoss) {
            return Mono.just(false);
        }

        @Override
        public boolean mayTake(Role needed) {
            return false;
        }

        @Override
        public void switchRole(Role next, WalkId deficit, Runnable onFailure) {
        }
    }
}
