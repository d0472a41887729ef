package org.dispotify.ring.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dispotify.ring.link.RecordingTransport;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage.Ack;
import org.dispotify.ring.message.RingMessage.IndirectAck;
import org.dispotify.ring.message.RingMessage.Ping;
import org.dispotify.ring.message.RingMessage.PingReq;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The detector alone: probes go to a recording transport, answers are handed in, verdicts come out as a stream. */
class FailureDetectorTest {

    private static final Peer SELF = new Peer("a", "127.0.0.1", 9001);
    private static final Peer TARGET = new Peer("b", "127.0.0.1", 9002);
    private static final Peer HELPER = new Peer("c", "127.0.0.1", 9003);
    private static final DetectorSettings TIMERS = new DetectorSettings(Duration.ofMillis(500), Duration.ofMillis(300),
            Duration.ofSeconds(2), 1);

    private VirtualTimeScheduler time;
    private final RecordingTransport transport = new RecordingTransport();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final OneTarget ring = new OneTarget();
    private FailureDetector detector;

    @BeforeEach
    void setUp() {
        time = VirtualTimeScheduler.create();
        detector = new FailureDetector(SELF, ring, transport, time, () -> time.now(TimeUnit.NANOSECONDS),
                new RingMetrics(new SimpleMeterRegistry()), TIMERS);
        detector.verdicts().subscribe(verdicts::add);
    }

    @AfterEach
    void tearDown() {
        time.dispose();
    }

    /** Ticks as the node's timer does, every probe interval, {@code rounds} times. */
    private void ticks(int rounds) {
        for (int i = 0; i < rounds; i++) {
            detector.tick();
            time.advanceTimeBy(TIMERS.probeInterval());
        }
    }

    @Test
    void aTargetThatAnswersIsNeverSuspected() {
        for (int i = 0; i < 10; i++) {
            detector.tick();
            Ping ping = transport.of(Ping.class).get(i);
            detector.onAck(new Ack(TARGET, ping.seq(), 0));
            time.advanceTimeBy(TIMERS.probeInterval());
        }

        assertThat(verdicts).isEmpty();
        assertThat(transport.of(PingReq.class)).isEmpty();
    }

    @Test
    void silenceMeansAPingReqThenASuspicionThenAConvictionAfterTheSuspicionTimeout() {
        detector.tick();
        time.advanceTimeBy(Duration.ofMillis(300));
        assertThat(transport.of(PingReq.class)).extracting(PingReq::target).containsExactly(TARGET);
        assertThat(transport.sent.stream().filter(s -> s.message() instanceof PingReq).map(s -> s.to()))
                .containsExactly(HELPER);
        assertThat(transport.of(Ping.class)).as("the probe and its direct retry").hasSize(2)
                .extracting(Ping::seq).containsOnly(transport.of(Ping.class).get(0).seq());
        time.advanceTimeBy(Duration.ofMillis(200));

        ticks(1);
        assertThat(verdicts).containsExactly(new Verdict.Suspected("b"));
        ticks(4);
        assertThat(verdicts).hasSize(2).last().isInstanceOfSatisfying(Verdict.Convicted.class, v -> {
            assertThat(v.nodeId()).isEqualTo("b");
            assertThat(v.refused()).isFalse();
            assertThat(v.silentNanos()).isEqualTo(Duration.ofMillis(2500).toNanos());
        });
    }

    @Test
    void anAckToTheDirectRetryCountsAsAnAnswer() {
        for (int i = 0; i < 6; i++) {
            detector.tick();
            time.advanceTimeBy(Duration.ofMillis(300));
            List<Ping> pings = transport.of(Ping.class);
            detector.onAck(new Ack(TARGET, pings.get(pings.size() - 1).seq(), 0));
            time.advanceTimeBy(Duration.ofMillis(200));
        }

        assertThat(transport.of(Ping.class)).hasSize(12);
        assertThat(verdicts).isEmpty();
    }

    @Test
    void anIndirectAckCountsAsAnAnswer() {
        for (int i = 0; i < 6; i++) {
            detector.tick();
            time.advanceTimeBy(Duration.ofMillis(300));
            PingReq request = transport.of(PingReq.class).get(i);
            detector.onIndirectAck(new IndirectAck(HELPER, request.seq(), "b"));
            time.advanceTimeBy(Duration.ofMillis(200));
        }

        assertThat(verdicts).isEmpty();
    }

    @Test
    void aSuspectThatAnswersIsReportedAsAnswered() {
        ticks(2);
        assertThat(verdicts).containsExactly(new Verdict.Suspected("b"));

        detector.tick();
        Ping ping = transport.of(Ping.class).get(transport.of(Ping.class).size() - 1);
        detector.onAck(new Ack(TARGET, ping.seq(), 0));

        assertThat(verdicts).containsExactly(new Verdict.Suspected("b"), new Verdict.Answered("b"));
        assertThat(detector.suspecting("b")).isFalse();
    }

    @Test
    void aSuspectWhosePortRefusesIsConvictedAfterOneMoreInterval() {
        transport.refusing.add("b");
        ticks(3);

        assertThat(verdicts).hasSize(2).last().isInstanceOfSatisfying(Verdict.Convicted.class,
                v -> assertThat(v.refused()).isTrue());
    }

    @Test
    void aNodeThatWasPausedConvictsNobodyUntilAFreshRoundWasJudged() {
        ticks(2);
        assertThat(verdicts).containsExactly(new Verdict.Suspected("b"));

        // Frozen for 3 s: the suspicion timed out meanwhile, but the silence may be this node's own.
        time.advanceTimeBy(Duration.ofSeconds(3));
        detector.tick();
        assertThat(verdicts).hasSize(1);
        assertThat(detector.pausedPastConviction()).isTrue();
    }

    @Test
    void aPingForThisNodeIsAnsweredWithTheDigestAndOneForAnotherIsNot() {
        detector.onPing(new Ping(TARGET, 7, "a", 1));
        detector.onPing(new Ping(TARGET, 8, "someone-else", 1));

        assertThat(transport.of(Ack.class)).containsExactly(new Ack(SELF, 7, 42));
    }

    @Test
    void aSuspicionEndsWhenTheSuspectRejoinsUnderAHigherIncarnationAndItsSilenceThenCountsAfresh() {
        ticks(2);
        assertThat(verdicts).containsExactly(new Verdict.Suspected("b"));

        // b rejoined (after a pause, say) under incarnation 2; this node's probes still get no answer through.
        ring.incarnation = 2;
        ticks(4);
        // The old suspicion's deadline (2.5 s) has passed: the new incarnation is not convicted on the old one's silence.
        assertThat(verdicts).containsExactly(new Verdict.Suspected("b"), new Verdict.Suspected("b"));

        ticks(1);
        assertThat(verdicts).hasSize(3).last().isInstanceOf(Verdict.Convicted.class);
    }

    /** b is the successor, c the other neighbour; the digest is 42. */
    private static final class OneTarget implements ProbeSet {

        long incarnation = 1;

        @Override
        public List<MemberEntry> probeTargets() {
            return List.of(new MemberEntry("b", TARGET.host(), TARGET.port(), Role.DATA, false, 0.5, incarnation,
                    MemberStatus.ALIVE));
        }

        @Override
        public List<Peer> helpers(String targetId, int count) {
            return List.of(HELPER).subList(0, Math.min(1, count));
        }

        @Override
        public boolean live(String nodeId) {
            return true;
        }

        @Override
        public long incarnation(String nodeId) {
            return incarnation;
        }

        @Override
        public long digest() {
            return 42;
        }
    }
}
