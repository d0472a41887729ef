package org.dispotify.ring.security;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.function.Predicate;

import org.dispotify.ring.http.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Refuses cluster-only requests (ring links, replication, name-service writes) that do not carry a
 * valid {@link RequestSignature}: 401 with a problem+json body, logged with the caller's address.
 * Listener requests (playing, browsing) are not cluster-only and pass untouched.
 */
public final class ClusterAuthenticationFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ClusterAuthenticationFilter.class);

    private final RequestSignature signature;
    private final Predicate<ServerHttpRequest> clusterOnly;

    public ClusterAuthenticationFilter(RequestSignature signature, Predicate<ServerHttpRequest> clusterOnly) {
        this.signature = signature;
        this.clusterOnly = clusterOnly;
    }

    @Override
    public int getOrder() {
        // Before anything else looks at the request, including the role gate.
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!clusterOnly.test(request)) {
            return chain.filter(exchange);
        }
        Optional<String> refusal = signature.check(request.getMethod().name(), pathAndQuery(request.getURI()),
                request.getHeaders().getFirst(RequestSignature.HEADER));
        if (refusal.isEmpty()) {
            return chain.filter(exchange);
        }
        log.warn("refused {} {} from {}: {}", request.getMethod(), request.getURI().getRawPath(),
                caller(request), refusal.get());
        return ProblemResponses.write(exchange, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "cluster-auth",
                "Cluster authentication required", "This endpoint is for members of the cluster: " + refusal.get() + "."));
    }

    static String pathAndQuery(URI uri) {
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private static String caller(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? "unknown" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
