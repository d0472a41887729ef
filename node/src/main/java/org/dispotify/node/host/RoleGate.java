package org.dispotify.node.host;

import org.dispotify.ring.http.ProblemResponses;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Answers 503 for the endpoints of the role this node does not hold now: {@code /data/**} belongs to
 * the data role, {@code /api/**} to the router role. Everything else (health, metrics, the ring,
 * API docs) answers in either role, and so does {@code /data/replication/**}: a router can still hold
 * songs (a data node that came back as a router after a crash or a long pause), and the data nodes
 * must be able to copy them from it, or those songs are lost to the cluster (issue 7's soak lost 209
 * acknowledged songs that way). Those endpoints are node-to-node and need the cluster secret.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RoleGate implements WebFilter {

    private static final String REPLICATION = "/data/replication/";

    private final CurrentRole currentRole;

    RoleGate(CurrentRole currentRole) {
        this.currentRole = currentRole;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Role needed = roleFor(exchange.getRequest().getPath().value());
        Role current = currentRole.get();
        if (needed == null || needed == current) {
            return chain.filter(exchange);
        }
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "wrong-role",
                "Wrong role for this endpoint", "This node holds the " + current.label() + " role now; "
                        + needed.label() + " endpoints are served by " + needed.groupName() + " nodes.");
        problem.setProperty("role", current.label());
        return ProblemResponses.write(exchange, problem);
    }

    static Role roleFor(String path) {
        if (path.startsWith(REPLICATION)) {
            return null;
        }
        if (path.equals("/data") || path.startsWith("/data/")) {
            return Role.DATA;
        }
        if (path.equals("/api") || path.startsWith("/api/")) {
            return Role.ROUTER;
        }
        return null;
    }
}
