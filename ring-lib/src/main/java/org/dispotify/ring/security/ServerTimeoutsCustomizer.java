package org.dispotify.ring.security;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import reactor.netty.http.server.HttpServer;

/**
 * Applies {@link ServerTimeouts} to the Reactor Netty server Spring Boot builds: Reactor Netty's idle
 * timeout for connections without a request, {@link RequestDeadlines} for requests being received.
 */
final class ServerTimeoutsCustomizer implements NettyServerCustomizer {

    private final ServerTimeouts timeouts;

    ServerTimeoutsCustomizer(ServerTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server
                .idleTimeout(timeouts.idleTimeout())
                .doOnChannelInit((observer, channel, remote) -> RequestDeadlines.install(channel.pipeline(), timeouts));
    }
}
