package org.dispotify.node.host;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.dispotify.ring.http.ProblemResponses;
import org.dispotify.ring.security.RequestSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * With an upload token configured ({@code dispotify.upload.token}), adding songs needs
 * {@code Authorization: Bearer <token>}: listeners may play but not change the library. A router
 * forwarding an upload to a data node proves itself with the cluster signature instead.
 */
@Component
class UploadPermission implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UploadPermission.class);

    private final byte[] token;
    private final ObjectProvider<RequestSignature> signature;

    UploadPermission(@Value("${dispotify.upload.token:}") String token, ObjectProvider<RequestSignature> signature) {
        this.token = token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
        this.signature = signature;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (token == null || !isUpload(request) || hasToken(request) || signedByMember(request)) {
            return chain.filter(exchange);
        }
        log.warn("refused an upload from {} without a valid token", request.getRemoteAddress());
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dispotify\"");
        return ProblemResponses.write(exchange, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "upload-token",
                "Upload token required", "Uploading needs the cluster's upload token (Authorization: Bearer "
                        + "<token>); `dispotify up` prints a player URL that carries it."));
    }

    static boolean isUpload(ServerHttpRequest request) {
        String path = request.getPath().value();
        return request.getMethod() == HttpMethod.POST && (path.equals("/api/songs") || path.equals("/data/songs"));
    }

    private boolean hasToken(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private boolean signedByMember(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(RequestSignature.HEADER);
        if (header == null) {
            return false;
        }
        URI uri = request.getURI();
        String pathAndQuery = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        return Optional.ofNullable(signature.getIfAvailable())
                .map(s -> s.check(request.getMethod().name(), pathAndQuery, header).isEmpty())
                .orElse(false);
    }
}
