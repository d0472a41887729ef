package org.dispotify.ring.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingMessage;
import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import reactor.core.publisher.Flux;

/** What one inbound ring link may send: a rate per link, and a cap on each frame. */
class LinkLimitsTest {

    private static final Peer PEER = new Peer("peer", "127.0.0.1", 9);

    @Test
    void aBucketGivesItsBurstAtOnceThenItsRate() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        TokenBucket bucket = new TokenBucket(10, 5, now::get);

        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(100_000_000L); // 100 ms at 10/s: one token
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(60_000_000_000L); // a long quiet spell refills to the burst, no further
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void aFloodingPeerIsClosedWithPolicyViolationAndTheEndpointKeepsServing() {
        try (RingEndpoint endpoint = new RingEndpoint(new LinkLimits(50, 100))) {
            Flux<String> flood = Flux.range(0, 300).map(this::ping).map(endpoint.codec::encode);

            RingEndpoint.LinkEnd end = endpoint.send(flood, Duration.ofSeconds(5)).block(Duration.ofSeconds(25));

            assertThat(end.closedByServer()).isTrue();
            // The 1008 close frame is sent, but a reset for the flood's unread frames may overtake it.
            if (end.status() != null) {
                assertThat(end.status().code()).isEqualTo(WebSocketCloseStatus.POLICY_VIOLATION.code());
            }
            // The burst got through; the rest of the flood did not reach the ring.
            assertThat(endpoint.received).hasSizeBetween(100, 150);

            endpoint.received.clear();
            endpoint.send(Flux.just(endpoint.codec.encode(ping(1))), Duration.ofMillis(300)).block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.received.size() == 1);
        }
    }

    @Test
    void theDefaultRateLeavesAChattyButHonestPeerAlone() {
        try (RingEndpoint endpoint = new RingEndpoint(LinkLimits.defaults())) {
            // 50 messages a second for 2 s: ten times what probing, gossip and walks send.
            Flux<String> chatty = Flux.interval(Duration.ofMillis(20)).take(100).map(i -> endpoint.codec.encode(ping(i)));

            RingEndpoint.LinkEnd end = endpoint.send(chatty, Duration.ofMillis(500)).block(Duration.ofSeconds(15));

            assertThat(end.closedByServer()).isFalse();
            assertThat(endpoint.received).hasSize(100);
        }
    }

    @Test
    void aFrameOverTheCapClosesTheLinkWithoutReachingTheRing() {
        try (RingEndpoint endpoint = new RingEndpoint(LinkLimits.defaults())) {
            String huge = "{\"type\":\"join-rejected\",\"from\":{\"nodeId\":\"a\",\"host\":\"h\",\"port\":1},\"reason\":\""
                    + "x".repeat(2 << 20) + "\"}";

            RingEndpoint.LinkEnd end = endpoint.send(Flux.just(huge), Duration.ofSeconds(5)).block(Duration.ofSeconds(25));

            assertThat(end.closedByServer()).isTrue();
            // The 1009 close frame is sent, but a reset for the unread rest of the frame may overtake it.
            if (end.status() != null) {
                assertThat(end.status().code()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
            }
            assertThat(endpoint.received).isEmpty();
            endpoint.send(Flux.just(endpoint.codec.encode(ping(2))), Duration.ofMillis(300)).block(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.received.size() == 1);
        }
    }

    private RingMessage ping(long seq) {
        return new RingMessage.Ping(PEER, seq, "self", 0);
    }
}
