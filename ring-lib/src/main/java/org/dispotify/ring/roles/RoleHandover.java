package org.dispotify.ring.roles;

import reactor.core.publisher.Mono;

/**
 * Work a role module must finish before this node may take a new role: a router that becomes a
 * data node first pulls the songs it will own, so it never registers as data while holding nothing.
 * The ring switches the role only after every handover has completed.
 */
public interface RoleHandover {

    /** Completes when this node is ready to serve {@code next}; an error cancels the switch. */
    Mono<Void> prepare(Role from, Role next);

    /**
     * After the switch, or after it was given up (a handover failed, the timeout passed): lets a
     * handover undo what it did while preparing (e.g. stop refusing new requests of the old role).
     * Called for every handover the switch involved, whether or not its own prepare ran.
     */
    default void finished(Role from, Role next, boolean switched) {
    }
}
