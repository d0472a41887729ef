package org.dispotify.ring.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.ring.link.RecordingTransport;
import org.dispotify.ring.message.MemberEntry;
import org.dispotify.ring.message.MemberStatus;
import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage.Sync;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.dispotify.ring.view.RingMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Syncs: whole lists, in pages when long, at most once per cooldown per peer for a digest mismatch. */
class AntiEntropyTest {

    private static final Peer PEER = new Peer("peer", "127.0.0.1", 9999);
    private final RecordingTransport transport = new RecordingTransport();
    private final AtomicLong clock = new AtomicLong();
    private LocalMember local;
    private AntiEntropy antiEntropy;

    @BeforeEach
    void setUp() {
        local = new LocalMember(new Peer("a", "127.0.0.1", 9000), new CurrentRole(Role.DATA, false));
        local.resetMembership(0.0005);
        local.phase(LocalMember.Phase.JOINED);
        for (int i = 1; i < 300; i++) {
            local.membership().merge(new MemberEntry("m" + i, "127.0.0.1", 10_000 + i, Role.ROUTER, false, i / 300.0, 1,
                    MemberStatus.ALIVE), 0);
        }
        RingMetrics metrics = new RingMetrics(new SimpleMeterRegistry());
        Links links = new Links(local, transport, metrics, 2);
        Gossip gossip = new Gossip(local, links, new ViewPublisher(local, metrics, 2), clock::get, id -> { }, () -> false);
        antiEntropy = new AntiEntropy(local, links, gossip, clock::get, Duration.ofSeconds(1), 128);
    }

    @Test
    void aLongListGoesInPagesAndOnlyTheLastAsksForAnAnswer() {
        antiEntropy.syncWith(PEER);

        assertThat(transport.of(Sync.class)).extracting(s -> s.members().size()).containsExactly(128, 128, 44);
        assertThat(transport.of(Sync.class)).extracting(Sync::reply).containsExactly(false, false, true);
        assertThat(transport.of(Sync.class).stream().flatMap(s -> s.members().stream()).distinct().count()).isEqualTo(300);
    }

    @Test
    void aDifferenceThatLastsACooldownSyncsOncePerCooldownWhateverTheDigestsAre() {
        long mine = local.membership().digest();

        antiEntropy.syncIfDifferent(PEER, mine);
        assertThat(transport.sent).as("same digest").isEmpty();

        antiEntropy.syncIfDifferent(PEER, mine + 1);
        clock.addAndGet(Duration.ofMillis(500).toNanos());
        antiEntropy.syncIfDifferent(PEER, mine + 2);
        assertThat(transport.sent).as("news may still be on its way").isEmpty();
        clock.addAndGet(Duration.ofMillis(500).toNanos());
        antiEntropy.syncIfDifferent(PEER, mine + 3);
        int afterFirst = transport.sent.size();
        assertThat(afterFirst).as("every digest differed for a second, though each was another").isPositive();

        clock.addAndGet(Duration.ofMillis(500).toNanos());
        antiEntropy.syncIfDifferent(PEER, mine + 3);
        assertThat(transport.sent).as("within the cooldown").hasSize(afterFirst);
        clock.addAndGet(Duration.ofMillis(600).toNanos());
        antiEntropy.syncIfDifferent(PEER, mine + 3);
        assertThat(transport.sent).hasSize(2 * afterFirst);
    }

    @Test
    void anAgreementMeanwhileStartsTheWaitAgain() {
        long mine = local.membership().digest();

        antiEntropy.syncIfDifferent(PEER, mine + 1);
        clock.addAndGet(Duration.ofMillis(600).toNanos());
        antiEntropy.syncIfDifferent(PEER, mine);
        antiEntropy.syncIfDifferent(PEER, mine + 1);
        clock.addAndGet(Duration.ofMillis(600).toNanos());
        antiEntropy.syncIfDifferent(PEER, mine + 1);

        assertThat(transport.sent).isEmpty();
    }

    @Test
    void aSyncThatAsksForAnAnswerGetsThisNodesList() {
        antiEntropy.onSync(new Sync(PEER, java.util.List.of(new MemberEntry("peer", "127.0.0.1", 9999, Role.DATA, false,
                0.99, 1, MemberStatus.ALIVE)), true));

        assertThat(local.membership().get("peer")).isPresent();
        assertThat(transport.of(Sync.class)).isNotEmpty().allSatisfy(s -> assertThat(s.reply()).isFalse());
    }
}
