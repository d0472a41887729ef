package org.dispotify.ring.membership;

import java.util.List;

import org.dispotify.ring.message.Peer;
import org.dispotify.ring.roles.Role;

import reactor.core.publisher.Mono;

/** What the ring needs from the name service: who is registered, and removing a dead member at once. */
public interface Directory {

    /** Members registered under any role group, without duplicates; empty when none (or none answers). */
    Mono<List<Peer>> members();

    /** Removes {@code nodeId} from {@code role}'s group; completes even if the record was absent. */
    Mono<Void> deregister(Role role, String nodeId);
}
