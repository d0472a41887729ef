package org.dispotify.router.player;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.dispotify.router.cluster.ClusterMember;
import org.dispotify.router.cluster.ClusterView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Sends the player's page with a policy that lets it show covers from every router of the cluster: the
 * player moves to another router when its own stops answering, and asks that one for covers too. The
 * policy is read once, with the page, so it lists the routers known when the page loads (a reload
 * learns new ones). It runs after the node's own security headers and replaces their policy for the
 * page only.
 *
 * <p>The cluster view answers from the ring at once, or from the name service; if that is slow or
 * failing the page is not held up: it goes out with the routers known last time (none at first, which
 * is the base policy: covers from this router only).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class PlayerPagePolicy implements WebFilter {

    static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);

    private final ClusterView view;
    private final AtomicReference<String> lastPolicy = new AtomicReference<>(ContentSecurityPolicy.BASE);

    PlayerPagePolicy(ObjectProvider<ClusterView> views) {
        this.view = views.orderedStream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no ClusterView bean"));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isPage(exchange)) {
            return chain.filter(exchange);
        }
        return view.members()
                .timeout(LOOKUP_TIMEOUT)
                .map(PlayerPagePolicy::policyFor)
                .doOnNext(lastPolicy::set)
                .onErrorResume(e -> Mono.fromSupplier(lastPolicy::get))
                .defaultIfEmpty(ContentSecurityPolicy.BASE)
                .flatMap(policy -> {
                    exchange.getResponse().getHeaders().set("Content-Security-Policy", policy);
                    return chain.filter(exchange);
                });
    }

    static String policyFor(List<ClusterMember> members) {
        return ContentSecurityPolicy.withImageHosts(members.stream()
                .filter(m -> "router".equals(m.role()) && !"DEAD".equals(m.status()))
                .map(m -> new ContentSecurityPolicy.HostPort(m.host(), m.port()))
                .toList());
    }

    private static boolean isPage(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        String path = exchange.getRequest().getPath().value();
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && (path.equals("/") || path.equals("/index.html"));
    }
}
