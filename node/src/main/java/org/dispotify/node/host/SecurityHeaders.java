package org.dispotify.node.host;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Browser-side hardening on every response: no MIME sniffing, no referrer leaks, and a Content
 * Security Policy without inline script. The player loads only its own files; it talks to other
 * routers and plays from data nodes, which are other origins, hence http(s) in connect- and media-src.
 * The bundled Swagger UI needs inline styles, so its pages get a looser style-src.
 */
@Component
class SecurityHeaders implements WebFilter, Ordered {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self' http: https:; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";
    private static final String DOCS_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy",
                path.startsWith("/swagger-ui") || path.startsWith("/webjars") ? DOCS_POLICY : POLICY);
        return chain.filter(exchange);
    }
}
