package org.dispotify.ring.view;

import reactor.core.publisher.Flux;

/** Read-only access to this node's ring, for other modules (the router's cluster page, replication). */
public interface RingView {

    /** The latest view; cheap, never blocks. */
    RingSnapshot snapshot();

    /** Ring events as they happen on this node (hot; late subscribers miss earlier events). */
    Flux<RingEvent> events();
}
