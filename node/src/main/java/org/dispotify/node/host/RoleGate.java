package org.dispotify.node.host;

import org.dispotify.ring.http.ProblemResponses;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Answers 503 + Retry-After for the endpoints of the role this node does not hold now: {@code /data/**} belongs to
 * the data role, {@code /api/**} to the router role. Everything else (health, metrics, the ring,
 * API docs) answers in either role, and so does {@code /data/replication/**}: a router can still hold
 * songs (a data node that came back as a router after a crash or a long pause), and the data nodes
 * must be able to copy them from it, or those songs are lost to the cluster (issue 7's soak lost 209
 * acknowledged songs that way). Those endpoints are node-to-node and need the cluster secret.
 * <p>
 * The gate also counts the writes (uploads) of each role under way for {@link RoleDrain}, and refuses
 * new ones of a role this node is leaving. Either refusal comes before any controller reads the body;
 * Reactor Netty then reads and discards the rest of an upload, so the client gets the 503 (a clean,
 * retryable answer: another node of the group will take it), not a reset connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RoleGate implements WebFilter {

    private static final String REPLICATION = "/data/replication/";
    /** Seconds a refused client waits before asking again (after resolving the group afresh). */
    static final String RETRY_AFTER_SECONDS = "1";

    private final CurrentRole currentRole;
    private final RoleDrain drain;

    RoleGate(CurrentRole currentRole, RoleDrain drain) {
        this.currentRole = currentRole;
        this.drain = drain;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Role needed = roleFor(exchange.getRequest().getPath().value());
        if (needed == null) {
            return chain.filter(exchange);
        }
        Role current = currentRole.get();
        if (needed != current) {
            return refuse(exchange, "wrong-role", "Wrong role for this endpoint", "This node holds the "
                    + current.label() + " role now; " + needed.label() + " endpoints are served by "
                    + needed.groupName() + " nodes.", current);
        }
        if (!isWrite(exchange.getRequest().getMethod())) {
            return chain.filter(exchange);
        }
        if (!drain.enter(needed)) {
            return refuse(exchange, "role-switch", "Switching role", "This node is leaving the " + needed.label()
                    + " role and takes no new " + needed.label() + " writes; send it to another of the "
                    + needed.groupName() + " nodes.", current);
        }
        return chain.filter(exchange).doFinally(signal -> drain.leave(needed));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, String type, String title, String detail, Role current) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail);
        problem.setProperty("role", current.label());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return ProblemResponses.write(exchange, problem);
    }

    private static boolean isWrite(HttpMethod method) {
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
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
