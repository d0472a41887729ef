package org.dispotify.ring.link;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingCodecException;
import org.dispotify.ring.message.RingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server side of {@code /ring} (the handshake's cluster signature is checked before, by a
 * {@code ClusterAuthenticationFilter} in front of the endpoint): decodes each text
 * frame and hands the messages to the ring. A frame that does not decode is logged and dropped; the
 * link stays up, because one bad frame says nothing about the next. A peer that sends faster than
 * {@link LinkLimits} allow is another matter: its link is closed with 1008 (policy violation), so
 * a flood costs this node one token-bucket check per frame and nothing of the ring's time.
 * Frames over the codec's cap never get here: the WebSocket decoder closes the link (1009) first.
 */
public final class RingWebSocketHandler implements WebSocketHandler {

    public static final String PATH = "/ring";
    private static final Logger log = LoggerFactory.getLogger(RingWebSocketHandler.class);

    private final RingCodec codec;
    private final Inbound inbound;
    private final LinkLimits limits;
    private final LongSupplier nanoTime;

    public RingWebSocketHandler(RingCodec codec, Inbound inbound) {
        this(codec, inbound, LinkLimits.defaults());
    }

    public RingWebSocketHandler(RingCodec codec, Inbound inbound, LinkLimits limits) {
        this(codec, inbound, limits, System::nanoTime);
    }

    RingWebSocketHandler(RingCodec codec, Inbound inbound, LinkLimits limits, LongSupplier nanoTime) {
        this.codec = codec;
        this.inbound = inbound;
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        TokenBucket bucket = new TokenBucket(limits.messagesPerSecond(), limits.burst(), nanoTime);
        AtomicBoolean closing = new AtomicBoolean();
        Flux<RingMessage> messages = session.receive()
                .filter(frame -> withinRate(session, bucket, closing))
                .filter(frame -> frame.getType() == WebSocketMessage.Type.TEXT)
                .concatMap(frame -> decode(frame.getPayloadAsText()).map(Mono::just).orElseGet(Mono::empty), 1);
        return inbound.receive(messages)
                .onErrorResume(e -> {
                    log.debug("ring link from {} ended: {}", caller(session), e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Counts every frame, whatever its type, against the link's bucket. Over the rate, the link is
     * closed (once) and what the peer still sends until the close completes is dropped unread.
     */
    private boolean withinRate(WebSocketSession session, TokenBucket bucket, AtomicBoolean closing) {
        if (closing.get()) {
            return false;
        }
        if (bucket.tryTake()) {
            return true;
        }
        if (closing.compareAndSet(false, true)) {
            log.warn("closing the ring link from {}: more than {} messages/s (burst {}); policy violation",
                    caller(session), limits.messagesPerSecond(), limits.burst());
            session.close(CloseStatus.POLICY_VIOLATION.withReason("ring message rate limit"))
                    .subscribe(done -> { }, e -> log.debug("closing the ring link from {}: {}", caller(session), e.toString()));
        }
        return false;
    }

    private Optional<RingMessage> decode(String text) {
        try {
            return Optional.of(codec.decode(text));
        } catch (RingCodecException e) {
            log.warn("dropped a ring frame: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static String caller(WebSocketSession session) {
        InetSocketAddress remote = session.getHandshakeInfo().getRemoteAddress();
        return remote == null ? "unknown" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
