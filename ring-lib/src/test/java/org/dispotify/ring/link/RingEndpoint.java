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

    /**
     * Opens a link, sends {@code frames} (text), and returns how the server closed the link, or
     * empty if it was still open {@code linger} after the last frame (the client then closes it).
     */
    Mono<WebSocketCloseStatus> send(Flux<String> frames, Duration linger) {
        return HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(4 << 20).build())
                .uri("ws://127.0.0.1:" + server.port() + RingWebSocketHandler.PATH)
                .handle((in, out) -> {
                    // Reading the inbound side is what lets the client see the server's close frame.
                    Mono<Object> closed = in.receive().then(in.receiveCloseStatus()).map(status -> (Object) status);
                    Mono<Void> sending = out.sendString(frames).then()
                            .onErrorResume(e -> Mono.empty())
                            .then(Mono.delay(linger)).then();
                    // Whichever comes first: the server's close, or the end of our linger.
                    return closed.or(sending.then(Mono.empty()));
                })
                .next()
                .cast(WebSocketCloseStatus.class)
                .timeout(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
