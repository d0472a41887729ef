package org.dispotify.ring.roles;

import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The role this node holds now. Only the active role's endpoints answer; the ring switches the
 * role at runtime for auto-role nodes, and every switch is published so the registration and the
 * role modules can follow.
 */
public final class CurrentRole {

    private final AtomicReference<Role> role;
    private final boolean pinned;
    private final Sinks.Many<Role> changes = Sinks.many().replay().latest();

    public CurrentRole(Role initial, boolean pinned) {
        this.role = new AtomicReference<>(initial);
        this.pinned = pinned;
        changes.tryEmitNext(initial);
    }

    public Role get() {
        return role.get();
    }

    /** A pinned node ({@code --role data|router}) never switches. */
    public boolean pinned() {
        return pinned;
    }

    /**
     * Switches to {@code next}; returns false, changing nothing, if the node is pinned or already
     * holds that role.
     */
    public synchronized boolean switchTo(Role next) {
        if (pinned || role.get() == next) {
            return false;
        }
        role.set(next);
        changes.tryEmitNext(next);
        return true;
    }

    /** The current role, then every later one. */
    public Flux<Role> changes() {
        return changes.asFlux();
    }
}
