package org.dispotify.router.player;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.dispotify.ring.http.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.WebFilter;

/**
 * The node's upload permission as the player meets it (node's {@code UploadPermission}, which the
 * router module cannot depend on): {@code POST /api/songs} needs {@code Authorization: Bearer
 * <token>}, else 401 problem+json with {@code WWW-Authenticate}. Deliberately not a
 * {@code @Configuration}: the router's component scan covers this package, and only the one test
 * that passes this class as a source should require a token.
 */
class UploadTokenRequired {

    static final String TOKEN = "browser-test-upload-token-5f1c";

    @Bean
    WebFilter uploadTokenFilter() {
        byte[] expected = ("Bearer " + TOKEN).getBytes(StandardCharsets.UTF_8);
        return (exchange, chain) -> {
            var request = exchange.getRequest();
            if (request.getMethod() != HttpMethod.POST || !request.getPath().value().equals("/api/songs")) {
                return chain.filter(exchange);
            }
            String given = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                return chain.filter(exchange);
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dispotify\"");
            return ProblemResponses.write(exchange, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "upload-token",
                    "Upload token required", "Uploading needs the cluster's upload token."));
        };
    }
}
