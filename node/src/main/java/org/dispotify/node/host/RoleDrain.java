package org.dispotify.node.host;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.dispotify.ring.roles.Role;
import org.dispotify.ring.roles.RoleHandover;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The first step of every role switch: the uploads (and other writes) of the role this node is leaving
 * finish before anything else happens. From the moment the switch begins, new writes of that role are
 * refused with 503 + Retry-After (the client sends them to another node, nothing half-done is left
 * here); the switch then waits until the writes under way have answered, at most
 * {@code dispotify.role-switch.drain-timeout}. So a data node hands its songs over only after the last
 * upload it accepted is stored and copied, and no upload ever sees its node change role under it.
 * Reads (catalog, audio streams) are not refused while draining: they change nothing, and after the
 * switch those under way go on to their end, since only new requests meet {@link RoleGate}. If the
 * switch is given up, writes are accepted again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RoleDrain implements RoleHandover {

    private static final Logger log = LoggerFactory.getLogger(RoleDrain.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Duration timeout;
    private final Map<Role, Integer> writes = new EnumMap<>(Role.class);
    private Role draining;

    RoleDrain(RoleSwitchProperties properties) {
        this.timeout = properties.drainTimeout();
    }

    /** Counts a write of {@code role} as under way; false (and nothing counted) while that role is draining. */
    synchronized boolean enter(Role role) {
        if (role == draining) {
            return false;
        }
        writes.merge(role, 1, Integer::sum);
        return true;
    }

    /** A write counted by {@link #enter} has answered (or its client went away). */
    synchronized void leave(Role role) {
        writes.merge(role, -1, Integer::sum);
    }

    synchronized int writesUnderWay(Role role) {
        return writes.getOrDefault(role, 0);
    }

    /** The role whose new writes are refused now, or null. */
    synchronized Role draining() {
        return draining;
    }

    @Override
    public Mono<Void> prepare(Role from, Role next) {
        return Mono.defer(() -> {
            synchronized (this) {
                draining = from;
            }
            int underWay = writesUnderWay(from);
            if (underWay == 0) {
                return Mono.empty();
            }
            log.info("role switch {} -> {}: waiting for {} {} write(s) under way", from.label(), next.label(), underWay,
                    from.label());
            long start = System.nanoTime();
            return Flux.interval(POLL)
                    .filter(tick -> writesUnderWay(from) == 0)
                    .next()
                    .timeout(timeout, Mono.fromRunnable(() -> log.warn(
                            "role switch {} -> {}: {} {} write(s) still under way after {}; switching anyway, they go on",
                            from.label(), next.label(), writesUnderWay(from), from.label(), timeout)))
                    .doOnNext(tick -> log.info("role switch {} -> {}: writes drained in {} ms", from.label(), next.label(),
                            (System.nanoTime() - start) / 1_000_000))
                    .then();
        });
    }

    @Override
    public synchronized void finished(Role from, Role next, boolean switched) {
        if (draining == from) {
            draining = null;
        }
    }
}
