package org.dispotify.ring.link;

import java.util.Optional;

import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingCodecException;
import org.dispotify.ring.message.RingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The server side of {@code /ring} (the handshake's cluster signature is checked before, by a
 * {@code ClusterAuthenticationFilter} in front of the endpoint): decodes each text
 * frame and hands the messages to the ring. A frame that does not decode is logged and dropped; the
 * link stays up, because one bad frame says nothing about the next.
 */
public final class RingWebSocketHandler implements WebSocketHandler {

    public static final String PATH = "/ring";
    private static final Logger log = LoggerFactory.getLogger(RingWebSocketHandler.class);

    private final RingCodec codec;
    private final Inbound inbound;
    public RingWebSocketHandler(RingCodec codec, Inbound inbound) {
        this.codec = codec;
        this.inbound = inbound;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Flux<RingMessage> messages = session.receive()
                .filter(frame -> frame.getType() == WebSocketMessage.Type.TEXT)
                .concatMap(frame -> decode(frame.getPayloadAsText()).map(Mono::just).orElseGet(Mono::empty), 1);
        return inbound.receive(messages)
                .onErrorResume(e -> {
                    log.debug("ring link from {} ended: {}", session.getHandshakeInfo().getRemoteAddress(), e.toString());
                    return Mono.empty();
                });
    }

    private Optional<RingMessage> decode(String text) {
        try {
            return Optional.of(codec.decode(text));
        } catch (RingCodecException e) {
            log.warn("dropped a ring frame: {}", e.getMessage());
            return Optional.empty();
        }
    }

}
