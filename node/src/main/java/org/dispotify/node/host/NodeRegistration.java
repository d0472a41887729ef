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

/**
 * Keeps this node registered in the name service under its current role's group, renewing every
 * TTL/3; on a role switch it leaves the old group and joins the new one, and on shutdown it leaves,
 * so listeners are not sent to a node that is going away.
 */
@Component
class NodeRegistration {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(3);

    private final NameServiceClient names;
    private final NodeProperties node;
    private final NamingProperties naming;
    private final CurrentRole currentRole;
    private Disposable renewals = () -> { };
    private Disposable roleChanges = () -> { };
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

    private void switchGroup(Role next) {
        Role previous = registeredAs;
        follow(next);
        if (previous != null && previous != next) {
            names.deregister(previous.groupName(), node.id()).subscribe();
            log.info("role switch: {} left {} and joined {}", node.id(), previous.groupName(), next.groupName());
        }
    }

    private Registration registration(Role role) {
        return new Registration(role.groupName(), node.id(), node.host(), node.port(), naming.ttlSeconds());
    }

    /** On close, before the web server stops, so no listener is sent here while the node winds down. */
    @EventListener(ContextClosedEvent.class)
    synchronized void leaveNameService() {
        closed = true;
        roleChanges.dispose();
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
