package org.dispotify.data.replication;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which data nodes are live now. Replication asks it before every placement decision; it may or may
 * not list this node itself (callers add or remove it by its role). Implementations: the ring's view
 * in a node process, the name service when there is no ring, a fixed list in tests.
 */
public interface DataNodeDirectory {

    /** The live data nodes as best known now; fails only when membership cannot be known at all. */
    Mono<List<DataNode>> liveDataNodes();

    /** Signals that the set of data nodes may have changed (hot; the payload says why, for logs). */
    default Flux<String> changes() {
        return Flux.never();
    }
}
