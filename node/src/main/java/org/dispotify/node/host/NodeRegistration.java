package org.dispotify.node.host;

import java.time.Duration;

import org.dispotify.ring.node.NodeProperties;
import org.dispotify.ring.naming.NameServiceClient;
import org.dispotify.ring.naming.NamingProperties;
import org.dispotify.ring.naming.Registration;
import org.dispotify.ring.roles.CurrentRole;
import org.dispotify.ring.roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Keeps this node registered in the name service under its current role's group, renewing every
 * TTL/3; on a role switch it leaves the old group and joins the new one, and on shutdown it leaves,
 * so listeners are not sent to a node that is going away.
 * <p>
 * Leaving is repeated at every renewal tick for one TTL after a switch: a renewal of the old group
 * still in flight when the node leaves can reach the name service after the delete and re-create the
 * record, and the name service then keeps it (its expiry check asks only whether the node is alive).
 * Clients would be sent to a data node for router work for good, and to a dead one once it dies.
 */
@Component
class NodeRegistration {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(3);
    /** Deletes of the old group's record after a switch: now, then at each renewal tick of the first TTL. */
    private static final int LEAVE_REPEATS = 4;

    private final NameServiceClient names;
    private final NodeProperties node;
    private final NamingProperties naming;
    private final CurrentRole currentRole;
    private Disposable renewals = () -> { };
    private Disposable roleChanges = () -> { };
    private Disposable leaving = () -> { };
    private volatile Role registeredAs;
    private boolean closed;

    NodeRegistration(NameServiceClient names, NodeProperties node, NamingProperties naming, CurrentRole currentRole) {
        this.names = names;
        this.node = node;
        this.naming = naming;
        this.currentRole = currentRole;
    }

    /** Registers once before the node reports ready, so `up` sees every node in the name service. */
    @EventListener(ApplicationReadyEvent.class)
    void joinNameService() {
        Role role = currentRole.get();
        try {
            names.register(registration(role)).block(Duration.ofSeconds(10));
            log.info("registered {} as {} at {}:{}", node.id(), role.groupName(), node.host(), node.port());
        } catch (RuntimeException e) {
            log.warn("first registration of {} failed, renewals will retry: {}", node.id(), e.getMessage());
        }
        follow(role);
        roleChanges = currentRole.changes().skip(1).subscribe(this::switchGroup);
    }

    private synchronized void follow(Role role) {
        if (closed) {
            return;
        }
        renewals.dispose();
        registeredAs = role;
        renewals = names.keepRegistered(registration(role));
    }

    private synchronized void switchGroup(Role next) {
        Role previous = registeredAs;
        follow(next);
        // A leave still repeating for the group this node now joins again must stop, or it deletes the new record.
        leaving.dispose();
        if (previous != null && previous != next && !closed) {
            leaving = Flux.interval(Duration.ZERO, renewalPeriod())
                    .take(LEAVE_REPEATS)
                    .onBackpressureDrop()
                    .concatMap(tick -> names.deregister(previous.groupName(), node.id()), 1)
                    .subscribe();
            log.info("role switch: {} left {} and joined {}", node.id(), previous.groupName(), next.groupName());
        }
    }

    private Duration renewalPeriod() {
        return Duration.ofMillis(Math.max(200, naming.ttlSeconds() * 1000L / 3));
    }

    private Registration registration(Role role) {
        return new Registration(role.groupName(), node.id(), node.host(), node.port(), naming.ttlSeconds());
    }

    /** On close, before the web server stops, so no listener is sent here while the node winds down. */
    @EventListener(ContextClosedEvent.class)
    synchronized void leaveNameService() {
        closed = true;
        roleChanges.dispose();
        leaving.dispose();
        renewals.dispose();
        Role role = registeredAs;
        registeredAs = null;
        if (role != null) {
            try {
                names.deregister(role.groupName(), node.id()).block(LEAVE_TIMEOUT);
                log.info("{} left {}", node.id(), role.groupName());
            } catch (RuntimeException e) {
                log.warn("{} could not leave {}: {}", node.id(), role.groupName(), e.getMessage());
            }
        }
    }
}
