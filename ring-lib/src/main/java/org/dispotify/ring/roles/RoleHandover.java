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
}
