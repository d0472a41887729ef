package org.dispotify.ring.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

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
 * The server side of {@code /ring}: checks the cluster secret on the handshake, decodes each text
 * frame and hands the messages to the ring. A frame that does not decode is logged and dropped; the
 * link stays up, because one bad frame says nothing about the next.
 */
public final class RingWebSocketHandler implements WebSocketHandler {

    public static final String SECRET_HEADER = "X-Dispotify-Cluster-Secret";
    private static final Logger log = LoggerFactory.getLogger(RingWebSocketHandler.class);

    private final RingCodec codec;
    private final Inbound inbound;
    private final byte[] secret;

    public RingWebSocketHandler(RingCodec codec, Inbound inbound, String secret) {
        this.codec = codec;
        this.inbound = inbound;
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        if (!authorised(session)) {
            log.warn("ring link from {} refused: wrong or missing cluster secret",
                    session.getHandshakeInfo().getRemoteAddress());
            return session.close(CloseStatus.POLICY_VIOLATION);
        }
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

    private boolean authorised(WebSocketSession session) {
        if (secret.length == 0) {
            return true;
        }
        String given = session.getHandshakeInfo().getHeaders().getFirst(SECRET_HEADER);
        return given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
    }
}
