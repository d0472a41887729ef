package org.dispotify.router.relay;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/** The listener's end of a relayed stream, below Spring's response abstraction. */
final class ListenerConnections {

    private ListenerConnections() {
    }

    /**
     * Closes the listener's connection: after its headers went out with a {@code Content-Length}, a
     * short, closed response is the only honest way to say that the data node broke off. Doing it
     * here rather than by failing the body spares the server its error log with a stack trace per
     * cut song. Empty once closed; an error if this is not a Reactor Netty server.
     */
    static Mono<Void> close(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (!(nativeResponse instanceof Connection connection)) {
            return Mono.error(new IllegalStateException("not a Reactor Netty response: " + nativeResponse));
        }
        return Mono.create(sink -> connection.channel().close().addListener(done -> sink.success()));
    }
}
