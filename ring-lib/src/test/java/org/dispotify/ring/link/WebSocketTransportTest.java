package org.dispotify.ring.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import reactor.core.publisher.Mono;

/** Links to a member the ring holds dead are dropped at once, so a silent (partitioned) connection is not reused. */
class WebSocketTransportTest {

    private static final Peer PEER = new Peer("n2", "127.0.0.1", 9);

    /** A client whose connections open and then stay silent forever, as over a partition; counts dials and drops. */
    private static final class SilentClient implements WebSocketClient {

        final AtomicInteger dials = new AtomicInteger();
        final List<URI> cancelled = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> execute(URI url, WebSocketHandler handler) {
            return execute(url, new HttpHeaders(), handler);
        }

        @Override
        public Mono<Void> execute(URI url, HttpHeaders headers, WebSocketHandler handler) {
            dials.incrementAndGet();
            return Mono.<Void>never().doOnCancel(() -> cancelled.add(url));
        }
    }

    @Test
    void aForgottenPeerIsDialledAfreshAndItsSilentConnectionDropped() {
        SilentClient client = new SilentClient();
        WebSocketTransport transport = new WebSocketTransport(client, new RingCodec(), Duration.ofSeconds(30), null);
        RingMessage ping = new RingMessage.Ping(new Peer("n1", "127.0.0.1", 8), 1, "n2", 0L);

        transport.send(PEER, ping);
        transport.send(PEER, ping);
        assertThat(client.dials).as("dials while the link stands").hasValue(1);

        transport.forget("n2");
        assertThat(client.cancelled).as("connections dropped by forget").hasSize(1);
        transport.send(PEER, ping);
        assertThat(client.dials).as("dials after forget").hasValue(2);
        transport.close();
    }
}
