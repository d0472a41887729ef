package org.dispotify.ring.link;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dispotify.ring.message.RingCodec;
import org.dispotify.ring.message.RingMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The production {@code /ring} handler behind Spring's handshake on a Reactor Netty server on
 * 127.0.0.1 (as a node serves it, with the same frame cap), recording what reaches the ring; and a
 * raw WebSocket client that sends whatever a test wants, as a hostile peer would.
 */
final class RingEndpoint implements AutoCloseable {

    final RingCodec codec = new RingCodec();
    final List<RingMessage> received = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    RingEndpoint(LinkLimits limits) {
        RingWebSocketHandler handler = new RingWebSocketHandler(codec,
                messages -> messages.doOnNext(received::add).then(), limits);
        HandshakeWebSocketService websockets = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(codec.maxFrameBytes())));
        websockets.start();
        HttpHandler http = WebHttpHandlerBuilder.webHandler(exchange -> {
            if (exchange.getRequest().getPath().value().equals(RingWebSocketHandler.PATH)) {
                return websockets.handleRequest(exchange, handler);
            }
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        }).build();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(http))
                .bindNow(Duration.ofSeconds(5));
    }

    /** How a link ended: closed by the server (with the status, if its close frame was read), or still open. */
    record LinkEnd(boolean closedByServer, WebSocketCloseStatus status) {

        static LinkEnd stillOpen() {
            return new LinkEnd(false, null);
        }
    }

    /**
     * Opens a link, sends {@code frames} (text), and returns how it ended: closed by the server, or
     * still open {@code linger} after the last frame (the client then closes it).
     *
     * <p>A server that closes a link while a large frame is still arriving leaves unread bytes in
     * its socket, and the kernel answers them with a reset that can overtake its close frame: then
     * the link is known to be closed by the server, but without a status.
     */
    Mono<LinkEnd> send(Flux<String> frames, Duration linger) {
        return HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(4 << 20).build())
                .uri("ws://127.0.0.1:" + server.port() + RingWebSocketHandler.PATH)
                .handle((in, out) -> {
                    // Reading the inbound side is what lets the client see the server's close frame.
                    Mono<LinkEnd> closed = in.receive().then()
                            .onErrorResume(e -> Mono.empty())
                            .then(in.receiveCloseStatus().onErrorResume(e -> Mono.empty()))
                            .map(status -> new LinkEnd(true, status))
                            .defaultIfEmpty(new LinkEnd(true, null));
                    Mono<LinkEnd> sending = out.sendString(frames).then()
                            .onErrorResume(e -> Mono.empty())
                            .then(Mono.delay(linger))
                            .map(done -> LinkEnd.stillOpen());
                    // Whichever comes first: the server's close, or the end of our linger.
                    return Mono.firstWithSignal(closed, sending);
                })
                .next()
                .timeout(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
