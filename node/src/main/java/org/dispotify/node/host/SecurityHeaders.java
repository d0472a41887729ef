package org.dispotify.node.host;

import org.dispotify.router.player.ContentSecurityPolicy;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Browser-side hardening on every response: no MIME sniffing, no referrer leaks, and a Content
 * Security Policy without inline script ({@link ContentSecurityPolicy}: what it allows and why). The
 * player's page gets the cluster's routers added as image sources by the router role's own filter,
 * which runs after this one. The bundled Swagger UI needs inline styles, so its pages get a looser
 * style-src.
 */
@Component
class SecurityHeaders implements WebFilter, Ordered {

    static final String POLICY = ContentSecurityPolicy.BASE;
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
