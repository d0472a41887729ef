package org.dispotify.data.replication;

import java.util.Collection;
import java.util.List;

import org.dispotify.crdt.Rendezvous;

/**
 * Where songs live: rendezvous hashing of (song id, node id) over the live data nodes ({@link Rendezvous},
 * shared with the routers, which place personal-state documents the same way).
 */
public final class Placement {

    private Placement() {
    }

    /** Every node, best first: the owners, then who takes over when an owner is down. */
    public static List<String> rank(String songId, Collection<String> nodeIds) {
        return Rendezvous.rank(songId, nodeIds);
    }

    /** The {@code factor} best nodes for the song (all of them if fewer). */
    public static List<String> owners(String songId, Collection<String> nodeIds, int factor) {
        return Rendezvous.owners(songId, nodeIds, factor);
    }
}
