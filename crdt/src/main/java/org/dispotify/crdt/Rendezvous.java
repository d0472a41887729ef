package org.dispotify.crdt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest-random-weight) hashing: every node scores every key with a stable hash of (key,
 * node id); a key's owners are the nodes with the highest scores. Every node, data or router, computes
 * the same owners from the same member list without coordination, and when a node joins or leaves only
 * the keys it wins or held move (about 1/n of them). Songs and documents are placed this way.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The first 8 bytes of SHA-256(key, 0, node id): stable across JVMs, versions and machines. */
    public static long score(String key, String nodeId) {
        MessageDigest digest = sha256();
        digest.update(key.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(nodeId.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    /** Every node, best first: the owners, then who takes over when an owner is down. */
    public static List<String> rank(String key, Collection<String> nodeIds) {
        return nodeIds.stream()
                .distinct()
                .map(node -> new Scored(node, score(key, node)))
                .sorted(Comparator.comparing(Scored::score, Long::compareUnsigned).reversed().thenComparing(Scored::node))
                .map(Scored::node)
                .toList();
    }

    /** The {@code factor} best nodes for the key (all of them if fewer). */
    public static List<String> owners(String key, Collection<String> nodeIds, int factor) {
        List<String> ranked = rank(key, nodeIds);
        return ranked.subList(0, Math.min(factor, ranked.size()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Scored(String node, long score) {
    }
}
