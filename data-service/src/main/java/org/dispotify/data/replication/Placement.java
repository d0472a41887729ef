package org.dispotify.data.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.dispotify.data.store.Sha256;

/**
 * Rendezvous (highest-random-weight) hashing: every node scores every song with a stable hash of
 * (song id, node id); a song's owners are the nodes with the highest scores. Every node computes the
 * same owners from the same member list, without coordination, and when a node joins or leaves only
 * the songs it wins or held move (about 1/n of them).
 */
public final class Placement {

    private Placement() {
    }

    /** The first 8 bytes of SHA-256(song id, 0, node id): stable across JVMs, versions and machines. */
    static long score(String songId, String nodeId) {
        MessageDigest digest = Sha256.digest();
        digest.update(songId.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(nodeId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    /** Every node, best first: the owners, then who takes over when an owner is down. */
    public static List<String> rank(String songId, Collection<String> nodeIds) {
        return nodeIds.stream()
                .distinct()
                .map(node -> new Scored(node, score(songId, node)))
                .sorted(Comparator.comparing(Scored::score, Long::compareUnsigned).reversed()
                        .thenComparing(Scored::node))
                .map(Scored::node)
                .toList();
    }

    /** The {@code factor} best nodes for the song (all of them if fewer). */
    public static List<String> owners(String songId, Collection<String> nodeIds, int factor) {
        List<String> ranked = rank(songId, nodeIds);
        return ranked.subList(0, Math.min(factor, ranked.size()));
    }

    private record Scored(String node, long score) {
    }
}
